import HeadroomKernel

/// The live state and statistics of one resource (c servers and a FIFO queue) during a run; plain
/// values only (its queue is a raw ring buffer), so the engine keeps them in a `Column`.
struct ResourceState: BitwiseCopyable {
    /// Servers; changed by resizes and scaling (a drop takes effect as busy servers free up).
    var servers: Int32
    /// Most requests in the station at once; Int32.max when unbounded.
    let capacity: Int32
    /// Longest wait in queue, seconds; +∞ when none.
    let timeout: Double

    /// Servers in use.
    var busy: Int32 = 0
    /// Live requests waiting (the queue may also hold stale entries of timed-out requests).
    var waiting: Int32 = 0
    /// Waiting requests as (slot << 32 | token); an entry whose token no longer matches its
    /// slot's is stale (the request left) and is skipped. Freed by the engine's deinit.
    var queue = WaitQueue()

    var busyStat = TimeWeightedStat()
    /// Servers over time (they change with scaling and resizes), for utilization: busy time over
    /// this capacity. After a scale-down it counts the servers still busy above the new count
    /// until they free up, so utilization never exceeds 1.
    var serversStat = TimeWeightedStat()
    var queueStat = TimeWeightedStat()
    var arrivals: UInt64 = 0
    var completions: UInt64 = 0
    var rejected: UInt64 = 0
    var timedOut: UInt64 = 0
    var waits = Tally()
    var responses = Tally()
    /// Time holding a server (service), per completion.
    var services = Tally()

    /// A timeout here is a pool timeout (an error of its own kind), not a queue timeout.
    var timeoutIsPoolTimeout = false
    /// Extra work, seconds, of a request that finds a server idle (a station's `wakeup`; 0: none).
    var wakeup = 0.0
    /// Under processor sharing: the fraction of the cores' time left for work while more
    /// requests are present than cores (the context-switch cost); 1 otherwise.
    var efficiency = 1.0

    init(servers: Int, capacity: Int?, timeout: Double?) {
        self.servers = Int32(servers)
        serversStat.set(Double(servers), at: 0)
        self.capacity = capacity.map { Int32(clamping: $0) } ?? .max
        self.timeout = timeout ?? .infinity
    }

    /// Discards statistics gathered so far (end of warm-up) but keeps the live state.
    mutating func resetStatistics(at time: Double) {
        busyStat.reset(at: time)
        queueStat.reset(at: time)
        serversStat.reset(at: time)
        arrivals = 0
        completions = 0
        rejected = 0
        timedOut = 0
        waits.reset()
        responses.reset()
        services.reset()
    }
}
