import Foundation
import GRDB
import HeadroomComponents
import Testing
@testable import HeadroomStore

/// Where a test's database lives. Every storage test runs against both, as GRDB's own tests do.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inMemory
    case onDisk

    var testDescription: String { rawValue }
}

/// A fresh directory under the system's temporary directory, removed by ``remove()``.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("HeadroomStoreTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Runs `body` with a new, empty store of the given kind, then deletes its file if any.
func withStore<T>(_ kind: StoreKind, _ body: (RunStore) throws -> T) throws -> T {
    switch kind {
    case .inMemory:
        return try body(RunStore.inMemory())
    case .onDisk:
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        return try body(RunStore(path: directory.path("runs.sqlite")))
    }
}

/// Runs `body` with a bare GRDB connection of the given kind (nothing migrated) and the path
/// a store on it would report.
func withQueue<T>(_ kind: StoreKind, _ body: (DatabaseQueue, String) throws -> T) throws -> T {
    switch kind {
    case .inMemory:
        return try body(DatabaseQueue(), ":memory:")
    case .onDisk:
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("runs.sqlite")
        return try body(DatabaseQueue(path: path), path)
    }
}

extension RunStore {
    /// Test helper: a single number from SQL.
    func double(_ sql: String, _ arguments: StatementArguments = []) throws -> Double? {
        try dbQueue.read { try Double.fetchOne($0, sql: sql, arguments: arguments) }
    }

    /// Test helper: a row count from SQL.
    func rowCount(_ table: String) throws -> Int {
        try dbQueue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table)") ?? -1 }
    }

    /// Test helper: rows in every table of the schema, to show that nothing was written.
    func allRowCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in [
            "runs", "run_metrics", "class_metrics", "component_metrics", "resource_metrics", "latency_histogram",
            "series", "alerts",
        ] {
            counts[table] = try rowCount(table)
        }
        return counts
    }
}

/// Hand-built results and records. Numbers mix exact binary fractions with ones that are not
/// (0.1, 1/3), so that round trips are tested on awkward doubles too.
enum Fixtures {
    static func counts(
        arrived: UInt64, completed: UInt64, rejected: UInt64 = 0, timedOut: UInt64 = 0,
        poolTimedOut: UInt64 = 0, failed: UInt64 = 0, inSystem: UInt64 = 0, clientTimedOut: UInt64 = 0,
        retries: UInt64 = 0
    ) -> RequestCounts {
        var counts = RequestCounts()
        counts.arrived = arrived
        counts.completed = completed
        counts.rejected = rejected
        counts.timedOut = timedOut
        counts.poolTimedOut = poolTimedOut
        counts.failed = failed
        counts.inSystem = inSystem
        counts.clientTimedOut = clientTimedOut
        counts.retries = retries
        return counts
    }

    static func latency(count: UInt64, mean: Double, p50: Double, p90: Double, p99: Double, p999: Double, max: Double)
        -> LatencySummary
    {
        var latency = LatencySummary()
        latency.count = count
        latency.mean = mean
        latency.p50 = p50
        latency.p90 = p90
        latency.p99 = p99
        latency.p999 = p999
        latency.max = max
        return latency
    }

    /// Queueing figures of one resource; the figures not given follow from those that are.
    static func resource(
        _ name: String, servers: Int, meanBusy: Double, meanQueue: Double, maxQueue: Int,
        arrivals: UInt64, completions: UInt64, rejected: UInt64 = 0, timedOut: UInt64 = 0,
        meanWait: Double, meanResponse: Double
    ) -> ResourceResult {
        ResourceResult(
            name: name, servers: servers, utilization: meanBusy / Double(servers), meanBusy: meanBusy,
            meanQueue: meanQueue, maxQueue: maxQueue, meanInStation: meanBusy + meanQueue, arrivals: arrivals,
            completions: completions, rejected: rejected, timedOut: timedOut, throughput: Double(completions) / 90,
            meanWait: meanWait, meanResponse: meanResponse)
    }

    /// The kind-specific metrics of the fixture's components, by component. Names with digits
    /// (`shard0_utilization`, `replica1_share`) check that they survive the snake-case decoder.
    static let componentMetrics: [String: [String: Double]] = [
        "db": [
            "reads": 3_000, "writes": 1_000, "replica_reads": 1_500, "stale_reads": 7,
            "stale_read_ratio": 7.0 / 1_500, "slow_queries": 3, "primary_utilization": 0.7,
            "replica1_utilization": 0.1, "shard0_utilization": 0.4, "shard0_queries": 4_000,
        ],
        "cache": [
            "hits": 9_000, "misses": 1_000, "hit_rate": 0.9, "sets": 1_000, "evictions": 12,
            "entries": 988,
        ],
        "lb": ["routed": 10_010, "imbalance": 1.1, "replica0_share": 0.45, "replica1_share": 0.55],
    ]

    /// Two classes (browse, checkout); four components: a plain station (api), a database with
    /// two nodes as resources (db), a cache and a load balancer with kind-specific metrics;
    /// histograms on both levels.
    static func result(
        model: String = "shop", seed: UInt64 = 42, status: RunStatus = .ok, statusReason: String? = nil,
        throughput: Double = 99.9, p99: Double = 0.25
    ) -> RunResult {
        let browse = ClassResult(
            name: "browse",
            requests: counts(
                arrived: 6_000, completed: 5_990, rejected: 4, timedOut: 3, poolTimedOut: 1, failed: 1, inSystem: 2),
            throughput: 59.9,
            latency: latency(count: 5_990, mean: 0.05, p50: 0.04, p90: 0.09, p99: 0.2, p999: 0.4, max: 0.61),
            histogram: [
                HistogramBucket(seconds: 0.0401, count: 3_000),
                HistogramBucket(seconds: 0.0902, count: 2_900),
                HistogramBucket(seconds: 0.61, count: 90),
            ])
        let checkout = ClassResult(
            name: "checkout",
            requests: counts(arrived: 4_010, completed: 4_000, rejected: 6, timedOut: 2, poolTimedOut: 2, inSystem: 2),
            throughput: 40,
            latency: latency(count: 4_000, mean: 1.0 / 3.0, p50: 0.3, p90: 0.5, p99: 0.75, p999: 0.9, max: 1.25),
            histogram: [
                HistogramBucket(seconds: 0.3, count: 2_000),
                HistogramBucket(seconds: 1.25, count: 2_000),
            ])
        let api = ComponentResult(
            name: "api", kind: .station,
            load: ResourceResult(
                name: "api", servers: 4, utilization: 0.625, meanBusy: 2.5, meanQueue: 0.1,
                maxQueue: 17, meanInStation: 2.6, arrivals: 10_010, completions: 9_990, rejected: 10,
                timedOut: 5, throughput: 99.9, meanWait: 0.001, meanResponse: 0.026))
        let db = ComponentResult(
            name: "db", kind: .database,
            load: ResourceResult(
                name: "db", servers: 2, utilization: 0.4, meanBusy: 0.8, meanQueue: 3.2,
                maxQueue: 40, meanInStation: 4.0, arrivals: 4_000, completions: 4_000, rejected: 0,
                timedOut: 0, throughput: 40, meanWait: 0.08, meanResponse: 0.1),
            metrics: componentMetrics["db"]!,
            resources: [
                resource("db.primary", servers: 1, meanBusy: 0.7, meanQueue: 3.0, maxQueue: 40, arrivals: 2_500,
                         completions: 2_500, meanWait: 0.12, meanResponse: 0.14),
                resource("db.replica1", servers: 1, meanBusy: 0.1, meanQueue: 0.2, maxQueue: 3, arrivals: 1_500,
                         completions: 1_500, meanWait: 1.0 / 3.0, meanResponse: 0.35),
            ])
        let cache = ComponentResult(
            name: "cache", kind: .cache,
            load: resource("cache", servers: 8, meanBusy: 0.5, meanQueue: 0, maxQueue: 1, arrivals: 10_000,
                           completions: 10_000, meanWait: 0, meanResponse: 0.0005),
            metrics: componentMetrics["cache"]!)
        // A load balancer has no servers of its own: its load is what it routed.
        let lbLoad = ResourceResult(
            name: "lb", servers: 0, utilization: 0, meanBusy: 0, meanQueue: 0, maxQueue: 0, meanInStation: 0,
            arrivals: 10_010, completions: 0, rejected: 0, timedOut: 0, throughput: 0, meanWait: 0, meanResponse: 0)
        let lb = ComponentResult(name: "lb", kind: .loadBalancer, load: lbLoad, metrics: componentMetrics["lb"]!)
        return RunResult(
            model: model, seed: seed, status: status, statusReason: statusReason,
            simulatedSeconds: 100, warmupSeconds: 10, events: 123_456,
            requests: counts(
                arrived: 10_010, completed: 9_990, rejected: 10, timedOut: 5, poolTimedOut: 3, failed: 1, inSystem: 4),
            throughput: throughput,
            latency: latency(count: 9_990, mean: 0.163, p50: 0.05, p90: 0.45, p99: p99, p999: 0.8, max: 1.25),
            classes: [browse, checkout], components: [api, db, cache, lb],
            histogram: [
                HistogramBucket(seconds: 0.0401, count: 3_000),
                HistogramBucket(seconds: 0.3, count: 4_900),
                HistogramBucket(seconds: 1.25, count: 2_090),
            ])
    }

    /// The metrics the fixture's series records per window, run-wide ('') and per component,
    /// in the order the engine writes them.
    static let seriesKeys: [(scope: String, metric: String)] = [
        ("", "throughput"), ("", "latency_p99"), ("", "error_rate"), ("", "in_system"),
        ("api", "utilization"), ("api", "queue"), ("db", "utilization"), ("db", "queue"), ("cache", "hit_rate"),
    ]

    /// ``result(model:seed:status:statusReason:throughput:p99:)`` with what a run over time
    /// adds: a series of `windows` windows of 10 s (the last one partial: 5.5 s), three alerts
    /// (one resolved, two still firing, two fired at the same time), recovery figures, a cost,
    /// retries and client timeouts.
    static func timedResult(seed: UInt64 = 42, windows: Int = 10, recovery: Recovery? = Fixtures.recovery)
        -> RunResult
    {
        var result = Self.result(seed: seed)
        result.requests.retries = 500
        result.requests.clientTimedOut = 37
        result.classes[0].requests.retries = 300
        result.classes[0].requests.clientTimedOut = 30
        result.classes[1].requests.retries = 200
        result.classes[1].requests.clientTimedOut = 7
        var series: [SeriesPoint] = []
        for w in 0..<windows {
            let time = w == windows - 1 ? Double(w) * 10 + 5.5 : Double(w + 1) * 10
            for (k, key) in seriesKeys.enumerated() {
                // Awkward doubles: thirds, tenths, and the spike in windows 3–5.
                let spike = (3...5).contains(w) ? 10.0 : 1.0
                series.append(SeriesPoint(
                    time: time, scope: key.scope, metric: key.metric,
                    value: Double(k + 1) / 3 * spike + Double(w) / 10))
            }
        }
        result.series = series
        result.alerts = [
            AlertEvent(name: "p99 high", scope: "", metric: "latency_p99", threshold: 0.5, firedAt: 40,
                       resolvedAt: 70, peak: 2.0 / 3.0 * 10),
            AlertEvent(name: "db queue", scope: "db", metric: "queue", threshold: 1.0 / 3.0, firedAt: 40,
                       resolvedAt: nil, peak: 28.0 / 3.0),
            AlertEvent(name: "api busy", scope: "api", metric: "utilization", threshold: 0.8, firedAt: 50.5,
                       resolvedAt: nil, peak: 5.0 / 3.0 * 10),
        ]
        result.recovery = recovery
        result.cost = 12.345
        return result
    }

    /// Recovery figures: the SLO broke from 30 s to 60 s and held again after.
    static let recovery = Recovery(
        peakBacklog: 1_234, secondsInViolation: 30, firstViolation: 30, sloHoldsAgainAt: 60, timeToRecover: 30,
        violatedAtEnd: false, requestsLost: 512)

    /// A record around ``result(model:seed:status:statusReason:throughput:p99:)``, created at a
    /// whole millisecond so that it round-trips exactly.
    static func record(
        model: String = "shop", seed: UInt64 = 42, at seconds: Double = 1_750_000_000.123,
        replication: Int = 0, of replicationCount: Int = 1, result: RunResult? = nil
    ) -> RunRecord {
        RunRecord(
            createdAt: Date(timeIntervalSince1970: seconds),
            modelName: model,
            modelFile: "models/\(model).yaml",
            modelText: "name: \(model)\nstations:\n  api: {servers: 4}\n",
            modelHash: "0123456789abcdef",
            seed: seed,
            overrides: ["stations.api.servers=4", "duration=100s"],
            toolVersion: "0.1.0",
            wallSeconds: 0.75,
            replication: replication,
            replicationCount: replicationCount,
            result: result ?? Self.result(model: model, seed: seed))
    }
}
