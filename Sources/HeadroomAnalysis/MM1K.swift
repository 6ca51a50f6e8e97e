import RealModule

/// The M/M/1/K queue: Poisson arrivals at rate λ, one exponential server at rate μ, room for K
/// customers in all (the one in service included); an arrival that finds K present is lost.
///
/// docs/theory.md §5: P_n = (1 − ρ)ρⁿ/(1 − ρ^{K+1}) for ρ = λ/μ ≠ 1 (1/(K + 1) at ρ = 1),
/// blocking probability P_K, effective rate λ(1 − P_K), L = Σ n·P_n and W = L/(λ(1 − P_K)) for
/// accepted customers. Any ρ is allowed: the system is finite. Rates per second, times in
/// seconds. The probabilities are computed once, in O(K).
public struct MM1K: QueueingModel, Equatable {
    /// λ, offered arrivals per second (≥ 0).
    public let lambda: Double
    /// μ, services per second (> 0).
    public let mu: Double
    /// K, the most customers the system holds, the one in service included (≥ 1).
    public let K: Int
    /// P_0 … P_K, the steady-state probabilities of n customers present (K + 1 values).
    public let probabilities: [Double]

    public init(lambda: Double, mu: Double, K: Int) {
        precondition(lambda >= 0 && mu > 0 && K >= 1, "M/M/1/K needs λ ≥ 0, μ > 0 and K ≥ 1")
        self.lambda = lambda
        self.mu = mu
        self.K = K
        probabilities = MM1K.distribution(rho: lambda / mu, K: K)
    }

    /// P_n ∝ ρⁿ, normalised in closed form. Written so that nothing overflows or cancels:
    /// 1 − ρ^{K+1} is taken as −expm1((K + 1)·ln ρ), and for ρ > 1 the same formula is applied
    /// to r = 1/ρ counting from the full end, since P_n ∝ ρⁿ ∝ r^{K−n}.
    static func distribution(rho: Double, K: Int) -> [Double] {
        if rho == 1 { return Array(repeating: 1 / Double(K + 1), count: K + 1) }
        if rho == 0 { return [1] + Array(repeating: 0, count: K) }
        let r = rho < 1 ? rho : 1 / rho
        let p0 = (1 - r) / -Double.expMinusOne(Double(K + 1) * Double.log(r))
        let fromEmpty = (0...K).map { p0 * Double.pow(r, $0) }
        return rho < 1 ? fromEmpty : fromEmpty.reversed()
    }

    /// ρ = λ/μ, the offered load (any value ≥ 0).
    public var rho: Double { lambda / mu }
    /// P_K, the probability that an arrival finds the system full and is lost.
    public var blockingProbability: Double { probabilities[K] }
    /// λ(1 − P_K), the rate of accepted (and served) customers, per second.
    public var throughput: Double { lambda * (1 - blockingProbability) }
    /// Fraction of time the server is busy, 1 − P_0 (equal to throughput/μ).
    public var utilization: Double { 1 - probabilities[0] }
    /// L = Σ n·P_n, customers.
    public var meanInSystem: Double {
        probabilities.indices.reduce(0) { $0 + Double($1) * probabilities[$1] }
    }
    /// Lq = Σ (n − 1)·P_n over n ≥ 1, customers.
    public var meanInQueue: Double { meanInSystem - utilization }
    /// W = L/(λ(1 − P_K)), seconds, for accepted customers (1/μ when nobody arrives).
    public var meanResponse: Double { throughput > 0 ? meanInSystem / throughput : 1 / mu }
    /// Wq = Lq/(λ(1 − P_K)), seconds, for accepted customers.
    public var meanWait: Double { throughput > 0 ? meanInQueue / throughput : 0 }
}
