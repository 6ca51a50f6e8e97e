import HeadroomKernel

/// The closed form that fits one queue of a model, with its figures: which formula, whether its
/// assumptions hold exactly, and what it predicts (times in seconds, counts in requests).
///
/// Chosen by ``choose(lambda:service:scv:exponential:servers:capacity:timeout:poissonArrivals:)``:
///
/// | queue | form | source |
/// |---|---|---|
/// | no waiting possible (zero service time) | `zero time` | W = 0 |
/// | a wait timeout | `none` (reneging has no closed form here; the bound still holds) | — |
/// | bounded, exponential service | `M/M/1/K`, `M/M/c/K` | docs/theory.md §5, §6 |
/// | bounded, other service | `M/M/c/K` with the mean service, marked approximate | §6 |
/// | one server | `M/M/1`, `M/D/1`, `M/G/1` (Pollaczek–Khinchine) | §2, §7 |
/// | several servers, exponential service | `M/M/c` (Erlang C, p99 of the response) | §3 |
/// | several servers, other service | `M/G/c`: Wq ≈ Wq(M/M/c)·(1 + SCV)/2 | §3, §7 |
///
/// `exact` is true only when the form's assumptions hold: Poisson arrivals at the queue
/// (`poissonArrivals`) and the form's service law (M/G/c is never exact).
public struct ClosedForm: Codable, Sendable, Equatable {
    /// Kendall's notation of the form used (`M/M/c`, `M/D/1`, `M/M/1/K`, …), `zero time` or `none`.
    public var name: String
    /// True when the form's assumptions hold in the model; false marks an approximation (~).
    public var exact: Bool
    /// False when the queue cannot keep up (ρ ≥ 1 without a bound): it grows without limit.
    public var stable: Bool
    /// Arrivals per second the queue serves (λ less what a full queue turns away).
    public var throughput: Double
    /// Busy servers over servers, of the traffic served.
    public var utilization: Double
    /// Mean wait in queue Wq and mean response W = Wq + S, seconds; nil for `none` or unstable.
    public var wait: Double?
    public var response: Double?
    /// Mean number waiting Lq and in the queue L (waiting or served); nil for `none` or unstable.
    public var inQueue: Double?
    public var inSystem: Double?
    /// Probability that an arrival waits (Erlang C; for a bounded queue, among those admitted).
    public var waitProbability: Double?
    /// 99th percentile of the response time, seconds (M/M/c only: its response distribution is known).
    public var p99: Double?
    /// Probability that an arrival finds the queue full and is turned away (bounded queues).
    public var blocking: Double?

    /// The form for a queue with `servers` servers fed `lambda` arrivals per second holding for
    /// `service` seconds on average (squared coefficient of variation `scv`), holding at most
    /// `capacity` requests (in service plus waiting; nil unbounded), with a wait `timeout`.
    public static func choose(
        lambda: Double, service: Double, scv: Double, exponential: Bool, servers c: Int, capacity: Int?,
        timeout: Double?, poissonArrivals: Bool, sharing: Double? = nil, wakeup: Double = 0
    ) -> ClosedForm {
        precondition(lambda > 0 && c >= 1, "a closed form needs arrivals and servers")
        let a = lambda * service
        if service == 0 {
            return ClosedForm(
                name: "zero time", exact: true, stable: true, throughput: lambda, utilization: 0, wait: 0, response: 0,
                inQueue: 0, inSystem: 0, waitProbability: 0, p99: 0, blocking: capacity.map { _ in 0 })
        }
        if timeout != nil {
            return ClosedForm(
                name: "none", exact: false, stable: true, throughput: lambda, utilization: a / Double(c), wait: nil,
                response: nil, inQueue: nil, inSystem: nil, waitProbability: nil, p99: nil, blocking: nil)
        }
        guard service.isFinite else { return unstable(lambda: lambda, offered: a, servers: c, name: "M/G/\(c)") }
        if let efficiency = sharing, capacity == nil {
            return processorSharing(lambda: lambda, service: service, servers: c, efficiency: efficiency,
                                    wakeup: wakeup, poissonArrivals: poissonArrivals)
        }
        if let capacity {
            let q = MMcK(lambda: lambda, mu: 1 / service, c: c, K: Swift.max(capacity, c))
            return ClosedForm(
                name: c == 1 ? "M/M/1/K" : "M/M/c/K", exact: exponential && poissonArrivals, stable: true,
                throughput: q.throughput, utilization: q.utilization, wait: q.meanWait, response: q.meanResponse,
                inQueue: q.meanInQueue, inSystem: q.meanInSystem, waitProbability: q.probabilityOfWaiting, p99: nil,
                blocking: q.blockingProbability)
        }
        guard a < Double(c) else {
            return unstable(lambda: lambda, offered: a, servers: c, name: exponential ? (c == 1 ? "M/M/1" : "M/M/c") : "M/G/\(c == 1 ? "1" : "c")")
        }
        if exponential {
            let q = MMc(lambda: lambda, mu: 1 / service, c: c)
            return ClosedForm(
                name: c == 1 ? "M/M/1" : "M/M/c", exact: poissonArrivals, stable: true, throughput: lambda,
                utilization: q.utilization, wait: q.meanWait, response: q.meanResponse, inQueue: q.meanInQueue,
                inSystem: q.meanInSystem, waitProbability: q.probabilityOfWaiting, p99: q.responseQuantile(0.99),
                blocking: nil)
        }
        if c == 1 {
            let q = MG1(lambda: lambda, meanService: service, scv: scv)
            return ClosedForm(
                name: scv == 0 ? "M/D/1" : "M/G/1", exact: poissonArrivals, stable: true, throughput: lambda,
                utilization: q.utilization, wait: q.meanWait, response: q.meanResponse, inQueue: q.meanInQueue,
                inSystem: q.meanInSystem, waitProbability: q.utilization, p99: nil, blocking: nil)
        }
        // M/G/c: the M/M/c wait scaled by (1 + SCV)/2 (Allen–Cunneen with Poisson arrivals).
        let q = MMc(lambda: lambda, mu: 1 / service, c: c)
        let wait = q.meanWait * (1 + scv) / 2
        return ClosedForm(
            name: "M/G/c", exact: false, stable: true, throughput: lambda, utilization: q.utilization, wait: wait,
            response: wait + service, inQueue: lambda * wait, inSystem: lambda * (wait + service),
            waitProbability: q.probabilityOfWaiting, p99: nil, blocking: nil)
    }

    /// Processor-sharing cores (docs/theory.md §16): a symmetric queue, so the M/M/c-PS chain's
    /// means (with the context-switch efficiency above c) hold for any service distribution.
    /// A wake-up cost has no closed form here: only the utilization bounds are given.
    private static func processorSharing(
        lambda: Double, service: Double, servers c: Int, efficiency: Double, wakeup: Double, poissonArrivals: Bool
    ) -> ClosedForm {
        let name = c == 1 ? "M/G/1-PS" : "M/G/c-PS"
        let chain = MMcPSWithSwitching(lambda: lambda, meanService: service, cores: c, efficiency: efficiency)
        guard chain.isStable else { return unstable(lambda: lambda, offered: lambda * service, servers: c, name: name) }
        if wakeup > 0 {
            return ClosedForm(
                name: "none", exact: false, stable: true, throughput: lambda, utilization: lambda * service / Double(c),
                wait: nil, response: nil, inQueue: nil, inSystem: nil, waitProbability: nil, p99: nil, blocking: nil)
        }
        let response = chain.meanResponse
        return ClosedForm(
            name: name, exact: poissonArrivals, stable: true, throughput: lambda, utilization: chain.busyCores / Double(c),
            wait: response - service, response: response, inQueue: lambda * (response - service),
            inSystem: chain.meanInSystem, waitProbability: nil, p99: nil, blocking: nil)
    }

    /// A queue that cannot keep up: its utilization is the offered a/c (≥ 1), no steady state.
    private static func unstable(lambda: Double, offered a: Double, servers c: Int, name: String) -> ClosedForm {
        ClosedForm(
            name: name, exact: false, stable: false, throughput: lambda, utilization: a / Double(c), wait: nil,
            response: nil, inQueue: nil, inSystem: nil, waitProbability: nil, p99: nil, blocking: nil)
    }
}
