import Foundation
import HeadroomComponents
import HeadroomStore

/// A hand-made result of a run over time (the engine's series, alerts and recovery figures,
/// made up), for the report and for `headroom runs series` against a store written here.
enum TimedFixture {
    /// The series recorded per window, run-wide ('') and per component, in engine order.
    static let keys: [(scope: String, metric: String)] = [
        ("", "throughput"), ("", "latency_p99"), ("", "error_rate"), ("", "in_system"),
        ("api", "utilization"), ("api", "queue"), ("db", "utilization"), ("db", "queue"),
    ]

    static func counts(arrived: UInt64, completed: UInt64, retries: UInt64 = 0, clientTimedOut: UInt64 = 0)
        -> RequestCounts
    {
        var counts = RequestCounts()
        counts.arrived = arrived
        counts.completed = completed
        counts.retries = retries
        counts.clientTimedOut = clientTimedOut
        counts.rejected = arrived - completed - clientTimedOut
        return counts
    }

    static func latency(mean: Double, p99: Double) -> LatencySummary {
        var latency = LatencySummary()
        latency.count = 1_000
        latency.mean = mean
        latency.p50 = mean / 2
        latency.p90 = mean * 2
        latency.p99 = p99
        latency.p999 = p99 * 1.5
        latency.max = p99 * 2
        return latency
    }

    static func resource(_ name: String, servers: Int, utilization: Double) -> ResourceResult {
        ResourceResult(
            name: name, servers: servers, utilization: utilization, meanBusy: utilization * Double(servers),
            meanQueue: 1.5, maxQueue: 12, meanInStation: 3, arrivals: 1_000, completions: 990, rejected: 10,
            timedOut: 0, throughput: 9.9, meanWait: 0.05, meanResponse: 0.15)
    }

    /// Windows of 10 s over 60 s; the spike breaks the SLO in windows 2–3.
    static func result(
        seed: UInt64 = 7, windows: Int = 6, retries: UInt64 = 120, clientTimedOut: UInt64 = 35, cost: Double = 4.25,
        recovery: Recovery? = TimedFixture.recovery, alerts: [AlertEvent] = TimedFixture.alerts
    ) -> RunResult {
        let requests = counts(arrived: 1_120, completed: 1_050, retries: retries, clientTimedOut: clientTimedOut)
        var series: [SeriesPoint] = []
        for w in 0..<windows {
            let spike = (2...3).contains(w) ? 8.0 : 1.0
            for (k, key) in keys.enumerated() {
                series.append(SeriesPoint(
                    time: Double(w + 1) * 10, scope: key.scope, metric: key.metric,
                    value: (Double(k) + 0.1) * spike + Double(w) / 3))
            }
        }
        return RunResult(
            model: "spiky", seed: seed, status: .ok, statusReason: nil, simulatedSeconds: Double(windows) * 10,
            warmupSeconds: 0, events: 50_000, requests: requests, throughput: 17.5,
            latency: latency(mean: 0.08, p99: 0.6),
            classes: [
                ClassResult(name: "default", requests: requests, throughput: 17.5,
                            latency: latency(mean: 0.08, p99: 0.6), histogram: [HistogramBucket(seconds: 0.6, count: 1_000)]),
            ],
            components: [
                ComponentResult(name: "api", kind: .station, load: resource("api", servers: 4, utilization: 0.5)),
                ComponentResult(name: "db", kind: .station, load: resource("db", servers: 2, utilization: 0.9)),
            ],
            histogram: [HistogramBucket(seconds: 0.6, count: 1_000)],
            series: series, alerts: alerts, recovery: recovery, cost: cost)
    }

    static let alerts = [
        AlertEvent(name: "p99-high", scope: "", metric: "latency_p99", threshold: 0.5, firedAt: 30, resolvedAt: 50,
                   peak: 1.84),
        AlertEvent(name: "db-busy", scope: "db", metric: "utilization", threshold: 0.8, firedAt: 40, resolvedAt: nil,
                   peak: 0.97),
    ]

    static let recovery = Recovery(
        peakBacklog: 1_234, secondsInViolation: 20, firstViolation: 20, sloHoldsAgainAt: 40, timeToRecover: 20,
        violatedAtEnd: false, requestsLost: 512)

    /// Saves `results` as one group into a new store file in a fresh directory; returns the
    /// file and the ids.
    static func store(_ results: [RunResult]) throws -> (db: String, ids: [Int64]) {
        let db = CLI.temporaryDirectory().appendingPathComponent("runs.sqlite").path
        let records = results.enumerated().map { index, result in
            RunRecord(
                createdAt: Date(timeIntervalSince1970: 1_750_000_000), modelName: result.model,
                modelFile: "models/\(result.model).yaml", modelText: "name: \(result.model)\n",
                modelHash: "0123456789abcdef", seed: result.seed, overrides: [], toolVersion: "test",
                wallSeconds: 0.5, replication: index, replicationCount: results.count, result: result)
        }
        return (db, try RunStore(path: db).save(records))
    }
}
