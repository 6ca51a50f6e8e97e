import HeadroomKernel

/// The M/G/1 queue: Poisson arrivals at rate λ, one server with a general service time S, an
/// unbounded FIFO queue; only the mean and the squared coefficient of variation of S matter.
///
/// docs/theory.md §7 (M/G/1, Pollaczek–Khinchine): Wq = ρ·(1 + SCV)/(2(1 − ρ))·E[S], ρ = λE[S],
/// SCV = Var(S)/E[S]². SCV = 0 is M/D/1, SCV = 1 gives back M/M/1. Rates per second, times in
/// seconds. Needs ρ < 1; when ρ ≥ 1 (or the service variance is infinite) the means are +∞.
public struct MG1: QueueingModel, Equatable {
    /// λ, arrivals per second (≥ 0).
    public let lambda: Double
    /// E[S], mean service time, seconds (> 0).
    public let meanService: Double
    /// Var(S)/E[S]², the service time's squared coefficient of variation (≥ 0; may be +∞).
    public let scv: Double

    public init(lambda: Double, meanService: Double, scv: Double) {
        precondition(lambda >= 0 && meanService > 0 && scv >= 0, "M/G/1 needs λ ≥ 0, E[S] > 0 and SCV ≥ 0")
        self.lambda = lambda
        self.meanService = meanService
        self.scv = scv
    }

    /// An M/G/1 whose service time is `service`, by its declared mean and SCV.
    public init(lambda: Double, service: Distribution) {
        // A service with an infinite mean (Pareto with shape ≤ 1) has SCV ∞/∞: the queue is
        // unstable whatever the SCV, so it is taken as infinite rather than NaN.
        let scv = service.scv
        self.init(lambda: lambda, meanService: service.mean, scv: scv.isNaN ? .infinity : scv)
    }

    /// μ = 1/E[S], services per second.
    public var mu: Double { 1 / meanService }
    /// ρ = λ·E[S], the offered utilization.
    public var rho: Double { lambda * meanService }
    /// True when ρ < 1, so that the queue has a steady state.
    public var isStable: Bool { rho < 1 }
    /// Fraction of time the server is busy: ρ, capped at 1.
    public var utilization: Double { Swift.min(rho, 1) }
    /// Served per second: λ when stable, μ when the queue grows without bound.
    public var throughput: Double { Swift.min(lambda, mu) }

    /// Wq = ρ(1 + SCV)/(2(1 − ρ))·E[S], seconds (Pollaczek–Khinchine).
    public var meanWait: Double {
        guard isStable else { return .infinity }
        guard rho > 0 else { return 0 }
        return rho * (1 + scv) / (2 * (1 - rho)) * meanService
    }
    /// W = Wq + E[S], seconds.
    public var meanResponse: Double { isStable ? meanWait + meanService : .infinity }
    /// Lq = ρ²(1 + SCV)/(2(1 − ρ)), customers (equal to λWq).
    public var meanInQueue: Double {
        guard isStable else { return .infinity }
        guard rho > 0 else { return 0 }
        return rho * rho * (1 + scv) / (2 * (1 - rho))
    }
    /// L = Lq + ρ, customers.
    public var meanInSystem: Double { isStable ? meanInQueue + rho : .infinity }
}
