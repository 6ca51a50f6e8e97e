/// The unit of a component's metric, declared by the kind that reports it (each kind's
/// `metricUnit(_:)` in its `<Kind>+Metrics.swift`, reached through `ComponentType.unit(ofMetric:)`),
/// so that reports, comparisons and the CLI print a ratio as a percentage and a time with its unit
/// without guessing from the metric's name.
public enum MetricUnit: String, Sendable, Codable, CaseIterable {
    /// A share in [0, 1] (utilization, hit rate, usage), printed as a percentage.
    case ratio
    /// Seconds.
    case seconds
    /// Per second.
    case perSecond = "per_second"
    /// A count of things (requests, entries, retries), or a mean count (queue lengths).
    case count
    /// A plain number (an imbalance factor, a size).
    case number
}
