/// A probability distribution of non-negative durations or sizes, in the caller's unit (seconds
/// for service times).
///
/// Distributions are plain values: the model layer builds them, components sample them from
/// their own `RandomStream`. Sampling allocates nothing. `mean` and `variance` give the declared
/// moments that tests compare sampled moments against, and that `explain` uses for demands.
public enum Distribution: Sendable, Equatable, Codable {
    /// Always `value`.
    case constant(Double)
    /// Exponential with the given mean (rate 1/mean).
    case exponential(mean: Double)
    /// Uniform on [min, max].
    case uniform(min: Double, max: Double)
    /// Normal with `mean` and standard deviation `sd`, truncated at 0: the normal conditioned on
    /// being ≥ 0. `mean` and `sd` are the parameters of the untruncated normal; the declared
    /// `mean`/`variance` are those of the truncated one. `sd` = 0 is the point max(mean, 0).
    case normal(mean: Double, sd: Double)
    /// Lognormal: exp(N(mu, sigma²)). Build it from engineers' numbers with `lognormal(mean:sd:)`
    /// or `lognormal(p50:p99:)`.
    case lognormal(mu: Double, sigma: Double)
    /// Gamma with `shape` k and `scale` θ (mean kθ). An integer shape is the Erlang-k.
    case gamma(shape: Double, scale: Double)
    /// Pareto (type I) with tail index `shape` α and minimum `scale` x_m: P(X > x) = (x_m/x)^α.
    case pareto(shape: Double, scale: Double)
    /// One of the given samples, each equally likely.
    case empirical(samples: [Double])
    /// Piecewise-linear inverse CDF through (probability, value) points, probabilities increasing
    /// from 0 to 1 and values non-decreasing: the form "p50 = 3ms, p90 = 8ms, p99 = 20ms" takes
    /// once the model layer has added the end points.
    case percentiles(probabilities: [Double], values: [Double])
    /// A mixture: component i drawn with probability `weights[i]` (weights sum to 1).
    indirect case mixture(weights: [Double], components: [Distribution])

    /// The standard normal quantile at 0.99, used to fit a lognormal to p50 and p99.
    public static let z99 = 2.326_347_874_040_841

    /// A lognormal with the given mean and standard deviation (both > 0).
    public static func lognormal(mean: Double, sd: Double) -> Distribution {
        let sigma2 = (1 + (sd * sd) / (mean * mean)).logValue
        return .lognormal(mu: mean.logValue - sigma2 / 2, sigma: sigma2.squareRoot())
    }

    /// A lognormal whose median is `p50` and whose 99th percentile is `p99` (p99 ≥ p50 > 0).
    public static func lognormal(p50: Double, p99: Double) -> Distribution {
        .lognormal(mu: p50.logValue, sigma: (p99.logValue - p50.logValue) / z99)
    }

    /// An Erlang-k with the given mean: the sum of k exponentials of mean `mean`/k.
    public static func erlang(k: Int, mean: Double) -> Distribution {
        .gamma(shape: Double(k), scale: mean / Double(k))
    }
}
