import HeadroomComponents

extension ServiceLevel {
    /// How far a run is inside its service level: positive when it meets every objective, zero
    /// or negative when it misses one. For each objective it is `bound / observed − 1` (so −1 ≤
    /// margin, and 0 exactly at the bound); the margin is the smallest of them.
    ///
    /// The ratio form keeps a load search well behaved: for queues near saturation the p99 grows
    /// like 1/(capacity − load), so `bound / p99` falls almost linearly with load and a secant
    /// step lands close to the root. A run the stability guard stopped, or one in which nothing
    /// completed, misses (−1). So does a run whose backlog grew without bound (a job queue whose
    /// workers cannot keep up, while requests themselves stay fast): its margin is minus the
    /// share of the throughput that piled up. Without objectives every run meets (+∞).
    public func margin(of result: RunResult) -> Double {
        var measured = measuredMargin(of: result)
        if let growth = result.backlogGrowthShare { measured = Swift.min(measured, -Swift.max(growth, 0.001)) }
        // A run stopped early because it could no longer meet the SLO keeps the margin of what
        // it measured (negative, and closer to 0 near the crossing, which a secant step uses);
        // one stopped by the stability guard counts as the worst miss.
        if result.status == .unstable { return measured < 0 ? measured : -1 }
        return measured
    }

    private func measuredMargin(of result: RunResult) -> Double {
        var margin = Double.infinity
        if let bound = p99 {
            guard result.latency.count > 0 else { return -1 }
            let observed = result.latency.p99
            margin = Swift.min(margin, observed > 0 ? bound / observed - 1 : .infinity)
        }
        if let bound = errorRate {
            let errors = Double(result.requests.errors)
            let finished = Double(result.requests.completed) + errors
            guard finished > 0 else { return -1 }
            let observed = errors / finished
            margin = Swift.min(margin, observed > 0 ? bound / observed - 1 : .infinity)
        }
        return margin
    }

    /// Whether the service level has any objective at all.
    public var isEmpty: Bool { p99 == nil && errorRate == nil }
}
