import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomModeling
import HeadroomStore

/// The headline figures of a sweep's stored points, as `headroom sweep`, `headroom sweeps show`
/// and their `--json` and `--csv` print them.
///
/// Made from the results as the store holds them (read back, or just saved: JSON gives every
/// number back exactly), so a sweep that was interrupted and resumed, or run in shards and
/// merged, prints exactly what an uninterrupted one does.
struct SweepSummary {
    /// One point: its replications pooled (`RunResult.pooled`).
    struct Point: Encodable {
        /// Index in the grid, from 0 (as `sweep_points.point`).
        var point: Int
        /// The point's axis overrides, `PATH=VALUE`.
        var overrides: [String]
        /// Axis path → value as written.
        var values: [String: String]
        var runIds: [Int64]
        /// The worst replication's verdict: `ok`, `slo_missed` or `unstable`.
        var status: String
        /// Completed requests per simulated second.
        var throughput: Double
        /// Seconds.
        var meanLatency: Double
        /// Seconds, from the pooled histogram.
        var p50: Double
        /// Seconds, from the pooled histogram.
        var p95: Double
        /// Seconds, from the pooled histogram.
        var p99: Double
        /// errors / (completed + errors), 0 … 1.
        var errorRate: Double
        /// The group of resources with the highest utilization (its busiest member's, see
        /// `ResourceLoad`), e.g. `db.shard1.primary`; nil for a model without resources.
        var topComponent: String?
        /// Its utilization, 0 … 1.
        var topUtilization: Double?
    }

    var axes: [SweepAxis]
    var points: [Point]

    /// The summary of a sweep's stored points.
    init(axes: [SweepAxis], runs: [SweepPointRuns]) {
        let grid = SweepGrid.points(axes)
        self.init(axes: axes, points: runs.compactMap { stored in
            Self.point(stored.point, runIDs: stored.runIDs, results: stored.results, axes: axes, grid: grid)
        })
    }

    init(axes: [SweepAxis], points: [Point]) {
        self.axes = axes
        self.points = points.sorted { $0.point < $1.point }
    }

    /// One point's line from its runs' results (by replication); nil without results.
    static func point(_ index: Int, runIDs: [Int64], results: [RunResult], axes: [SweepAxis], grid: [[String]]) -> Point? {
        guard !results.isEmpty else { return nil }
        // Pooled from the 1 % bins the store keeps, not the full histograms fresh runs carry, so
        // that a sweep resumed or read back from its store prints the same table.
        let pooled = RunResult.pooled(results.map { result in
            var binned = result
            binned.fineHistogram = []
            for k in binned.classes.indices { binned.classes[k].fineHistogram = [] }
            return binned
        })
        // The busiest group of resources (a hot shard or replica by itself, never an average).
        let top = pooled.resourceLoads.max { $0.utilization < $1.utilization }
        let overrides = index < grid.count ? grid[index] : []
        var values: [String: String] = [:]
        for (axis, override) in zip(axes, overrides) {
            values[axis.path] = String(override.dropFirst(axis.path.count + 1))
        }
        return Point(
            point: index, overrides: overrides, values: values, runIds: runIDs,
            status: (pooled.verdict ?? (pooled.status == .unstable ? .unstable : .ok)).rawValue, throughput: pooled.throughput, meanLatency: pooled.latency.mean,
            p50: pooled.latency.p50, p95: RunResult.percentile(95, of: pooled.histogram), p99: pooled.latency.p99,
            errorRate: Comparison.errorRate(pooled), topComponent: top?.name, topUtilization: top?.utilization)
    }

    /// Reads a sweep's summary from the store.
    ///
    /// - throws: ``Failure`` when the store cannot be read or the sweep's grid is not readable.
    static func load(_ sweep: StoredSweep, from store: RunStore) throws -> SweepSummary {
        guard let axes = SweepGrid.axes(json: sweep.record.gridJSON) else {
            throw Failure("sweep \(sweep.id): its grid cannot be read: \(sweep.record.gridJSON)")
        }
        do {
            return SweepSummary(axes: axes, runs: try store.sweepPointRuns(sweepID: sweep.id))
        } catch {
            throw Failure("\(error)")
        }
    }

    /// The table: point (from 1), each axis, the verdict (against the model's SLO), throughput,
    /// p99, the error rate and the most utilized resource.
    var table: String {
        var rows = [["point"] + axes.map(\.path) + ["verdict", "throughput", "p99", "errors", "most utilized"]]
        for p in points {
            rows.append(
                [String(p.point + 1)] + axes.map { p.values[$0.path] ?? "" }
                    + [p.status, Format.number(p.throughput) + "/s", Format.duration(p.p99), Format.percent(p.errorRate),
                       p.topComponent.map { "\($0) \(Format.percent(p.topUtilization ?? 0))" } ?? "-"])
        }
        return Format.table(rows)
    }

    // MARK: CSV

    /// The CSV header for sweeps with these axis paths (in this order).
    static func csvHeader(axisPaths: [String]) -> String {
        (["sweep", "model", "point"] + axisPaths.map(csvField) + [
            "replications", "verdict", "throughput", "latency_mean", "latency_p50", "latency_p95", "latency_p99",
            "error_rate", "top_component", "top_utilization",
        ]).joined(separator: ",")
    }

    /// One CSV line per point, with columns for `axisPaths` (empty where this sweep has no such
    /// axis). Axis values are in base units (requests per second, seconds, fractions) when they
    /// have a unit, as written otherwise; figures are at full precision, `nan` for no number.
    func csvLines(sweepID: Int64, model: String, replications: Int, axisPaths: [String]) -> [String] {
        let units = SweepUnits(rate: Units.rate, duration: Units.duration, fraction: Units.fraction)
        return points.map { p in
            let values = axisPaths.map { path -> String in
                guard let text = p.values[path] else { return "" }
                return SweepGrid.baseValue(text, units: units).map(Self.number) ?? Self.csvField(text)
            }
            let figures = [p.throughput, p.meanLatency, p.p50, p.p95, p.p99, p.errorRate].map { "\($0)" }
            let top = [p.topComponent.map(Self.csvField) ?? "", p.topUtilization.map { "\($0)" } ?? ""]
            return ([String(sweepID), Self.csvField(model), String(p.point)] + values
                + [String(replications), p.status] + figures + top).joined(separator: ",")
        }
    }

    /// A number at full precision; a whole one without a fraction (`4`, not `4.0`).
    static func number(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    static func csvField(_ text: String) -> String {
        RunsCommand.Series.csvField(text)
    }
}
