import RealModule

extension Distribution {
    /// One draw, using `rng`. Allocates nothing. Cost: O(1) for every case except `mixture`
    /// (O(number of components)), `percentiles` (O(log points)) and `normal` (a redraw when
    /// the draw is negative, under two tries on average for any parameters).
    @inlinable
    public func sample(_ rng: inout RandomStream) -> Double {
        switch self {
        case .constant(let value):
            return value
        case .exponential(let mean):
            return mean * rng.nextStandardExponential()
        case .uniform(let lo, let hi):
            return lo + (hi - lo) * rng.nextOpenUnit()
        case .normal(let mean, let sd):
            guard sd > 0 else { return Swift.max(mean, 0) }
            // A mean at or above 0 keeps at least half of the plain draws: redraw. Below 0 the
            // redraw loop would need 1/(1 − Φ(−mean/sd)) tries (740 at −3 sd, never ending at
            // −10 sd), so draw from the tail directly.
            guard mean < 0 else {
                while true {
                    let x = mean + sd * Distribution.standardNormal(&rng)
                    if x >= 0 { return x }
                }
            }
            return mean + sd * Distribution.standardNormalTail(above: -mean / sd, &rng)
        case .lognormal(let mu, let sigma):
            return Double.exp(mu + sigma * Distribution.standardNormal(&rng))
        case .gamma(let shape, let scale):
            return scale * Distribution.standardGamma(shape: shape, &rng)
        case .pareto(let shape, let scale):
            return scale * Double.pow(rng.nextOpenUnit(), -1 / shape)
        case .empirical(let samples):
            let index = Int(rng.nextOpenUnit() * Double(samples.count))
            return samples[Swift.min(index, samples.count - 1)]
        case .percentiles(let probabilities, let values):
            return Distribution.interpolate(rng.nextOpenUnit(), probabilities, values)
        case .mixture(let weights, let components):
            var u = rng.nextOpenUnit()
            for i in 0..<(weights.count - 1) {
                if u < weights[i] { return components[i].sample(&rng) }
                u -= weights[i]
            }
            return components[components.count - 1].sample(&rng)
        }
    }

    /// A standard normal draw by the Box–Muller transform (one of the pair; the other is dropped
    /// so that a draw consumes a fixed two uniforms and streams stay aligned).
    @inlinable
    static func standardNormal(_ rng: inout RandomStream) -> Double {
        let u1 = rng.nextOpenUnit()
        let u2 = rng.nextOpenUnit()
        return (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2)
    }

    /// A standard normal draw conditioned on exceeding `alpha` > 0: Robert (1995), "Simulation of
    /// truncated normal variables", exponential proposals shifted to `alpha` with the optimal rate.
    /// Accepts at least 76 % of proposals for any `alpha` > 0; two uniforms a proposal.
    @inlinable
    static func standardNormalTail(above alpha: Double, _ rng: inout RandomStream) -> Double {
        let rate = (alpha + (alpha * alpha + 4).squareRoot()) / 2
        while true {
            let z = alpha - Double.log(rng.nextOpenUnit()) / rate
            let d = z - rate
            if Double.log(rng.nextOpenUnit()) <= -d * d / 2 { return z }
        }
    }

    /// A Gamma(shape, 1) draw: Marsaglia and Tsang (2000) for shape ≥ 1, boosted by
    /// U^(1/shape) for shape < 1.
    @inlinable
    static func standardGamma(shape: Double, _ rng: inout RandomStream) -> Double {
        if shape < 1 {
            let boost = Double.pow(rng.nextOpenUnit(), 1 / shape)
            return standardGamma(shape: shape + 1, &rng) * boost
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = standardNormal(&rng)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = rng.nextOpenUnit()
            if u < 1 - 0.0331 * (x * x) * (x * x) { return d * v }
            if Double.log(u) < 0.5 * x * x + d * (1 - v + Double.log(v)) { return d * v }
        }
    }

    /// The value at cumulative probability `u` on the piecewise-linear CDF through the points.
    @inlinable
    static func interpolate(_ u: Double, _ probabilities: [Double], _ values: [Double]) -> Double {
        var lo = 0
        var hi = probabilities.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if probabilities[mid] <= u { lo = mid } else { hi = mid }
        }
        let span = probabilities[hi] - probabilities[lo]
        let t = span > 0 ? (u - probabilities[lo]) / span : 0
        return values[lo] + t * (values[hi] - values[lo])
    }
}
