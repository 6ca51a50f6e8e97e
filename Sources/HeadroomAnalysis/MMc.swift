import RealModule

/// The M/M/c queue: Poisson arrivals at rate λ, `c` identical servers each with exponential
/// service at rate μ, one unbounded FIFO queue (Erlang's delay system).
///
/// docs/theory.md §3 (M/M/c, Erlang C): C(c, a) the probability of waiting, Wq = C/(cμ − λ),
/// W = Wq + 1/μ; the wait is 0 with probability 1 − C, otherwise Exp(cμ − λ); the response is
/// the wait plus an independent Exp(μ) service. Rates per second, times in seconds. Needs
/// ρ = λ/(cμ) < 1; when ρ ≥ 1 the means and quantiles are +∞ and C = 1.
public struct MMc: QueueingModel, Equatable {
    /// λ, arrivals per second (≥ 0).
    public let lambda: Double
    /// μ, services per second per server (> 0).
    public let mu: Double
    /// c, the number of servers (≥ 1).
    public let c: Int
    /// C(c, a), the probability that an arrival waits (Erlang C); 1 when unstable.
    public let erlangC: Double

    public init(lambda: Double, mu: Double, c: Int) {
        precondition(lambda >= 0 && mu > 0 && c >= 1, "M/M/c needs λ ≥ 0, μ > 0 and c ≥ 1")
        self.lambda = lambda
        self.mu = mu
        self.c = c
        erlangC = QueueingTheory.erlangC(c: c, a: lambda / mu)
    }

    /// a = λ/μ, the offered load in Erlangs: the mean number of busy servers.
    public var offeredLoad: Double { lambda / mu }
    /// ρ = λ/(cμ), the offered utilization per server (may be ≥ 1 for an unstable queue).
    public var rho: Double { lambda / (Double(c) * mu) }
    /// True when ρ < 1, so that the queue has a steady state.
    public var isStable: Bool { rho < 1 }
    /// Fraction of server capacity busy: ρ, capped at 1.
    public var utilization: Double { Swift.min(rho, 1) }
    /// Served per second: λ when stable, cμ when the queue grows without bound.
    public var throughput: Double { Swift.min(lambda, Double(c) * mu) }
    /// P(an arrival waits) = C(c, a).
    public var probabilityOfWaiting: Double { erlangC }
    /// cμ − λ, the rate of the exponential wait of those who wait, per second.
    var drainRate: Double { Double(c) * mu - lambda }

    /// Wq = C(c, a)/(cμ − λ), seconds.
    public var meanWait: Double { isStable ? erlangC / drainRate : .infinity }
    /// W = Wq + 1/μ, seconds.
    public var meanResponse: Double { isStable ? meanWait + 1 / mu : .infinity }
    /// Lq = C(c, a)·ρ/(1 − ρ), customers (equal to λWq).
    public var meanInQueue: Double { isStable ? erlangC * rho / (1 - rho) : .infinity }
    /// L = Lq + a, customers (equal to λW).
    public var meanInSystem: Double { isStable ? meanInQueue + offeredLoad : .infinity }

    /// P(Wq ≤ t) = 1 − C·e^{−(cμ − λ)t} for t ≥ 0 seconds: an atom 1 − C at 0.
    public func waitCDF(_ t: Double) -> Double {
        guard isStable else { return 0 }
        guard t >= 0 else { return 0 }
        return 1 - erlangC * Double.exp(-drainRate * t)
    }

    /// The p-quantile of the wait in queue, seconds: 0 for p ≤ 1 − C, else ln(C/(1 − p))/(cμ − λ).
    public func waitQuantile(_ p: Double) -> Double {
        precondition(p >= 0 && p <= 1, "a quantile needs p in [0, 1]")
        guard isStable else { return .infinity }
        guard p > 1 - erlangC else { return 0 }
        return Double.log(erlangC / (1 - p)) / drainRate
    }

    /// P(T > t), the response time's tail at t seconds: wait convolved with an Exp(μ) service.
    ///
    /// With θ = cμ − λ and S(t) = P(Exp(θ) + Exp(μ) > t),
    /// P(T > t) = (1 − C)·e^{−μt} + C·S(t), S(t) = (θe^{−μt} − μe^{−θt})/(θ − μ).
    /// When θ is near μ (exactly μ when λ = (c − 1)μ, e.g. c = 2 at ρ = ½) that quotient is 0/0;
    /// it is then written S(t) = e^{−μt}(1 + μt·g(δt)), δ = θ − μ, g(x) = (1 − e^{−x})/x, which
    /// is exact for every δ and tends to the Erlang-2 tail e^{−μt}(1 + μt) as δ → 0.
    public func responseSurvival(_ t: Double) -> Double {
        guard isStable else { return 1 }
        guard t > 0 else { return 1 }
        let theta = drainRate
        let delta = theta - mu
        let serviceTail = Double.exp(-mu * t)
        let both: Double
        if abs(delta * t) <= 1 {
            let x = delta * t
            let g = x == 0 ? 1 : -Double.expMinusOne(-x) / x
            both = serviceTail * (1 + mu * t * g)
        } else {
            both = (theta * serviceTail - mu * Double.exp(-theta * t)) / delta
        }
        return Swift.min(1, Swift.max(0, (1 - erlangC) * serviceTail + erlangC * both))
    }

    /// P(T ≤ t), the response-time CDF at t seconds (see `responseSurvival`).
    public func responseCDF(_ t: Double) -> Double { 1 - responseSurvival(t) }

    /// The p-quantile of the response time, seconds, for p in [0, 1], found by bisection on the
    /// tail to a relative width of 1e−13 (about 45 halvings after bracketing).
    public func responseQuantile(_ p: Double) -> Double {
        precondition(p >= 0 && p <= 1, "a quantile needs p in [0, 1]")
        guard isStable, p < 1 else { return .infinity }
        guard p > 0 else { return 0 }
        let tail = 1 - p
        // Bracket [lo, hi] with the tail > 1 − p at lo and ≤ 1 − p at hi. The response is at
        // least the service, so the service's p-quantile is a lower bound to double from.
        var lo = 0.0
        var hi = -Double.log(tail) / mu
        while responseSurvival(hi) > tail { lo = hi; hi *= 2 }
        while hi - lo > 1e-13 * hi {
            let mid = (lo + hi) / 2
            if responseSurvival(mid) > tail { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
