import GRDB

/// One row of a run's long metric tables, read back for exports.
public struct MetricRow: Sendable, Equatable {
    /// Which table: `run` (run-wide), `class`, `component` or `resource`.
    public var scope: String
    /// The class, component or resource name; "" for run-wide metrics.
    public var name: String
    /// The metric, e.g. `latency_p99`, `utilization`, `hit_rate`.
    public var metric: String
    /// The value; NaN where the run recorded none (stored as NULL).
    public var value: Double
}

extension RunStore {
    /// Every summary metric of run `runID` from `run_metrics`, `class_metrics`,
    /// `component_metrics` and `resource_metrics`, in that order, each by name then metric as
    /// stored (components and resources in model order); empty when the run does not exist.
    public func metricRows(runID: Int64) throws -> [MetricRow] {
        do {
            return try dbQueue.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT 'run' AS scope, '' AS name, metric, value, 0 AS part, rowid AS position
                      FROM run_metrics WHERE run_id = ?1
                    UNION ALL
                    SELECT 'class', class, metric, value, 1, rowid FROM class_metrics WHERE run_id = ?1
                    UNION ALL
                    SELECT 'component', component, metric, value, 2, rowid FROM component_metrics WHERE run_id = ?1
                    UNION ALL
                    SELECT 'resource', resource, metric, value, 3, rowid FROM resource_metrics WHERE run_id = ?1
                    ORDER BY part, position
                    """, arguments: [runID]
                ).map(Self.metricRow)
            }
        } catch {
            throw StoreError.reading(path, error)
        }
    }

    /// The run-wide metrics (`run_metrics`) of each run in `runIDs`, keyed by run id then
    /// metric; NaN where the run recorded none. Runs that do not exist are left out.
    public func runMetrics(runIDs: [Int64]) throws -> [Int64: [String: Double]] {
        guard !runIDs.isEmpty else { return [:] }
        do {
            return try dbQueue.read { db in
                var metrics: [Int64: [String: Double]] = [:]
                // SQLite limits the number of parameters of one statement: ask in chunks.
                for start in stride(from: 0, to: runIDs.count, by: 500) {
                    let chunk = Array(runIDs[start..<min(start + 500, runIDs.count)])
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    let rows = try Row.fetchAll(
                        db, sql: "SELECT run_id, metric, value FROM run_metrics WHERE run_id IN (\(marks))",
                        arguments: StatementArguments(chunk))
                    for row in rows {
                        let id: Int64 = row["run_id"]
                        let metric: String = row["metric"]
                        metrics[id, default: [:]][metric] = (row["value"] as Double?) ?? .nan
                    }
                }
                return metrics
            }
        } catch {
            throw StoreError.reading(path, error)
        }
    }

    private static func metricRow(_ row: Row) -> MetricRow {
        MetricRow(scope: row["scope"], name: row["name"], metric: row["metric"], value: (row["value"] as Double?) ?? .nan)
    }
}
