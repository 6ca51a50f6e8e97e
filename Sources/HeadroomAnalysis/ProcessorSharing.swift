import HeadroomKernel

/// The M/G/1-PS queue: Poisson arrivals at rate λ, one server shared equally by every customer
/// present (each served at rate 1/n with n present), any service distribution with mean E[S].
///
/// docs/theory.md §16: the means are insensitive to the service distribution:
/// E[T] = E[S]/(1 − ρ), E[N] = ρ/(1 − ρ), and a customer of size x spends E[T | S = x] = x/(1 − ρ).
/// Rates per second, times in seconds; +∞ when ρ ≥ 1.
public struct MG1PS: Equatable, Sendable {
    /// λ, arrivals per second (≥ 0).
    public let lambda: Double
    /// E[S], mean work per customer, seconds (> 0).
    public let meanService: Double

    public init(lambda: Double, meanService: Double) {
        precondition(lambda >= 0 && meanService > 0, "M/G/1-PS needs λ ≥ 0 and E[S] > 0")
        self.lambda = lambda
        self.meanService = meanService
    }

    /// ρ = λE[S].
    public var rho: Double { lambda * meanService }
    /// E[T] = E[S]/(1 − ρ), seconds.
    public var meanResponse: Double { rho < 1 ? meanService / (1 - rho) : .infinity }
    /// E[N] = ρ/(1 − ρ), customers.
    public var meanInSystem: Double { rho < 1 ? rho / (1 - rho) : .infinity }
    /// E[T | S = x] = x/(1 − ρ), seconds: every customer is slowed by the same factor.
    public func meanResponse(size x: Double) -> Double { rho < 1 ? x / (1 - rho) : .infinity }
}

/// M/M/c-PS with a context-switch cost: Poisson arrivals at λ, exponential work of mean E[S], c
/// cores shared by the n customers present, each core doing only a fraction `efficiency` of its
/// work while n > c (docs/theory.md §16.2). A birth–death chain with death rate
/// μ(n) = min(n, c)/E[S] for n ≤ c and c·efficiency/E[S] above: p(n) ∝ Π λ/μ(k). With
/// efficiency 1 the chain is M/M/c's, so the means are Erlang C's (§3).
public struct MMcPSWithSwitching: Equatable, Sendable {
    public let lambda: Double
    public let meanService: Double
    public let cores: Int
    /// Fraction of the cores' time left for work while more customers than cores are present.
    public let efficiency: Double

    public init(lambda: Double, meanService: Double, cores: Int, efficiency: Double) {
        precondition(lambda >= 0 && meanService > 0 && cores >= 1 && efficiency > 0 && efficiency <= 1,
                     "M/M/c-PS needs λ ≥ 0, E[S] > 0, c ≥ 1 and 0 < efficiency ≤ 1")
        self.lambda = lambda
        self.meanService = meanService
        self.cores = cores
        self.efficiency = efficiency
    }

    /// The most it can serve, customers per second: c·efficiency/E[S] (all cores switching).
    public var capacity: Double { Double(cores) * efficiency / meanService }
    public var isStable: Bool { lambda < capacity }

    /// E[N]: the chain summed exactly up to c, then as a geometric tail of ratio λ/capacity.
    public var meanInSystem: Double {
        guard isStable else { return .infinity }
        let a = lambda * meanService
        var weight = 1.0          // p(n)/p(0)
        var total = 1.0
        var moment = 0.0
        for n in 1...cores {
            weight *= a / Double(n)
            total += weight
            moment += Double(n) * weight
        }
        // Above c: p(c + k) = p(c)·rᵏ with r = λ/capacity.
        let r = lambda / capacity
        let tail = weight * r / (1 - r)                                  // Σ_{k≥1} p(c)rᵏ
        let tailMoment = weight * (Double(cores) * r / (1 - r) + r / ((1 - r) * (1 - r)))
        total += tail
        moment += tailMoment
        return moment / total
    }

    /// E[min(N, c)]: cores busy on average (above λE[S] when switching costs work).
    public var busyCores: Double {
        guard isStable else { return Double(cores) }
        let a = lambda * meanService
        var weight = 1.0
        var total = 1.0
        var busy = 0.0
        for n in 1...cores {
            weight *= a / Double(n)
            total += weight
            busy += Double(n) * weight
        }
        let r = lambda / capacity
        let tail = weight * r / (1 - r)
        total += tail
        busy += Double(cores) * tail
        return busy / total
    }

    /// E[T] = E[N]/λ (Little's law), seconds.
    public var meanResponse: Double { lambda > 0 ? meanInSystem / lambda : meanService }
}

/// M/G/1 with an exceptional first service (Welch 1964): a customer who finds the server idle
/// needs S₀ (here S plus a wake-up w) instead of S. docs/theory.md §16.3.
///
/// Busy periods start with S₀ and last E[S₀]/(1 − ρ) on average, so the server is idle a
/// fraction P₀ = (1 − ρ)/(1 − ρ + ρ₀), ρ = λE[S], ρ₀ = λE[S₀]; this holds for any
/// work-conserving discipline (FIFO or processor sharing). Under FIFO the mean wait is
/// Wq = λE[S²]/(2(1 − ρ)) + λ(E[S₀²] − E[S²])/(2(1 − ρ + ρ₀)).
public struct MG1WithWakeup: Equatable, Sendable {
    public let lambda: Double
    /// E[S] and E[S²] of the ordinary service, seconds and seconds².
    public let meanService: Double
    public let secondMoment: Double
    /// The constant extra work w of a customer who finds the server idle, seconds.
    public let wakeup: Double

    public init(lambda: Double, service: Distribution, wakeup: Double) {
        let mean = service.mean
        self.lambda = lambda
        meanService = mean
        secondMoment = service.variance + mean * mean
        self.wakeup = wakeup
    }

    public var rho: Double { lambda * meanService }
    /// ρ₀ = λE[S₀] = λ(E[S] + w).
    public var rho0: Double { lambda * (meanService + wakeup) }
    public var isStable: Bool { rho < 1 }
    /// P₀ = (1 − ρ)/(1 − ρ + ρ₀): the fraction of time idle, and (PASTA) of customers who pay the wake-up.
    public var idle: Double { isStable ? (1 - rho) / (1 - rho + rho0) : 0 }
    /// 1 − P₀, the server's utilization.
    public var utilization: Double { 1 - idle }
    /// Mean work per customer, seconds: E[S] + P₀·w. Falls toward E[S] as the load rises.
    public var meanWork: Double { meanService + idle * wakeup }
    /// FIFO mean wait, seconds.
    public var meanWait: Double {
        guard isStable else { return .infinity }
        let s0Squared = secondMoment + 2 * wakeup * meanService + wakeup * wakeup
        return lambda * secondMoment / (2 * (1 - rho)) + lambda * (s0Squared - secondMoment) / (2 * (1 - rho + rho0))
    }
    /// FIFO mean response, seconds: the wait plus the mean work.
    public var meanResponse: Double { isStable ? meanWait + meanWork : .infinity }
}
