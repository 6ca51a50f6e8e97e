import RealModule

/// Fits a Zipf exponent to popularity counts by maximum likelihood.
///
/// Items ranked by count (most requested first) are taken to follow p(r) ∝ r^−s over the N
/// items seen. The log-likelihood −s Σ c_r ln r − n ln H(N, s) is concave in s, and its
/// derivative is zero where the model's mean of ln r equals the counts' own, a mean that falls
/// as s grows: so the root is found by bisection, O(N) per step. Counts from a trace rank items
/// by observed count, which for items seen only once or twice is noisy; the fit reads the
/// exponent well when most items are seen several times (the tests state the accuracy).
public enum ZipfFit {
    /// The largest exponent the fit returns.
    public static let maximumExponent = 10.0

    /// The exponent s ≥ 0 that fits `counts` (any order; zeros ignored); 0 when fewer than two
    /// items were seen or the counts are flatter than uniform.
    public static func exponent(counts: [Int]) -> Double {
        let sorted = counts.filter { $0 > 0 }.sorted(by: >)
        guard sorted.count >= 2 else { return 0 }
        let n = Double(sorted.reduce(0, +))
        var logs = [Double](repeating: 0, count: sorted.count)
        var observed = 0.0
        for r in sorted.indices {
            logs[r] = Double.log(Double(r + 1))
            observed += Double(sorted[r]) * logs[r]
        }
        observed /= n
        /// The model's mean of ln r at exponent s.
        func modelMean(_ s: Double) -> Double {
            var total = 0.0
            var weighted = 0.0
            for l in logs {
                let w = Double.exp(-s * l)
                total += w
                weighted += w * l
            }
            return weighted / total
        }
        if observed >= modelMean(0) { return 0 }
        var lo = 0.0
        var hi = maximumExponent
        if observed <= modelMean(hi) { return hi }
        for _ in 0 ..< 60 {
            let mid = (lo + hi) / 2
            if modelMean(mid) > observed { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}

/// The index of dispersion of counts per window: their variance over their mean. About 1 for
/// Poisson arrivals at a constant rate; above 1 for bursty traffic (or a rate that changes over
/// the windows), below 1 for traffic more regular than Poisson.
public enum Dispersion {
    /// Variance (with n − 1) over mean of `counts`; nil for fewer than two windows or no arrivals.
    public static func index(counts: [Int]) -> Double? {
        guard counts.count >= 2 else { return nil }
        let n = Double(counts.count)
        let mean = Double(counts.reduce(0, +)) / n
        guard mean > 0 else { return nil }
        var squares = 0.0
        for c in counts {
            let d = Double(c) - mean
            squares += d * d
        }
        return squares / (n - 1) / mean
    }
}
