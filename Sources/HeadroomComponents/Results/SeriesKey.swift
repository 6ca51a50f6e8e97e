/// One series of a run: a metric of one scope (a component name, or "" for run-wide metrics).
/// The store lists a stored run's series by it; calibration keys observed series the same way,
/// since they have the same shape (`time,scope,metric,value`).
public struct SeriesKey: Sendable, Hashable {
    /// A component name, or "" for run-wide metrics.
    public var scope: String
    /// The metric, e.g. `latency_p99`, `utilization`.
    public var metric: String

    public init(scope: String, metric: String) {
        self.scope = scope
        self.metric = metric
    }

    /// `metric` for run-wide series, `scope.metric` for a component's.
    public var name: String { scope.isEmpty ? metric : "\(scope).\(metric)" }
}
