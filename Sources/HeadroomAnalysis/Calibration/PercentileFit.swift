import Foundation

/// A service-time distribution from its observed median and 99th percentile (docs/theory.md
/// §20.2): a lognormal (μ = ln p50, σ = (ln p99 − ln p50)/z₀.₉₉) or a gamma (the shape k whose
/// p99/p50 ratio is the observed one, then the scale θ = p50 / Q(0.5; k, 1)).
public enum PercentileFamily: String, Codable, Sendable, CaseIterable {
    case lognormal
    case gamma
}

/// One fitted family: its parameters and what it says about the mean.
public struct PercentileFit: Codable, Sendable, Equatable {
    public var family: PercentileFamily
    /// The lognormal's σ (of ln X); nil for a gamma.
    public var sigma: Double?
    /// The gamma's shape k; nil for a lognormal.
    public var shape: Double?
    /// The mean of the distribution through the observed p50 and p99, seconds.
    public var mean: Double

    /// z₀.₉₉, the standard normal's 99th percentile.
    public static let z99 = 2.3263478740408408

    /// Fits `family` to `p50` < `p99` (seconds); nil when the gamma cannot reach the ratio
    /// (p99/p50 above ~10⁵, a shape below 0.05, or below 1.0001, a shape above 10⁵).
    public static func fit(_ family: PercentileFamily, p50: Double, p99: Double) -> PercentileFit? {
        guard p50 > 0, p99 > p50 else { return nil }
        switch family {
        case .lognormal:
            let sigma = (log(p99) - log(p50)) / z99
            return PercentileFit(family: .lognormal, sigma: sigma, shape: nil, mean: p50 * exp(sigma * sigma / 2))
        case .gamma:
            guard let k = gammaShape(ratio: p99 / p50) else { return nil }
            let scale = p50 / Gamma.quantile(0.5, shape: k)
            return PercentileFit(family: .gamma, sigma: nil, shape: k, mean: k * scale)
        }
    }

    /// The same family and shape with mean `mean`: its p50 and p99, seconds.
    public func percentiles(mean: Double) -> (p50: Double, p99: Double) {
        switch family {
        case .lognormal:
            let s = sigma ?? 0
            let p50 = mean * exp(-s * s / 2)
            return (p50, p50 * exp(Self.z99 * s))
        case .gamma:
            let k = shape ?? 1
            return (Gamma.quantile(0.5, shape: k) * mean / k, Gamma.quantile(0.99, shape: k) * mean / k)
        }
    }

    /// The shape k with Q(0.99; k)/Q(0.5; k) = `ratio`, by bisection on ln k (the ratio falls
    /// as k grows: 6.64 at k = 1, the exponential; → 1 as k → ∞).
    static func gammaShape(ratio: Double) -> Double? {
        func r(_ k: Double) -> Double { Gamma.quantile(0.99, shape: k) / Gamma.quantile(0.5, shape: k) }
        var lo = log(0.05), hi = log(1e5)
        guard ratio <= r(exp(lo)), ratio >= r(exp(hi)) else { return nil }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if r(exp(mid)) > ratio { lo = mid } else { hi = mid }
        }
        return exp((lo + hi) / 2)
    }
}

/// The gamma distribution with scale 1: its regularized lower incomplete gamma P(k, x) and
/// quantile (Numerical Recipes §6.2: series below x = k + 1, continued fraction above).
enum Gamma {
    /// P(k, x) = γ(k, x)/Γ(k), the CDF at x of the gamma with shape k and scale 1.
    static func cdf(_ x: Double, shape k: Double) -> Double {
        guard x > 0 else { return 0 }
        let logPrefix = -x + k * log(x) - lgamma(k)
        if x < k + 1 {
            var sum = 1 / k, term = 1 / k, a = k
            for _ in 0..<10_000 {
                a += 1
                term *= x / a
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return min(1, sum * exp(logPrefix))
        }
        // Lentz's continued fraction for Q = 1 − P.
        let tiny = 1e-300
        var b = x + 1 - k, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - k)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return max(0, 1 - exp(logPrefix) * h)
    }

    /// The x with P(k, x) = p, by bisection (to relative 1e-13).
    static func quantile(_ p: Double, shape k: Double) -> Double {
        var lo = 0.0, hi = max(1.0, k)
        while cdf(hi, shape: k) < p { hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if cdf(mid, shape: k) < p { lo = mid } else { hi = mid }
            if hi - lo <= hi * 1e-13 { break }
        }
        return (lo + hi) / 2
    }
}
