import RealModule

/// The M/M/1 queue: Poisson arrivals at rate λ, one server with exponential service at rate μ,
/// an unbounded FIFO queue.
///
/// docs/theory.md §2: W = 1/(μ − λ), Wq = ρ/(μ − λ), P(wait > 0) = ρ, and the response time is
/// exponential with rate μ − λ. Rates per second, times in seconds. Needs ρ = λ/μ < 1 for a
/// steady state; when ρ ≥ 1 the means and quantiles are +∞.
public struct MM1: QueueingModel, Equatable {
    /// λ, arrivals per second (≥ 0).
    public let lambda: Double
    /// μ, services per second (> 0); the mean service time is 1/μ seconds.
    public let mu: Double

    public init(lambda: Double, mu: Double) {
        precondition(lambda >= 0 && mu > 0, "M/M/1 needs λ ≥ 0 and μ > 0")
        self.lambda = lambda
        self.mu = mu
    }

    /// ρ = λ/μ, the offered utilization (may be ≥ 1 for an unstable queue).
    public var rho: Double { lambda / mu }
    /// True when ρ < 1, so that the queue has a steady state.
    public var isStable: Bool { lambda < mu }
    /// Fraction of time the server is busy: ρ, capped at 1.
    public var utilization: Double { Swift.min(rho, 1) }
    /// Served per second: λ when stable, μ when the queue grows without bound.
    public var throughput: Double { Swift.min(lambda, mu) }
    /// P(an arrival waits) = ρ, capped at 1.
    public var probabilityOfWaiting: Double { utilization }

    /// W = 1/(μ − λ), seconds.
    public var meanResponse: Double { isStable ? 1 / (mu - lambda) : .infinity }
    /// Wq = ρ/(μ − λ), seconds.
    public var meanWait: Double { isStable ? rho / (mu - lambda) : .infinity }
    /// L = ρ/(1 − ρ), customers.
    public var meanInSystem: Double { isStable ? rho / (1 - rho) : .infinity }
    /// Lq = ρ²/(1 − ρ), customers.
    public var meanInQueue: Double { isStable ? rho * rho / (1 - rho) : .infinity }

    /// P(T ≤ t) for the response time T ~ Exp(μ − λ), t in seconds.
    public func responseCDF(_ t: Double) -> Double {
        guard isStable else { return 0 }
        return t <= 0 ? 0 : -Double.expMinusOne(-(mu - lambda) * t)
    }

    /// The p-quantile of the response time, −ln(1 − p)/(μ − λ) seconds, for p in [0, 1];
    /// p99 = ln(100)/(μ − λ).
    public func responseQuantile(_ p: Double) -> Double {
        precondition(p >= 0 && p <= 1, "a quantile needs p in [0, 1]")
        guard isStable else { return .infinity }
        return -Double.log(onePlus: -p) / (mu - lambda)
    }
}
