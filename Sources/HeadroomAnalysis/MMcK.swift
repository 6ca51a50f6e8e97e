import RealModule

/// The M/M/c/K queue: Poisson arrivals at rate λ, `c` exponential servers at rate μ each, room
/// for K ≥ c customers in all; an arrival that finds K present is lost. K = c is Erlang's loss
/// system M/M/c/c.
///
/// docs/theory.md §6: the birth–death chain with rates λ up for n < K and μ·min(n, c) down,
/// so P_n ∝ Π_{k=1}^{n} λ/(μ·min(k, c)). The products are summed in logarithms and scaled by
/// their largest term, so any load and any K work without overflow. Rates per second, times in
/// seconds. The probabilities are computed once, in O(K).
public struct MMcK: QueueingModel, Equatable {
    /// λ, offered arrivals per second (≥ 0).
    public let lambda: Double
    /// μ, services per second per server (> 0).
    public let mu: Double
    /// c, the number of servers (≥ 1).
    public let c: Int
    /// K, the most customers the system holds, those in service included (≥ c).
    public let K: Int
    /// P_0 … P_K, the steady-state probabilities of n customers present (K + 1 values).
    public let probabilities: [Double]

    public init(lambda: Double, mu: Double, c: Int, K: Int) {
        precondition(lambda >= 0 && mu > 0 && c >= 1 && K >= c, "M/M/c/K needs λ ≥ 0, μ > 0, c ≥ 1 and K ≥ c")
        self.lambda = lambda
        self.mu = mu
        self.c = c
        self.K = K
        var logWeights = [0.0]
        logWeights.reserveCapacity(K + 1)
        for n in stride(from: 1, through: K, by: 1) {
            logWeights.append(logWeights[n - 1] + Double.log(lambda / (mu * Double(Swift.min(n, c)))))
        }
        let top = logWeights.max()!
        let weights = logWeights.map { Double.exp($0 - top) }
        let total = weights.reduce(0, +)
        probabilities = weights.map { $0 / total }
    }

    /// a = λ/μ, the offered load in Erlangs.
    public var offeredLoad: Double { lambda / mu }
    /// ρ = λ/(cμ), the offered load per server (any value ≥ 0).
    public var rho: Double { lambda / (Double(c) * mu) }
    /// P_K, the probability that an arrival finds the system full and is lost.
    public var blockingProbability: Double { probabilities[K] }
    /// λ(1 − P_K), the rate of accepted (and served) customers, per second.
    public var throughput: Double { lambda * (1 - blockingProbability) }
    /// Mean number of busy servers, Σ min(n, c)·P_n (equal to throughput/μ).
    public var meanBusyServers: Double {
        probabilities.indices.reduce(0) { $0 + Double(Swift.min($1, c)) * probabilities[$1] }
    }
    /// Fraction of server capacity busy, mean busy servers / c.
    public var utilization: Double { meanBusyServers / Double(c) }
    /// P(an accepted arrival waits): the chance of finding c ≤ n < K present, given n < K.
    public var probabilityOfWaiting: Double {
        guard K > c else { return 0 }
        let waiting = probabilities[c..<K].reduce(0, +)
        return waiting / (1 - blockingProbability)
    }
    /// L = Σ n·P_n, customers.
    public var meanInSystem: Double {
        probabilities.indices.reduce(0) { $0 + Double($1) * probabilities[$1] }
    }
    /// Lq = Σ (n − c)·P_n over n > c, customers.
    public var meanInQueue: Double {
        probabilities.indices.reduce(0) { $0 + Double(Swift.max($1 - c, 0)) * probabilities[$1] }
    }
    /// W = L/(λ(1 − P_K)), seconds, for accepted customers (1/μ when nobody arrives).
    public var meanResponse: Double { throughput > 0 ? meanInSystem / throughput : 1 / mu }
    /// Wq = Lq/(λ(1 − P_K)), seconds, for accepted customers.
    public var meanWait: Double { throughput > 0 ? meanInQueue / throughput : 0 }
}
