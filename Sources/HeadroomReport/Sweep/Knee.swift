/// Where a latency curve turns up: the point a planner should not load the system past.
public enum Knee {
    /// How the knee was found.
    public enum Method: String, Sendable, Equatable {
        /// The first point whose p99 exceeds the SLO's p99 bound.
        case sloBreach = "slo"
        /// The point of maximum curvature (no SLO to judge by).
        case maximumCurvature = "curvature"
    }

    /// The index of the first point (in `xs` order) whose `y` is above `bound`, or nil if none
    /// is (NaN counts as above: an unstable point has no trustworthy percentile).
    public static func firstBreach(ys: [Double], bound: Double) -> Int? {
        ys.firstIndex { !($0 <= bound) }
    }

    /// The point of maximum curvature of an increasing, convex curve, after Satopää et al.,
    /// "Finding a 'Kneedle' in a Haystack" (2011): with x and y scaled to [0, 1], the point
    /// furthest below the chord from the first point to the last, i.e. the largest x − y.
    ///
    /// Needs at least three points with finite values, sorted by x; nil when there are fewer or
    /// the curve is nowhere below its chord by more than `minimumGap` (a straight line has no
    /// knee). O(n).
    public static func maximumCurvature(xs: [Double], ys: [Double], minimumGap: Double = 0.05) -> Int? {
        let indexes = xs.indices.filter { xs[$0].isFinite && ys[$0].isFinite }
        guard indexes.count >= 3 else { return nil }
        let fx = indexes.map { xs[$0] }
        let fy = indexes.map { ys[$0] }
        guard let x0 = fx.min(), let x1 = fx.max(), let y0 = fy.min(), let y1 = fy.max(), x1 > x0, y1 > y0 else {
            return nil
        }
        var best: (gap: Double, index: Int)?
        for (k, index) in indexes.enumerated() {
            let gap = (fx[k] - x0) / (x1 - x0) - (fy[k] - y0) / (y1 - y0)
            if gap > (best?.gap ?? minimumGap) { best = (gap, index) }
        }
        return best?.index
    }
}
