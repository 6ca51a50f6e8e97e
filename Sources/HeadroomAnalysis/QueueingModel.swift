/// The mean-value results every closed-form queue in this module gives, so that `explain` can
/// print any of them beside a simulated station and tests can check Little's law on all of them.
///
/// Units: rates per second, times in seconds, counts in customers. Any consistent time unit
/// works; the simulator's is the second. Results assume the steady state; an unstable infinite
/// queue (ρ ≥ 1) reports infinite waits and counts rather than trapping.
public protocol QueueingModel: Sendable {
    /// λ, offered arrival rate, per second.
    var lambda: Double { get }
    /// Customers served per second in the steady state: λ for a stable infinite queue, λ less the
    /// blocked ones for a finite one, the full capacity cμ for an unstable one.
    var throughput: Double { get }
    /// Fraction of the total server capacity in use, in 0...1.
    var utilization: Double { get }
    /// W, mean response (sojourn) time of served customers, wait plus service, seconds.
    var meanResponse: Double { get }
    /// Wq, mean time served customers wait in the queue before service, seconds.
    var meanWait: Double { get }
    /// L, mean number in the system (queue and service).
    var meanInSystem: Double { get }
    /// Lq, mean number waiting in the queue.
    var meanInQueue: Double { get }
}
