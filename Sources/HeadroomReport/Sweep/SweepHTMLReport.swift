import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomStore

/// The HTML report of a stored sweep: summary, latency (mean and p99) against the swept value
/// with the SLO and the knee, throughput and utilization per component against it, a table of
/// the points and the topology.
///
/// The x axis is the axis with the most values (the load, usually); every combination of the
/// other axes draws its own line. Replications of a point are pooled.
public struct SweepHTMLReport: Sendable {
    /// One finished point of the sweep, its replications pooled.
    public struct Point: Sendable {
        /// Position in the grid, from 0.
        public var index: Int
        /// Every override of the point: base overrides, then one per axis.
        public var overrides: [String]
        public var runIDs: [Int64]
        public var result: RunResult
    }

    public var sweep: StoredSweep
    /// The grid's axes, in the order given to `headroom sweep`.
    public var axes: [SweepAxis]
    /// Finished points, by index.
    public var points: [Point]
    /// The model rebuilt with the first point's overrides (topology and SLO); nil when that
    /// failed (``specProblem`` says why).
    public var spec: SimulationSpec?
    public var specProblem: String?

    public init(sweep: StoredSweep, axes: [SweepAxis], points: [Point], spec: SimulationSpec?, specProblem: String? = nil) {
        self.sweep = sweep
        self.axes = axes
        self.points = points
        self.spec = spec
        self.specProblem = specProblem
    }

    /// Reads sweep `id`, its finished points and their runs from `store`.
    ///
    /// - throws: ``ReportError`` when there is no such sweep, `StoreError` when the store
    ///   cannot be read.
    public static func load(from store: RunStore, id: Int64) throws -> SweepHTMLReport {
        guard let sweep = try store.sweep(id: id) else {
            throw ReportError("no sweep \(id) in \(store.path) (list them with `headroom sweeps`)")
        }
        // The points' results without their time series: a sweep report draws none.
        let points = try store.sweepPointRuns(sweepID: id).filter { !$0.results.isEmpty }.map { stored in
            Point(index: stored.point, overrides: stored.overrides, runIDs: stored.runIDs,
                  result: RunResult.pooled(stored.results))
        }
        let axes = SweepGrid.axes(json: sweep.record.gridJSON) ?? inferAxes(points.map(\.overrides))
        let overrides = points.first?.overrides ?? sweep.record.baseOverrides
        switch StoredModel.spec(
            store: store, runID: points.first?.runIDs.first, text: sweep.record.modelText,
            file: sweep.record.modelFile, overrides: overrides) {
        case .success(let spec): return SweepHTMLReport(sweep: sweep, axes: axes, points: points, spec: spec)
        case .failure(let problem):
            return SweepHTMLReport(sweep: sweep, axes: axes, points: points, spec: nil, specProblem: problem.description)
        }
    }

    /// The axes of a sweep whose grid cannot be read: the override paths whose value changes
    /// from point to point.
    static func inferAxes(_ overrides: [[String]]) -> [SweepAxis] {
        var paths: [String] = []
        var values: [String: [String]] = [:]
        for list in overrides {
            for item in list {
                guard let equals = item.firstIndex(of: "=") else { continue }
                let path = String(item[..<equals])
                let value = String(item[item.index(after: equals)...])
                if values[path] == nil { paths.append(path) }
                if !(values[path] ?? []).contains(value) { values[path, default: []].append(value) }
            }
        }
        return paths.filter { (values[$0]?.count ?? 0) > 1 }.map { SweepAxis(path: $0, values: values[$0]!) }
    }

    // MARK: The shape of the charts

    /// The axis drawn along x: the one with the most values (the first of equals).
    var xAxis: SweepAxis? {
        axes.enumerated().max { a, b in (a.element.values.count, b.offset) < (b.element.values.count, a.offset) }?.element
    }

    /// The other axes: each combination of their values is one line.
    var groupAxes: [SweepAxis] { axes.filter { $0.path != xAxis?.path } }

    /// Where each point goes along x, and how x is labelled. Values that are not numbers
    /// (`hash`, `tenant`) are placed at their position in the axis instead.
    func xValues() -> (values: [Double], format: ValueFormat, label: String) {
        guard let axis = xAxis else { return (points.map { Double($0.index + 1) }, .plain, "point") }
        let texts = points.map { AxisValue.value(of: axis.path, in: $0.overrides) ?? "" }
        let parsed = texts.map(AxisValue.parse)
        if parsed.allSatisfy({ $0 != nil }), let format = parsed.first??.format {
            return (parsed.map { $0!.value }, format, axis.path)
        }
        return (texts.map { Double((axis.values.firstIndex(of: $0) ?? 0) + 1) }, .plain, axis.path + " (value number)")
    }

    /// The points grouped by the values of ``groupAxes``, groups in order of first appearance,
    /// each group's points sorted along x; the label is `servers=2, policy=random` ("" for one
    /// group).
    func groups(_ xs: [Double]) -> [(label: String, members: [Int])] {
        var labels: [String] = []
        var members: [String: [Int]] = [:]
        for (i, point) in points.enumerated() {
            let label = groupAxes.map { axis in
                "\(Self.shortName(axis.path))=\(AxisValue.value(of: axis.path, in: point.overrides) ?? "?")"
            }.joined(separator: ", ")
            if members[label] == nil { labels.append(label) }
            members[label, default: []].append(i)
        }
        return labels.map { label in (label, members[label]!.sorted { (xs[$0], $0) < (xs[$1], $1) }) }
    }

    /// The last one or two segments of a path: `components.app.replicas` → `app.replicas`.
    static func shortName(_ path: String) -> String {
        let parts = path.split(separator: ".")
        return parts.suffix(2).joined(separator: ".")
    }

    /// The knee of each group: the index (into ``points``) and how it was found.
    func knees(_ xs: [Double]) -> [(group: String, point: Int, method: Knee.Method)] {
        groups(xs).compactMap { group in
            let ys = group.members.map { points[$0].result.latency.p99 }
            if let bound = spec?.slo?.p99 {
                return Knee.firstBreach(ys: ys, bound: bound).map { (group.label, group.members[$0], .sloBreach) }
            }
            return Knee.maximumCurvature(xs: group.members.map { xs[$0] }, ys: ys).map { (group.label, group.members[$0], .maximumCurvature) }
        }
    }
}
