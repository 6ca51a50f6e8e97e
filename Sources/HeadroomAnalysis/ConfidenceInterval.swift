/// A two-sided Student-t confidence interval for the mean of independent, identically distributed
/// observations — typically one figure from each of n independent replications of a run.
///
/// mean ± t_{(1+level)/2, n−1}·s/√n, with s the sample standard deviation (n − 1 in the
/// denominator). Replication means are close to normal by the central limit theorem, which is
/// what makes the t interval apply. The half-width is in the unit of the observations.
///
/// With a single observation there is no spread to measure: the half-width is +∞ (so `lower` is
/// −∞, `upper` +∞ and the interval contains everything), never a misleading 0. The
/// observations must not be empty.
public struct ConfidenceInterval: Sendable, Equatable {
    /// The sample mean.
    public let mean: Double
    /// t·s/√n; +∞ for a single observation.
    public let halfWidth: Double
    /// The confidence level, in (0, 1), e.g. 0.95.
    public let level: Double
    /// n, the number of observations.
    public let count: Int

    /// The interval for `values` at `level` (default 95 %). O(n).
    public init(_ values: [Double], level: Double = 0.95) {
        precondition(!values.isEmpty, "a confidence interval needs at least one observation")
        precondition(level > 0 && level < 1, "a confidence level must be in (0, 1)")
        let n = values.count
        // Two passes, so that a large common offset does not cancel the spread.
        let mean = values.reduce(0, +) / Double(n)
        self.mean = mean
        self.level = level
        count = n
        guard n > 1 else {
            halfWidth = .infinity
            return
        }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let t = StudentT.twoSidedCritical(level: level, degreesOfFreedom: Double(n - 1))
        halfWidth = t * (variance / Double(n)).squareRoot()
    }

    /// mean − halfWidth.
    public var lower: Double { mean - halfWidth }
    /// mean + halfWidth.
    public var upper: Double { mean + halfWidth }
    /// halfWidth/|mean|, the precision people quote ("±3 %"); +∞ when the mean is 0.
    public var relativeHalfWidth: Double { halfWidth / abs(mean) }
    /// True when `value` lies in [lower, upper].
    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }
}

/// The mean of `values` and the half-width of its two-sided Student-t confidence interval at
/// `level` (default 95 %), in the unit of the values; the half-width is +∞ for a single value.
/// See `ConfidenceInterval`.
public func confidenceInterval(_ values: [Double], level: Double = 0.95) -> (mean: Double, halfWidth: Double) {
    let interval = ConfidenceInterval(values, level: level)
    return (interval.mean, interval.halfWidth)
}
