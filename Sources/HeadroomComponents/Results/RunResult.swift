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
    /// Metrics per window over the whole run (warm-up included, so a spike's start shows).
    public var series: [SeriesPoint]
    /// Alerts that fired, in time order.
    public var alerts: [AlertEvent]
    /// How the run stood against its service level over time; nil without an SLO.
    public var recovery: Recovery?
    /// What the replicas and workers cost over the run, in the model's currency.
    public var cost: Double
    /// What the run says about the system (see ``Verdict``); nil in results stored before runs
    /// carried one.
    public var verdict: Verdict?
    /// Why the verdict is not `ok`, in words.
    public var verdictReason: String?
    /// Every bucket of the run's HDR latency histogram (three significant digits, 0.1 %), so
    /// that replications pool into exactly the percentiles one histogram of all their requests
    /// would give. Held in memory only: neither stored nor printed (``histogram`` is, in 1 % bins).
    public var fineHistogram: [HistogramBucket] = []
    /// What the replay of a trace did; nil for runs without one.
    public var replay: ReplaySummary?

    private enum CodingKeys: String, CodingKey {
        case model, seed, status, statusReason, simulatedSeconds, warmupSeconds, events, requests, throughput, latency
        case classes, components, histogram, series, alerts, recovery, cost, verdict, verdictReason, replay
    }

    public init(
        model: String, seed: UInt64, status: RunStatus, statusReason: String?,
        simulatedSeconds: Double, warmupSeconds: Double, events: UInt64,
        requests: RequestCounts, throughput: Double, latency: LatencySummary,
        classes: [ClassResult], components: [ComponentResult], histogram: [HistogramBucket],
        series: [SeriesPoint] = [], alerts: [AlertEvent] = [], recovery: Recovery? = nil, cost: Double = 0,
        verdict: Verdict? = nil, verdictReason: String? = nil
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
        self.series = series
        self.alerts = alerts
        self.recovery = recovery
        self.cost = cost
        self.verdict = verdict
        self.verdictReason = verdictReason
    }
}

/// One value of one metric over one window: `scope` is a component name, or "" for run-wide
/// metrics (throughput, latency_p50/p99, error_rate, in_system, …).
public struct SeriesPoint: Codable, Sendable, Equatable {
    /// End of the window, seconds.
    public var time: Double
    public var scope: String
    public var metric: String
    public var value: Double

    public init(time: Double, scope: String, metric: String, value: Double) {
        self.time = time
        self.scope = scope
        self.metric = metric
        self.value = value
    }
}

/// An alert that fired: when, when it resolved (nil if still firing at the end), the worst value.
public struct AlertEvent: Codable, Sendable, Equatable {
    public var name: String
    public var scope: String
    public var metric: String
    public var threshold: Double
    /// When the condition had held for the rule's hold time, seconds.
    public var firedAt: Double
    /// The end of the first window back under the threshold, seconds.
    public var resolvedAt: Double?
    /// The highest value while firing.
    public var peak: Double

    public init(name: String, scope: String, metric: String, threshold: Double, firedAt: Double, resolvedAt: Double?,
                peak: Double) {
        self.name = name
        self.scope = scope
        self.metric = metric
        self.threshold = threshold
        self.firedAt = firedAt
        self.resolvedAt = resolvedAt
        self.peak = peak
    }
}

/// Recovery figures for a run with a spike or a fault, judged window by window against the SLO.
public struct Recovery: Codable, Sendable, Equatable {
    /// Most requests in the system at once (the peak backlog).
    public var peakBacklog: Int
    /// Total length of the windows that broke the SLO, seconds.
    public var secondsInViolation: Double
    /// Start of the first violating window, seconds; nil if the SLO always held.
    public var firstViolation: Double?
    /// End of the last violating window: from then on the SLO holds again; nil if it never broke.
    public var sloHoldsAgainAt: Double?
    /// From the first violation to when the SLO holds again, seconds (0 if it never broke).
    public var timeToRecover: Double
    /// Whether the SLO still breaks in the last window (the system did not recover by the end).
    public var violatedAtEnd: Bool
    /// Requests that ended in an error (rejected, timed out, pool timeout, failed, client
    /// gave up) in the violating windows.
    public var requestsLost: UInt64

    public init(peakBacklog: Int, secondsInViolation: Double, firstViolation: Double?, sloHoldsAgainAt: Double?,
                timeToRecover: Double, violatedAtEnd: Bool, requestsLost: UInt64) {
        self.peakBacklog = peakBacklog
        self.secondsInViolation = secondsInViolation
        self.firstViolation = firstViolation
        self.sloHoldsAgainAt = sloHoldsAgainAt
        self.timeToRecover = timeToRecover
        self.violatedAtEnd = violatedAtEnd
        self.requestsLost = requestsLost
    }
}

/// What a run says about the system it simulated, in order of precedence:
///
/// - `unstable`: it could not keep up. The stability guard stopped it, or its backlog grew
///   through the measured part of the run: requests in the system at the end at least 100 and
///   a quarter more than half-way, having piled up at 0.5 % or more of the throughput a second
///   over the second half (a steady run's backlog wanders; this one kept growing).
/// - `slo_missed`: it kept up, but its p99 or its error rate broke the model's SLO.
/// - `ok`: neither.
public enum Verdict: String, Codable, Sendable, Comparable {
    case ok
    case sloMissed = "slo_missed"
    case unstable

    /// Worse verdicts compare greater: `ok` < `slo_missed` < `unstable`.
    public static func < (a: Verdict, b: Verdict) -> Bool { a.rank < b.rank }

    private var rank: Int {
        switch self {
        case .ok: 0
        case .sloMissed: 1
        case .unstable: 2
        }
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
    /// Gave up waiting for a pool connection (the pool's acquire timeout).
    public var poolTimedOut: UInt64 = 0
    /// Attempts the client gave up on (its timeout) before they finished.
    public var clientTimedOut: UInt64 = 0
    /// Attempts that were retries of an earlier one (included in `arrived`).
    public var retries: UInt64 = 0
    /// Failed for any other reason (a crashed server, a failed dependency).
    public var failed: UInt64 = 0
    /// Still in the system when the run ended.
    public var inSystem: UInt64 = 0

    public init() {}

    /// Adds every count of `other` (classes into a run, replications into one).
    public static func += (lhs: inout RequestCounts, rhs: RequestCounts) {
        lhs.arrived += rhs.arrived
        lhs.completed += rhs.completed
        lhs.rejected += rhs.rejected
        lhs.timedOut += rhs.timedOut
        lhs.poolTimedOut += rhs.poolTimedOut
        lhs.clientTimedOut += rhs.clientTimedOut
        lhs.retries += rhs.retries
        lhs.failed += rhs.failed
        lhs.inSystem += rhs.inSystem
    }

    /// Requests that ended in an error of any kind.
    public var errors: UInt64 { rejected + timedOut + poolTimedOut + failed + clientTimedOut }

    /// Attempts per first attempt: 1 without retries (the retry amplification).
    public var amplification: Double {
        arrived > retries ? Double(arrived) / Double(arrived - retries) : 1
    }
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
    /// The class's full HDR histogram, in memory only (see ``RunResult/fineHistogram``).
    public var fineHistogram: [HistogramBucket] = []

    private enum CodingKeys: String, CodingKey {
        case name, requests, throughput, latency, histogram
    }

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

/// Queueing figures of one resource (a station, a replica's threads or cores, a pool, a
/// database node, a queue's workers), after warm-up. Time averages are weighted by simulated
/// time.
///
/// A resource of a run carries its ``ResourceDeclaration`` (role, replica, shard, sizing key,
/// group), encoded flat beside the figures; a component's headline `load`, which sums several
/// resources, carries none.
public struct ResourceResult: Sendable, Equatable {
    public var name: String
    /// Who the resource is (nil for a component's summed headline, and in records stored before
    /// resources carried their roles).
    public var declaration: ResourceDeclaration?
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
        name: String, servers: Int, utilization: Double, meanBusy: Double,
        meanQueue: Double, maxQueue: Int, meanInStation: Double, arrivals: UInt64,
        completions: UInt64, rejected: UInt64, timedOut: UInt64, throughput: Double,
        meanWait: Double, meanResponse: Double, declaration: ResourceDeclaration? = nil
    ) {
        self.name = name
        self.declaration = declaration
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

extension ResourceResult: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, servers, utilization, meanBusy, meanQueue, maxQueue, meanInStation, arrivals, completions, rejected,
             timedOut, throughput, meanWait, meanResponse
        case component, type, role, replica, shard, sizedBy, group
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        servers = try c.decode(Int.self, forKey: .servers)
        utilization = try c.decode(Double.self, forKey: .utilization)
        meanBusy = try c.decode(Double.self, forKey: .meanBusy)
        meanQueue = try c.decode(Double.self, forKey: .meanQueue)
        maxQueue = try c.decode(Int.self, forKey: .maxQueue)
        meanInStation = try c.decode(Double.self, forKey: .meanInStation)
        arrivals = try c.decode(UInt64.self, forKey: .arrivals)
        completions = try c.decode(UInt64.self, forKey: .completions)
        rejected = try c.decode(UInt64.self, forKey: .rejected)
        timedOut = try c.decode(UInt64.self, forKey: .timedOut)
        throughput = try c.decode(Double.self, forKey: .throughput)
        meanWait = try c.decode(Double.self, forKey: .meanWait)
        meanResponse = try c.decode(Double.self, forKey: .meanResponse)
        if let role = try c.decodeIfPresent(ResourceRole.self, forKey: .role) {
            declaration = ResourceDeclaration(
                name: name, component: try c.decode(String.self, forKey: .component),
                type: try c.decode(ComponentType.self, forKey: .type), role: role,
                replica: try c.decodeIfPresent(Int.self, forKey: .replica),
                shard: try c.decodeIfPresent(Int.self, forKey: .shard),
                sizedBy: try c.decode(String.self, forKey: .sizedBy), group: try c.decode(String.self, forKey: .group))
        } else {
            declaration = nil
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(servers, forKey: .servers)
        try c.encode(utilization, forKey: .utilization)
        try c.encode(meanBusy, forKey: .meanBusy)
        try c.encode(meanQueue, forKey: .meanQueue)
        try c.encode(maxQueue, forKey: .maxQueue)
        try c.encode(meanInStation, forKey: .meanInStation)
        try c.encode(arrivals, forKey: .arrivals)
        try c.encode(completions, forKey: .completions)
        try c.encode(rejected, forKey: .rejected)
        try c.encode(timedOut, forKey: .timedOut)
        try c.encode(throughput, forKey: .throughput)
        try c.encode(meanWait, forKey: .meanWait)
        try c.encode(meanResponse, forKey: .meanResponse)
        if let d = declaration {
            try c.encode(d.component, forKey: .component)
            try c.encode(d.type, forKey: .type)
            try c.encode(d.role, forKey: .role)
            try c.encodeIfPresent(d.replica, forKey: .replica)
            try c.encodeIfPresent(d.shard, forKey: .shard)
            try c.encode(d.sizedBy, forKey: .sizedBy)
            try c.encode(d.group, forKey: .group)
        }
    }
}

/// Results of one component, after warm-up.
///
/// `load` holds the headline queueing figures (summed or averaged over the component's replicas,
/// shards or nodes; its fields are also readable directly, `component.utilization`), `metrics`
/// the figures only this kind has (cache hit rate, pool usage, stale reads, dead letters…), and
/// `resources` every underlying resource, so a hot replica or shard shows. Encoded flat: the
/// load's fields and the metrics beside `name` and `kind`.
public struct ComponentResult: Sendable, Equatable {
    public var name: String
    /// The component's type, e.g. `station`, `cache`.
    public var kind: ComponentType
    public var load: ResourceResult
    /// Kind-specific figures, snake_case names (e.g. `hit_rate`, `pool_usage`).
    public var metrics: [String: Double]
    /// Every resource of the component with its declaration (role, replica, shard, sizing key),
    /// named `component` or `component.part` (e.g. `app.2.cores`): the figures analysis ranks.
    public var resources: [ResourceResult]

    public init(name: String, kind: ComponentType, load: ResourceResult, metrics: [String: Double] = [:],
                resources: [ResourceResult] = []) {
        self.name = name
        self.kind = kind
        self.load = load
        self.metrics = metrics
        self.resources = resources
    }

    public var servers: Int { load.servers }
    public var utilization: Double { load.utilization }
    public var meanBusy: Double { load.meanBusy }
    public var meanQueue: Double { load.meanQueue }
    public var maxQueue: Int { load.maxQueue }
    public var meanInStation: Double { load.meanInStation }
    public var arrivals: UInt64 { load.arrivals }
    public var completions: UInt64 { load.completions }
    public var rejected: UInt64 { load.rejected }
    public var timedOut: UInt64 { load.timedOut }
    public var throughput: Double { load.throughput }
    public var meanWait: Double { load.meanWait }
    public var meanResponse: Double { load.meanResponse }
}

extension ComponentResult: Codable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
    /// Keys of the flat encoding that are not metrics.
    private static let fixed: Set<String> = [
        "name", "kind", "resources", "servers", "utilization", "mean_busy", "meanBusy", "mean_queue", "meanQueue",
        "max_queue", "maxQueue", "mean_in_station", "meanInStation", "arrivals", "completions", "rejected",
        "timed_out", "timedOut", "throughput", "mean_wait", "meanWait", "mean_response", "meanResponse",
        "component", "type", "role", "replica", "shard", "sized_by", "sizedBy", "group",
    ]

    public func encode(to encoder: Encoder) throws {
        try load.encode(to: encoder)
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(kind, forKey: Key(stringValue: "kind"))
        try c.encode(resources, forKey: Key(stringValue: "resources"))
        for (metric, value) in metrics { try c.encode(value, forKey: Key(stringValue: metric)) }
    }

    public init(from decoder: Decoder) throws {
        load = try ResourceResult(from: decoder)
        name = load.name
        let c = try decoder.container(keyedBy: Key.self)
        kind = try c.decode(ComponentType.self, forKey: Key(stringValue: "kind"))
        resources = try c.decodeIfPresent([ResourceResult].self, forKey: Key(stringValue: "resources")) ?? []
        var metrics: [String: Double] = [:]
        for key in c.allKeys where !Self.fixed.contains(key.stringValue) {
            // A decoder that converts from snake case hands `hit_rate` over as `hitRate`.
            if let value = try? c.decode(Double.self, forKey: key) { metrics[Self.snakeCased(key.stringValue)] = value }
        }
        self.metrics = metrics
    }

    /// `hitRate` → `hit_rate`; snake-case names come back unchanged.
    static func snakeCased(_ name: String) -> String {
        var out = ""
        for ch in name {
            if ch.isUppercase {
                out += "_" + ch.lowercased()
            } else {
                out.append(ch)
            }
        }
        return out
    }
}
