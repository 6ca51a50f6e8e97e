/// Run-time state of a rate limiter: the GCRA's theoretical arrival time and its counters.
///
/// GCRA with emission interval T = 1/rate and tolerance τ = (burst − 1)·T: a request at time t
/// conforms at c = max(tat, t) − τ; it goes on at once when c ≤ t, is held c − t seconds (policy
/// `queue`, within `maxWait`) or is rejected; every request let through moves tat to
/// max(tat, t) + T. With burst 1 and policy `queue` the holds follow Lindley's recursion of an
/// M/D/1 queue with service T; with policy `reject` a Poisson stream of rate λ is let through at
/// λ / (1 + λT) (docs/theory.md §7.4).
struct RateLimiterState: BitwiseCopyable {
    /// Theoretical arrival time of the next request, seconds.
    var tat: Double = -.infinity
    /// Emission interval T, seconds per token.
    var interval: Double = 0
    /// Tolerance τ = (burst − 1)·T, seconds.
    var tolerance: Double = 0
    /// Longest hold, seconds: 0 for `reject`, `maxWait` (or ∞) for `queue`.
    var maxDelay: Double = 0
    var admitted: UInt64 = 0
    var held: UInt64 = 0
    var rejected: UInt64 = 0
    /// Sum of holds, seconds (their mean over `admitted`).
    var delaySum: Double = 0
    /// Let through and rejected since the last time-series window (counted through warm-up too).
    var windowAdmitted: UInt64 = 0
    var windowRejected: UInt64 = 0

    /// Seconds early a request may be and still conform (1 ns).
    static let slack = 1e-9

    mutating func resetStatistics() {
        admitted = 0; held = 0; rejected = 0; delaySum = 0
    }
}

extension ComponentTables {
    /// Rate limiter `index`: its interval, tolerance and longest hold.
    mutating func addRateLimiter(_ limiter: RateLimiterSpec, index: Int) {
        limiters[index].interval = 1 / limiter.rate
        limiters[index].tolerance = Double(limiter.burst - 1) / limiter.rate
        limiters[index].maxDelay = switch limiter.policy {
        case .reject: 0
        case .queue: limiter.maxWait ?? .infinity
        }
    }
}

extension Engine {
    /// A request takes a token of limiter `l`: the seconds it is held (0: it goes on at once), or
    /// −1 when it is rejected.
    @inline(__always)
    mutating func rateLimit(limiter l: Int) -> Double {
        let now = calendar.now
        let tat = max(limiters[l].tat, now)
        // Conformance within 1 ns (the shortest duration a model can write) counts as on time:
        // sums of intervals round, and a request due exactly when a token accrues must not be
        // rejected for a rounding error.
        var delay = tat - limiters[l].tolerance - now
        if delay <= RateLimiterState.slack { delay = 0 }
        guard delay <= limiters[l].maxDelay else {
            limiters[l].rejected &+= 1
            limiters[l].windowRejected &+= 1
            return -1
        }
        limiters[l].tat = tat + limiters[l].interval
        limiters[l].admitted &+= 1
        limiters[l].windowAdmitted &+= 1
        guard delay > 0 else { return 0 }
        limiters[l].held &+= 1
        limiters[l].delaySum += delay
        return delay
    }
}
