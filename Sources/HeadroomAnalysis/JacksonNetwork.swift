/// An open Jackson network: Poisson arrivals from outside at rate γ_k to station k, M/M/c_k
/// stations, and Markov routing — after service at j a customer goes to k with probability
/// P_jk and leaves with probability 1 − Σ_k P_jk.
///
/// docs/theory.md §8 (open Jackson networks): the traffic equations λ_k = γ_k + Σ_j λ_j·P_jk
/// give each station's total arrival rate, and each station then behaves as an independent
/// M/M/c_k at λ_k. Mean sojourn = (Σ_k L_k) / Σ_k γ_k. Rates per second, times in seconds.
/// Solving the traffic equations is Gaussian elimination, O(n³) in the number of stations.
public struct JacksonNetwork: Sendable {
    /// γ_k, arrivals per second from outside to each station.
    public let externalArrivals: [Double]
    /// P_jk, the probability that a customer leaving station j goes next to station k.
    public let routing: [[Double]]
    /// Each station as the M/M/c it behaves like, at its total arrival rate λ_k.
    public let stations: [MMc]

    /// A network of `servers.count` stations; `routing` is n × n with non-negative rows summing to
    /// at most 1, and every customer must eventually leave (I − P must be invertible).
    public init(externalArrivals: [Double], routing: [[Double]], servers: [(mu: Double, c: Int)]) {
        let n = servers.count
        precondition(externalArrivals.count == n && routing.count == n && routing.allSatisfy { $0.count == n },
                     "a Jackson network needs one arrival rate, one routing row and one column per station")
        precondition(externalArrivals.allSatisfy { $0 >= 0 }, "external arrival rates must be ≥ 0")
        precondition(routing.allSatisfy { row in row.allSatisfy { $0 >= 0 } && row.reduce(0, +) <= 1 + 1e-12 },
                     "routing rows must be probabilities summing to at most 1")
        self.externalArrivals = externalArrivals
        self.routing = routing
        // (I − Pᵀ)·λ = γ.
        var a = (0..<n).map { k in (0..<n).map { j in (j == k ? 1 : 0) - routing[j][k] } }
        let rates = JacksonNetwork.solve(&a, externalArrivals)
        stations = (0..<n).map { MMc(lambda: Swift.max(rates[$0], 0), mu: servers[$0].mu, c: servers[$0].c) }
    }

    /// λ_k, each station's total arrival rate (outside arrivals plus routed ones), per second.
    public var arrivalRates: [Double] { stations.map(\.lambda) }
    /// V_k = λ_k / Σγ, the mean number of visits a customer makes to each station.
    public var visitRatios: [Double] {
        let total = externalArrivals.reduce(0, +)
        return arrivalRates.map { $0 / total }
    }
    /// True when every station has ρ_k < 1.
    public var isStable: Bool { stations.allSatisfy(\.isStable) }
    /// Σ L_k, mean customers in the whole network.
    public var meanInSystem: Double { stations.reduce(0) { $0 + $1.meanInSystem } }
    /// Mean time from entering to leaving the network, (Σ L_k)/(Σ γ_k) seconds (Little's law).
    public var meanSojourn: Double { meanInSystem / externalArrivals.reduce(0, +) }

    /// Solves a·x = b by Gaussian elimination with partial pivoting; traps if a is singular
    /// (a closed loop that customers never leave).
    static func solve(_ a: inout [[Double]], _ b: [Double]) -> [Double] {
        let n = b.count
        var b = b
        for col in 0..<n {
            let pivot = (col..<n).max { abs(a[$0][col]) < abs(a[$1][col]) }!
            precondition(abs(a[pivot][col]) > 1e-14, "the routing has a closed loop: customers never leave")
            a.swapAt(col, pivot)
            b.swapAt(col, pivot)
            for row in (col + 1)..<n {
                let f = a[row][col] / a[col][col]
                guard f != 0 else { continue }
                for k in col..<n { a[row][k] -= f * a[col][k] }
                b[row] -= f * b[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var s = b[row]
            for k in (row + 1)..<n { s -= a[row][k] * x[k] }
            x[row] = s / a[row][row]
        }
        return x
    }
}

extension QueueingTheory {
    /// Mean time through a tandem line of M/M/c stations fed by Poisson arrivals at `lambda` per
    /// second, seconds: W = Σ_k W_k (docs/theory.md §8.3, tandem lines: the case without
    /// feedback). `stations` gives each station's service rate μ (per second, per server) and
    /// server count c. +∞ when any station has ρ ≥ 1.
    public static func tandemJackson(lambda: Double, stations: [(mu: Double, c: Int)]) -> Double {
        stations.reduce(0) { $0 + MMc(lambda: lambda, mu: $1.mu, c: $1.c).meanResponse }
    }

    /// The bottleneck of an open system and the throughput it caps (docs/theory.md §1.5, the
    /// bottleneck bound): X ≤ min_k c_k/D_k, with D_k = V_k·S_k the service demand per request at
    /// station k in seconds and c_k its servers. Returns the first station attaining the minimum
    /// and that bound in requests per second.
    public static func bottleneck(demands: [Double], servers: [Int]) -> (station: Int, maxThroughput: Double) {
        precondition(!demands.isEmpty && demands.count == servers.count, "one demand and one server count per station")
        var best = (station: 0, maxThroughput: Double.infinity)
        for k in demands.indices {
            let bound = demands[k] > 0 ? Double(servers[k]) / demands[k] : .infinity
            if bound < best.maxThroughput { best = (k, bound) }
        }
        return best
    }
}
