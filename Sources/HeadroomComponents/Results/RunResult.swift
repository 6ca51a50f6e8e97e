/// The outcome of one simulation run: plain, deterministic values (no wall-clock figures), so the
/// same spec and seed give an identical result. Storage and analysis handle only these records.
public struct RunResult: Codable, Sendable, Equatable {
    /// The model's name.
    public var model: String
    /// The run's seed.
    public var seed: UInt64
    /// `ok`, or `unstable` when the stability guard stopped the run.
    public var status: RunStatus
    /// Why the run is unstable, in words; nil when ok.
    public var statusReason: String?
    /// Simulated time the run reached, seconds (less than the duration when unstable).
    public var simulatedSeconds: Double
    /// Warm-up discarded from statistics, seconds.
    public var warmupSeconds: Double
    /// Events processed by the calendar, warm-up included.
    public var events: UInt64
    /// Request counts after warm-up, all classes.
    public var requests: RequestCounts
    /// Completed requests per simulated second after warm-up.
    public var throughput: Double
    /// Response time of completed requests after warm-up, all classes.
    public var latency: LatencySummary
    /// Per class, in model order.
    public var classes: [ClassResult]
    /// Per component, in model order.
    public var components: [ComponentResult]
    /// The latency histogram of all completed requests after warm-up.
    public var histogram: [HistogramBucket]

    public init(
        model: String, seed: UInt64, status: RunStatus, statusReason: String?,
        simulatedSeconds: Double, warmupSeconds: Double, events: UInt64,
        requests: RequestCounts, throughput: Double, latency: LatencySummary,
        classes: [ClassResult], components: [ComponentResult], histogram: [HistogramBucket]
    ) {
        self.model = model
        self.seed = seed
        self.status = status
        self.statusReason = statusReason
        self.simulatedSeconds = simulatedSeconds
        self.warmupSeconds = warmupSeconds
        self.events = events
        self.requests = requests
        self.throughput = throughput
        self.latency = latency
        self.classes = classes
        self.components = components
        self.histogram = histogram
    }
}

/// How a run ended.
public enum RunStatus: String, Codable, Sendable {
    /// Ran to its duration.
    case ok
    /// Stopped early by the stability guard: the system could not keep up.
    case unstable
}

/// Requests by outcome, counted after warm-up.
public struct RequestCounts: Codable, Sendable, Equatable, BitwiseCopyable {
    /// Arrived after warm-up.
    public var arrived: UInt64 = 0
    /// Finished their program after warm-up.
    public var completed: UInt64 = 0
    /// Turned away by a full station.
    public var rejected: UInt64 = 0
    /// Left a queue after waiting longer than its timeout.
    public var timedOut: UInt64 = 0
    /// Failed for any other reason (a crashed server, a failed dependency).
    public var failed: UInt64 = 0
    /// Still in the system when the run ended.
    public var inSystem: UInt64 = 0

    public init() {}
}

/// Summary of a response-time sample, in seconds. Percentiles come from an HDR histogram with
/// three significant digits (relative error ≤ 0.1 %); mean and max are exact.
public struct LatencySummary: Codable, Sendable, Equatable {
    public var count: UInt64 = 0
    public var mean: Double = 0
    public var p50: Double = 0
    public var p90: Double = 0
    public var p99: Double = 0
    public var p999: Double = 0
    public var max: Double = 0

    public init() {}
}

/// One bucket of a latency histogram: `count` responses at about `seconds` (the bucket's
/// highest equivalent value, at the histogram's precision).
public struct HistogramBucket: Codable, Sendable, Equatable {
    public var seconds: Double
    public var count: UInt64
    public init(seconds: Double, count: UInt64) {
        self.seconds = seconds
        self.count = count
    }
}

/// Results of one request class.
public struct ClassResult: Codable, Sendable, Equatable {
    public var name: String
    public var requests: RequestCounts
    /// Completed per simulated second after warm-up.
    public var throughput: Double
    public var latency: LatencySummary
    public var histogram: [HistogramBucket]

    public init(
        name: String, requests: RequestCounts, throughput: Double, latency: LatencySummary,
        histogram: [HistogramBucket]
    ) {
        self.name = name
        self.requests = requests
        self.throughput = throughput
        self.latency = latency
        self.histogram = histogram
    }
}

/// Results of one component, after warm-up. Time averages are weighted by simulated time.
public struct ComponentResult: Codable, Sendable, Equatable {
    public var name: String
    /// The component's type, e.g. `station`.
    public var kind: String
    /// Servers (c).
    public var servers: Int
    /// Mean busy servers / servers, in [0, 1].
    public var utilization: Double
    /// Time-average of busy servers.
    public var meanBusy: Double
    /// Time-average of requests waiting in the queue (Lq).
    public var meanQueue: Double
    /// Most requests waiting in the queue at once.
    public var maxQueue: Int
    /// Time-average of requests in the station, waiting or in service (L).
    public var meanInStation: Double
    /// Requests that arrived at the station after warm-up.
    public var arrivals: UInt64
    /// Requests that finished service after warm-up.
    public var completions: UInt64
    /// Arrivals turned away because the station was full.
    public var rejected: UInt64
    /// Requests that left the queue on timeout.
    public var timedOut: UInt64
    /// Completions per simulated second.
    public var throughput: Double
    /// Mean time waiting in the queue of requests that got a server, seconds (Wq).
    public var meanWait: Double
    /// Mean time in the station (wait + service) of requests that completed here, seconds (W).
    public var meanResponse: Double

    public init(
        name: String, kind: String, servers: Int, utilization: Double, meanBusy: Double,
        meanQueue: Double, maxQueue: Int, meanInStation: Double, arrivals: UInt64,
        completions: UInt64, rejected: UInt64, timedOut: UInt64, throughput: Double,
        meanWait: Double, meanResponse: Double
    ) {
        self.name = name
        self.kind = kind
        self.servers = servers
        self.utilization = utilization
        self.meanBusy = meanBusy
        self.meanQueue = meanQueue
        self.maxQueue = maxQueue
        self.meanInStation = meanInStation
        self.arrivals = arrivals
        self.completions = completions
        self.rejected = rejected
        self.timedOut = timedOut
        self.throughput = throughput
        self.meanWait = meanWait
        self.meanResponse = meanResponse
    }
}
