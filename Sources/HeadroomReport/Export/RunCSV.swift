import Foundation
import HeadroomStore

/// The run exports for notebooks: `headroom runs list --csv` and `headroom runs show ID --csv`.
public enum RunCSV {
    /// The columns of the run list, in order. Latencies are seconds; `error_rate` is errors
    /// over completed plus errors, as the SLO judges it; `created_at` is ISO-8601 UTC.
    public static let listHeader = [
        "id", "created_at", "model", "seed", "status", "status_reason", "simulated_seconds", "wall_seconds", "events",
        "throughput", "latency_mean", "latency_p50", "latency_p90", "latency_p99", "latency_p999", "latency_max",
        "requests_arrived", "requests_completed", "errors", "error_rate", "cost", "group_id", "replication",
        "replication_count",
    ]

    /// One row per run, in the listing's order. `metrics` holds each run's `run_metrics`
    /// (``RunStore/runMetrics(runIDs:)``); a metric a run lacks is written as `nan`.
    public static func list(_ runs: [RunListing], metrics: [Int64: [String: Double]]) -> String {
        let rows = runs.map { r -> [String] in
            let m = metrics[r.id] ?? [:]
            func value(_ name: String) -> String { CSV.number(m[name] ?? .nan) }
            let errorNames = ["requests_rejected", "requests_timed_out", "requests_pool_timed_out", "requests_failed",
                              "requests_client_timed_out"]
            let errors = errorNames.reduce(0.0) { $0 + (m[$1] ?? 0) }
            let finished = (m["requests_completed"] ?? 0) + errors
            return [
                String(r.id), timestamp(r.createdAt), r.modelName, String(r.seed), r.status.rawValue, r.statusReason ?? "",
                CSV.number(r.simulatedSeconds), CSV.number(r.wallSeconds), String(r.events),
                value("throughput"), value("latency_mean"), value("latency_p50"), value("latency_p90"), value("latency_p99"),
                value("latency_p999"), value("latency_max"), value("requests_arrived"), value("requests_completed"),
                CSV.number(errors), CSV.number(finished > 0 ? errors / finished : 0), value("cost"),
                String(r.groupID), String(r.replication), String(r.replicationCount),
            ]
        }
        return CSV.text(header: listHeader, rows: rows)
    }

    /// A run's summary metrics in long form, `scope,name,metric,value`: scope `run` (name empty),
    /// `class`, `component` or `resource` (a replica's threads or cores, a database node or shard).
    public static func show(_ rows: [MetricRow]) -> String {
        CSV.text(header: ["scope", "name", "metric", "value"],
                 rows: rows.map { [$0.scope, $0.name, $0.metric, CSV.number($0.value)] })
    }

    /// ISO-8601 UTC with milliseconds, as the store writes it: `2025-06-15T15:06:40.123Z`
    /// (rounded to the millisecond by hand: the format style's fraction is not exact).
    static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let fraction = ((milliseconds % 1000) + 1000) % 1000
        let seconds = (milliseconds - fraction) / 1000
        let day = ReportText.timestamp(Date(timeIntervalSince1970: Double(seconds)))
        return day.replacingOccurrences(of: " ", with: "T") + String(format: ".%03dZ", Int(fraction))
    }
}
