import RealModule

extension Double {
    /// Natural logarithm, spelled as a property so closed forms read left to right.
    @inlinable var logValue: Double { Double.log(self) }
}

extension Distribution {
    /// The declared mean, in the distribution's unit. Infinite for a Pareto with shape ≤ 1.
    public var mean: Double {
        switch self {
        case .constant(let value): return value
        case .exponential(let mean): return mean
        case .uniform(let lo, let hi): return (lo + hi) / 2
        case .normal(let mu, let sd):
            // Lower truncation at 0: E = μ + σλ(α), α = −μ/σ (Johnson, Kotz and Balakrishnan).
            guard sd > 0 else { return Swift.max(mu, 0) }
            return mu + sd * Distribution.inverseMillsRatio(-mu / sd)
        case .lognormal(let mu, let sigma): return Double.exp(mu + sigma * sigma / 2)
        case .gamma(let shape, let scale): return shape * scale
        case .pareto(let shape, let scale): return shape <= 1 ? .infinity : shape * scale / (shape - 1)
        case .empirical(let samples): return samples.reduce(0, +) / Double(samples.count)
        case .percentiles(let p, let v):
            // Each linear piece is uniform on [v_i, v_{i+1}] with mass p_{i+1} − p_i.
            var total = 0.0
            for i in 0..<(p.count - 1) { total += (p[i + 1] - p[i]) * (v[i] + v[i + 1]) / 2 }
            return total
        case .mixture(let weights, let components):
            return zip(weights, components).reduce(0) { $0 + $1.0 * $1.1.mean }
        }
    }

    /// The declared variance, in the distribution's unit squared. Infinite for a Pareto with
    /// shape ≤ 2.
    public var variance: Double {
        switch self {
        case .constant: return 0
        case .exponential(let mean): return mean * mean
        case .uniform(let lo, let hi): return (hi - lo) * (hi - lo) / 12
        case .normal(let mu, let sd):
            // Var = σ²(1 + αλ − λ²), α = −μ/σ, λ the inverse Mills ratio at α.
            guard sd > 0 else { return 0 }
            let alpha = -mu / sd
            let lambda = Distribution.inverseMillsRatio(alpha)
            return sd * sd * (1 + alpha * lambda - lambda * lambda)
        case .lognormal(let mu, let sigma):
            let s2 = sigma * sigma
            return (Double.exp(s2) - 1) * Double.exp(2 * mu + s2)
        case .gamma(let shape, let scale): return shape * scale * scale
        case .pareto(let shape, let scale):
            guard shape > 2 else { return .infinity }
            return scale * scale * shape / ((shape - 1) * (shape - 1) * (shape - 2))
        case .empirical(let samples):
            let m = mean
            return samples.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(samples.count)
        case .percentiles(let p, let v):
            var second = 0.0
            for i in 0..<(p.count - 1) {
                let a = v[i], b = v[i + 1]
                second += (p[i + 1] - p[i]) * (a * a + a * b + b * b) / 3
            }
            return second - mean * mean
        case .mixture(let weights, let components):
            let m = mean
            var second = 0.0
            for (w, c) in zip(weights, components) { second += w * (c.variance + c.mean * c.mean) }
            return second - m * m
        }
    }

    /// Squared coefficient of variation, Var/mean² (0 for a constant, 1 for an exponential).
    public var scv: Double { variance / (mean * mean) }

    /// Standard normal density.
    static func phi(_ x: Double) -> Double { Double.exp(-x * x / 2) / (2 * Double.pi).squareRoot() }

    /// Standard normal upper tail 1 − Φ(x), from `erfc` directly so that it keeps its relative
    /// precision where 1 − Φ(x) would cancel to 0 (x beyond about 8).
    static func upperTail(_ x: Double) -> Double { 0.5 * Double.erfc(x / 2.0.squareRoot()) }

    /// The inverse Mills ratio λ(α) = φ(α) / (1 − Φ(α)): the mean of a standard normal truncated
    /// below at α.
    ///
    /// For α ≥ 5 both φ and the tail head for underflow (at α ≈ 38 they reach 0), so the ratio is
    /// taken from the continued fraction (1 − Φ)/φ = 1/(α + 1/(α + 2/(α + 3/(α + …)))), evaluated
    /// from the bottom; 40 levels give full double precision for α ≥ 5.
    static func inverseMillsRatio(_ alpha: Double) -> Double {
        guard alpha >= 5 else { return phi(alpha) / upperTail(alpha) }
        var t = alpha
        for k in stride(from: 40, through: 1, by: -1) { t = alpha + Double(k) / t }
        return t
    }
}
