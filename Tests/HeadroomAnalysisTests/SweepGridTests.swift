import Testing
@testable import HeadroomAnalysis
import HeadroomModeling

@Suite struct SweepGridTests {
    let units = SweepUnits(rate: Units.rate, duration: Units.duration, fraction: Units.fraction)

    @Test func commaLists() throws {
        #expect(try SweepGrid.axis("components.db.servers=2,4,8", units: units) == SweepAxis(path: "components.db.servers", values: ["2", "4", "8"]))
        #expect(try SweepGrid.values("100/s, 200/s", units: units) == ["100/s", "200/s"])
    }

    @Test func rateRange() throws {
        let values = try SweepGrid.values("100/s..1000/s:100/s", units: units)
        #expect(values == ["100/s", "200/s", "300/s", "400/s", "500/s", "600/s", "700/s", "800/s", "900/s", "1000/s"])
        #expect(try SweepGrid.values("0.5/s..0.7/s:0.1/s", units: units) == ["0.5/s", "0.6/s", "0.7/s"])
    }

    @Test func durationAndPlainRanges() throws {
        #expect(try SweepGrid.values("1s..5s:1s", units: units) == ["1s", "2s", "3s", "4s", "5s"])
        #expect(try SweepGrid.values("100ms..1s:300ms", units: units) == ["100ms", "400ms", "700ms", "1000ms"])
        #expect(try SweepGrid.values("1..10:3", units: units) == ["1", "4", "7", "10"])
        #expect(try SweepGrid.values("10%..30%:10%", units: units) == ["10%", "20%", "30%"])
    }

    @Test func badRanges() {
        #expect(throws: SweepGridError.self) { try SweepGrid.values("1..10:0", units: units) }
        #expect(throws: SweepGridError.self) { try SweepGrid.values("1..10:-1", units: units) }
        #expect(throws: SweepGridError.self) { try SweepGrid.values("10/s..1/s:1/s", units: units) }
        #expect(throws: SweepGridError.self) { try SweepGrid.values("1/s..5s:1/s", units: units) }
        #expect(throws: SweepGridError.self) { try SweepGrid.values("1..5", units: units) }
        // Ranges whose count overflows Int, or is not a number, are errors, not traps.
        #expect(throws: SweepGridError.self) { try SweepGrid.values("1..1e300:1", units: units) }
        #expect(throws: SweepGridError.self) { try SweepGrid.values("-1e308..1e308:1e-300", units: units) }
        #expect(throws: SweepGridError.self) { try SweepGrid.axis("noequals", units: units) }
        do {
            _ = try SweepGrid.values("1/s..5s:1/s", units: units)
        } catch {
            #expect("\(error)".contains("mixed units"))
        }
    }

    @Test func cartesianOrder() {
        let points = SweepGrid.points([
            SweepAxis(path: "a", values: ["1", "2"]), SweepAxis(path: "b", values: ["x", "y", "z"]),
        ])
        #expect(points == [
            ["a=1", "b=x"], ["a=1", "b=y"], ["a=1", "b=z"], ["a=2", "b=x"], ["a=2", "b=y"], ["a=2", "b=z"],
        ])
    }
}
