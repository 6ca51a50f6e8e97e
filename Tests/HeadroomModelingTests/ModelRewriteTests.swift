import Foundation
import HeadroomComponents
import HeadroomModeling
import Testing

/// `ModelLoader.text(_:file:applying:header:)`, which `headroom plan -o` writes: the text with
/// the overrides in it loads to the same spec as the original text with the overrides.
@Suite struct ModelRewriteTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(arguments: ["models/full-saas.yaml", "models/sharding-by-tenant.yaml", "models/textbook/mmc.yaml"])
    func rewrittenModelLoadsAsTheOverriddenOne(model: String) throws {
        let path = Self.root.appendingPathComponent(model).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let overrides = model.hasSuffix("mmc.yaml") ? ["components.servers.servers=9", "traffic.rate=7/s"]
            : ["duration=300s", "warmup=30s"]
        let rewritten = try ModelLoader.text(text, file: model, applying: overrides, header: ["planned", "second line"])
        #expect(rewritten.hasPrefix("# planned\n# second line\n"))
        let expected = try ModelLoader.load(text: text, file: model, overrides: overrides).spec
        #expect(try ModelLoader.load(text: rewritten, file: model).spec == expected)
    }

    @Test func aBadOverrideIsTheLoadersError() {
        #expect(throws: ModelError.self) {
            try ModelLoader.text(Self.minimalModelText, file: "m.yaml", applying: ["components..servers=2"])
        }
    }

    static let minimalModelText = """
        duration: 100s
        traffic: { rate: 2/s }
        components:
          server: { type: station, service: 1ms }
        flows:
          default: [ { visit: server } ]
        """
}
