import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomModeling
import HeadroomStore
@testable import HeadroomReport

/// Stores made for the report tests: real simulations of small models, saved as the CLI saves
/// them, so that a report reads exactly what a user's store holds.
enum ReportFixtures {
    /// The package root (for models/).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A shop behind a balancer with a cache, a pool and a database, an SLO, an alert and a
    /// spike that fires it: every section and chart of a run report has data. About 0.2 s.
    static let spikyShop = """
        name: spiky-shop
        duration: 4m
        warmup: 20s
        window: 5s
        seed: 3
        slo: { p99: 200ms, errors: 1% }
        alerts:
          - { name: "p99 > 200ms <hot> & \\"loud\\"", metric: latency_p99, above: 200ms, for: 10s }
        traffic:
          rate: 300/s
          profile: { spike: { at: 90s, for: 60s, factor: 4, rise: 5s } }
          classes:
            browse: { share: 90%, keys: { count: 1000, zipf: 1.0 } }
            buy: { share: 10%, keys: { count: 1000 } }
        components:
          lb: { type: load_balancer, policy: round_robin, backend: app }
          app: { type: app_server, replicas: 2, threads: 16, cores: 2, backlog: 200 }
          products: { type: cache, ttl: 1m, service: 200us }
          pool: { type: pool, size: 8, acquire_timeout: 1s }
          db: { type: database, cores: 2 }
          mails: { type: queue, workers: 4, job: [ { delay: { exponential: 50ms } } ] }
        flows:
          browse:
            - work: app
              time: { exponential: 5ms }
            - cache_get: products
              on_miss:
                - with: pool
                  do: [ { read: db, time: { exponential: 4ms } } ]
                - cache_set: products
          buy:
            - work: app
              time: { exponential: 8ms }
            - with: pool
              do: [ { write: db, time: { exponential: 6ms } } ]
            - invalidate: products
            - enqueue: mails
        """

    /// A record of `result` as `headroom run` would save it.
    static func record(_ loaded: LoadedModel, _ result: RunResult, replication: Int = 0, of count: Int = 1) -> RunRecord {
        RunRecord(
            createdAt: Date(timeIntervalSince1970: 1_750_000_000), modelName: loaded.name, modelFile: loaded.file,
            modelText: loaded.text, modelHash: "0123456789abcdef", seed: result.seed, overrides: loaded.overrides,
            toolVersion: "test", wallSeconds: 0.25, replication: replication, replicationCount: count, result: result)
    }

    /// `text` simulated with `overrides` and saved in a new in-memory store; returns the store
    /// and the run id.
    static func storedRun(_ text: String = spikyShop, file: String = "models/spiky-shop.yaml", overrides: [String] = [],
                          replications: Int = 1) throws -> (store: RunStore, id: Int64) {
        let store = try RunStore.inMemory()
        var records: [RunRecord] = []
        for r in 0..<replications {
            let loaded = try ModelLoader.load(text: text, file: file, overrides: overrides, seed: 3 + UInt64(r))
            records.append(record(loaded, Simulation.run(loaded.spec), replication: r, of: replications))
        }
        let ids = try store.save(records)
        return (store, ids[0])
    }

    /// A 2 × 4 sweep of the M/M/c model (servers × rate, short runs) in a new in-memory store;
    /// returns the store and the sweep id.
    static func storedSweep(points: Int? = nil) throws -> (store: RunStore, id: Int64) {
        let store = try RunStore.inMemory()
        let file = "models/textbook/mmc.yaml"
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        let base = ["duration=20000s", "warmup=200s"]
        let rates = ["2/s", "2.8/s", "3.4/s", "3.8/s"]
        let axes = [SweepAxis(path: "components.servers.servers", values: ["4", "5"]),
                    SweepAxis(path: "traffic.rate", values: rates)]
        let grid = axes[0].values.flatMap { s in rates.map { ["components.servers.servers=\(s)", "traffic.rate=\($0)"] } }
        let sweepID = try store.createSweep(SweepRecord(
            createdAt: Date(timeIntervalSince1970: 1_750_000_000), modelName: "mmc", modelFile: file, modelText: text,
            gridJSON: String(decoding: try JSONEncoder().encode(axes), as: UTF8.self), baseOverrides: base,
            replications: 1, seed: 1, points: grid.count))
        for (index, point) in grid.prefix(points ?? grid.count).enumerated() {
            let loaded = try ModelLoader.load(text: text, file: file, overrides: base + point)
            try store.save([record(loaded, Simulation.run(loaded.spec))], sweepID: sweepID, point: index,
                           overrides: base + point)
        }
        return (store, sweepID)
    }

    /// A saturation search of M/M/1 along the traffic factor (p99 ≤ 30 s, short runs, two
    /// replications) stored as `headroom saturate` stores it; returns the store and the id.
    static func storedForecast() throws -> (store: RunStore, id: Int64) {
        let store = try RunStore.inMemory()
        let file = "models/textbook/mm1.yaml"
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        let base = ["duration=40000s", "warmup=1000s"]
        var settings = SaturationSearch.Settings()
        settings.replications = 2
        settings.maxReplications = 2
        settings.precision = 0.5
        settings.jobs = 2
        let search = SaturationSearch(axis: .load, start: 1, serviceLevel: ServiceLevel(p99: 30), settings: settings) { value in
            try ModelLoader.load(text: text, file: file, overrides: base + ["traffic.scale=\(value)"]).spec
        }
        let outcome = try search.run()
        let forecast = outcome.forecast
        let loaded = try ModelLoader.load(text: text, file: file, overrides: base)
        let runs = outcome.runs.map { run in
            ForecastRecord.Run(
                record: record(loaded, run.result), role: run.probe.role.rawValue, load: run.probe.value)
        }
        let id = try store.save(ForecastRecord(
            createdAt: Date(timeIntervalSince1970: 1_750_000_000), modelName: loaded.name, modelFile: file, modelText: text,
            modelHash: "0123456789abcdef", overrides: base, axis: forecast.axis.name,
            sloJSON: try ForecastRecord.encode(forecast.slo), seed: forecast.seed, replications: forecast.replications,
            toolVersion: "test", status: forecast.status.rawValue, saturation: forecast.saturation, lower: forecast.lower,
            upper: forecast.upper, saturationRate: forecast.saturationRate, boundRate: forecast.bound?.rate,
            bottleneck: forecast.bottleneck?.resource, nextBottleneck: forecast.next?.bottlenecks.first?.resource,
            wallSeconds: 1, resultJSON: try ForecastRecord.encode(forecast), runs: runs))
        return (store, id)
    }

    /// The ids of every element with an `id` attribute, in document order.
    static func ids(_ html: String) -> [String] {
        html.components(separatedBy: " id=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }

    /// How often `needle` occurs in `haystack`.
    static func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }
}
