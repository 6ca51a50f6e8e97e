import Foundation
import HeadroomComponents
@testable import HeadroomModeling
import Testing

/// `traffic.scale`, the multiplier of all traffic, and reading a model's value at a path.
@Suite struct TrafficScaleTests {
    static let classes = """
        name: shop
        duration: 100s
        traffic:
          rate: 100/s
          scale: 2.5
          classes:
            browse: { share: 100% }
            buy:    { rate: 4/s }
        components:
          web: { type: station, servers: 2, service: { exponential: 10ms } }
        flows:
          browse: [ { visit: web } ]
          buy:    [ { visit: web } ]
        """

    @Test func scaleMultipliesSharesAndOwnRates() throws {
        let spec = try ModelLoader.load(text: Self.classes, file: "shop.yaml").spec
        #expect(abs(spec.classes[0].rate - 250) < 1e-9)
        #expect(abs(spec.classes[1].rate - 10) < 1e-9)
        #expect(abs(spec.offeredRate - 260) < 1e-9)
    }

    @Test func scaleIsAnOverride() throws {
        let spec = try ModelLoader.load(text: minimalModel, file: "mm1.yaml", overrides: ["traffic.scale=3"]).spec
        let plain = try ModelLoader.load(text: minimalModel, file: "mm1.yaml").spec
        #expect(abs(spec.classes[0].rate - 3 * plain.classes[0].rate) < 1e-12)
    }

    @Test(arguments: ["0", "-2", "fast", "2/s"])
    func aBadScaleNamesTheKey(value: String) throws {
        #expect {
            try ModelLoader.load(text: minimalModel, file: "mm1.yaml", overrides: ["traffic.scale=\(value)"])
        } throws: { error in
            let text = "\(error)"
            return text.contains("traffic.scale") && text.contains("a number > 0")
        }
    }

    @Test func scalarAtPath() {
        #expect(ModelLoader.scalar(atPath: "traffic.rate", text: Self.classes, file: "shop.yaml") == "100/s")
        #expect(ModelLoader.scalar(atPath: "traffic.classes.buy.rate", text: Self.classes, file: "shop.yaml") == "4/s")
        #expect(ModelLoader.scalar(atPath: "flows.buy.0.visit", text: Self.classes, file: "shop.yaml") == "web")
        #expect(ModelLoader.scalar(atPath: "traffic.classes", text: Self.classes, file: "shop.yaml") == nil)
        #expect(ModelLoader.scalar(atPath: "traffic.nope", text: Self.classes, file: "shop.yaml") == nil)
        #expect(ModelLoader.scalar(
            atPath: "traffic.rate", text: Self.classes, file: "shop.yaml", overrides: ["traffic.rate=7/s"]) == "7/s")
    }
}
