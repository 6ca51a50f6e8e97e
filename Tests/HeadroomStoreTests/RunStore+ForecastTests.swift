import Foundation
import GRDB
import HeadroomComponents
@testable import HeadroomStore
import Testing

/// Forecasts in the store: saved with their runs in one transaction, read back whole.
@Suite struct RunStoreForecastTests {
    static func record(runs: Int) -> ForecastRecord {
        let run = Fixtures.record()
        return ForecastRecord(
            createdAt: Date(timeIntervalSince1970: 1_750_000_000), modelName: "m", modelFile: "m.yaml",
            modelText: run.modelText, modelHash: run.modelHash, overrides: ["duration=1h"], axis: "traffic.scale",
            sloJSON: #"{"p99":0.5}"#, seed: 7, replications: 4, toolVersion: "test", status: "ok", saturation: 2.5,
            lower: 2.4, upper: 2.6, saturationRate: 5000, boundRate: 6000, bottleneck: "db.cores",
            nextBottleneck: "app.cores", wallSeconds: 1.5, resultJSON: #"{"status":"ok"}"#,
            runs: (0..<runs).map { ForecastRecord.Run(record: run, role: $0 == 0 ? "light" : "search", load: Double($0 + 1)) })
    }

    @Test func savesAndReadsAForecastWithItsRuns() throws {
        let store = try RunStore.inMemory()
        _ = try store.save([Fixtures.record()])  // a run before: forecast runs take the next ids
        let id = try store.save(Self.record(runs: 3))
        let stored = try #require(try store.forecast(id: id))
        #expect(stored.saturation == 2.5 && stored.lower == 2.4 && stored.upper == 2.6)
        #expect(stored.bottleneck == "db.cores" && stored.nextBottleneck == "app.cores")
        #expect(stored.overrides == ["duration=1h"])
        #expect(stored.runs.map(\.runID) == [2, 3, 4])
        #expect(stored.runs.map(\.role) == ["light", "search", "search"])
        #expect(stored.runs.map(\.load) == [1, 2, 3])
        #expect(stored.uid.count == 32)
        // Each run is its own group.
        for link in stored.runs {
            let run = try #require(try store.run(id: link.runID))
            #expect(run.groupID == link.runID)
        }
        #expect(try store.listForecasts().map(\.id) == [id])
        #expect(try store.forecast(id: 99) == nil)
    }

    @Test func aFailedSaveWritesNothing() throws {
        let store = try RunStore.inMemory()
        var bad = Self.record(runs: 2)
        bad.runs[1].role = "other"  // refused by the CHECK on forecast_runs.role
        #expect(throws: StoreError.self) { try store.save(bad) }
        #expect(try store.listForecasts().isEmpty)
        #expect(try store.listRuns().isEmpty)
    }
}
