import HeadroomComponents

/// What `headroom run` reports: the (pooled) result of one invocation with its identity, wall
/// time and, for several replications, confidence intervals. Encodes to the documented JSON.
public struct RunReport: Sendable {
    /// Store ids of the runs, in replication order; empty when not stored.
    public var runIDs: [Int64]
    /// The model file as given.
    public var file: String
    /// `--set` overrides as given.
    public var overrides: [String]
    /// The base seed (replication i used seed + i).
    public var seed: UInt64
    /// Wall-clock seconds of the whole simulation work (all replications).
    public var wallSeconds: Double
    /// One result per replication.
    public var replications: [RunResult]
    /// The replications pooled (the run itself when there is one).
    public var pooled: RunResult
    /// 95 % confidence intervals across replications; nil for a single run.
    public var confidence: Confidence?
    /// Whether the JSON document carries the time series (`series`, the first replication's):
    /// off by default, since it can run to many thousands of points.
    public var includeSeries = false

    public init(runIDs: [Int64], file: String, overrides: [String], seed: UInt64, wallSeconds: Double,
                replications: [RunResult]) {
        self.runIDs = runIDs
        self.file = file
        self.overrides = overrides
        self.seed = seed
        self.wallSeconds = wallSeconds
        self.replications = replications
        self.pooled = RunResult.pooled(replications)
        self.confidence = replications.count > 1 ? Confidence(replications) : nil
    }
}

/// 95 % confidence intervals, from the spread of independent replications (Student t with
/// n − 1 degrees of freedom), for the three figures a planner quotes.
public struct Confidence: Sendable, Encodable {
    /// Mean response time, seconds.
    public var latencyMean: Interval
    /// 99th percentile of response time, seconds.
    public var latencyP99: Interval
    /// Completed requests per second.
    public var throughput: Interval

    /// A mean over replications and the half-width of its 95 % confidence interval.
    public struct Interval: Sendable, Encodable {
        public var mean: Double
        public var halfWidth: Double
        public var replications: Int
    }

    public init(_ results: [RunResult]) {
        func interval(_ value: (RunResult) -> Double) -> Interval {
            let ci = ConfidenceInterval(results.map(value))
            return Interval(mean: ci.mean, halfWidth: ci.halfWidth, replications: results.count)
        }
        latencyMean = interval { $0.latency.mean }
        latencyP99 = interval { $0.latency.p99 }
        throughput = interval(\.throughput)
    }
}

extension RunReport: Encodable {
    /// The version of the document's shape, `schema_version` in it, described by
    /// docs/run-result.schema.json. Adding a key keeps it; renaming, removing or changing the
    /// meaning or type of one raises it, so a program reading the JSON can tell.
    public static let schemaVersion = 1

    enum Key: String, CodingKey {
        case schemaVersion = "schema_version"
        case runID = "run_id", runIDs = "run_ids", model, file, overrides, seed, status
        case statusReason = "status_reason", simulatedSeconds = "simulated_seconds"
        case warmupSeconds = "warmup_seconds", wallSeconds = "wall_seconds", events, requests
        case throughput, latency, classes, components, replications, confidence
        case amplification, cost, costPerHour = "cost_per_hour", recovery, alerts, series
        case verdict, verdictReason = "verdict_reason", replay
    }

    /// Flat document: the pooled result's fields at the top, classes and components keyed by
    /// name, snake_case keys (the encoder converts nested ones). `alerts`, `recovery` (null
    /// without an SLO), `replay` (only with a replayed trace) and, with ``includeSeries``,
    /// `series` are the first replication's.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(Self.schemaVersion, forKey: .schemaVersion)
        try c.encode(runIDs.first, forKey: .runID)
        try c.encode(runIDs, forKey: .runIDs)
        try c.encode(pooled.model, forKey: .model)
        try c.encode(file, forKey: .file)
        try c.encode(overrides, forKey: .overrides)
        try c.encode(seed, forKey: .seed)
        try c.encode(pooled.status, forKey: .status)
        try c.encode(pooled.statusReason, forKey: .statusReason)
        try c.encode(pooled.verdict ?? (pooled.status == .unstable ? .unstable : .ok), forKey: .verdict)
        try c.encode(pooled.verdictReason, forKey: .verdictReason)
        try c.encode(pooled.simulatedSeconds, forKey: .simulatedSeconds)
        try c.encode(pooled.warmupSeconds, forKey: .warmupSeconds)
        try c.encode(wallSeconds, forKey: .wallSeconds)
        try c.encode(pooled.events, forKey: .events)
        try c.encode(pooled.requests, forKey: .requests)
        try c.encode(pooled.requests.amplification, forKey: .amplification)
        try c.encode(pooled.throughput, forKey: .throughput)
        try c.encode(pooled.latency, forKey: .latency)
        try c.encode(Dictionary(uniqueKeysWithValues: pooled.classes.map { ($0.name, ClassEntry($0)) }), forKey: .classes)
        try c.encode(Dictionary(uniqueKeysWithValues: pooled.components.map { ($0.name, $0) }),
                     forKey: .components)
        try c.encode(pooled.cost, forKey: .cost)
        // What the run cost per hour of simulated time (its price when nothing scaled).
        try c.encode(pooled.simulatedSeconds > 0 ? pooled.cost / (pooled.simulatedSeconds / 3600) : 0, forKey: .costPerHour)
        try c.encode(pooled.recovery.map(RecoveryEntry.init), forKey: .recovery)
        try c.encode(pooled.alerts.map(AlertEntry.init), forKey: .alerts)
        try c.encode(replications.count, forKey: .replications)
        try c.encodeIfPresent(confidence, forKey: .confidence)
        if includeSeries { try c.encode(pooled.series, forKey: .series) }
        try c.encodeIfPresent(replications.first?.replay, forKey: .replay)
    }

    /// An alert with `resolved_at` always present: null while still firing at the end.
    struct AlertEntry: Encodable {
        var name: String
        var scope: String
        var metric: String
        var threshold: Double
        var firedAt: Double
        var resolvedAt: Double?
        var peak: Double
        init(_ a: AlertEvent) {
            name = a.name
            scope = a.scope
            metric = a.metric
            threshold = a.threshold
            firedAt = a.firedAt
            resolvedAt = a.resolvedAt
            peak = a.peak
        }

        enum CodingKeys: String, CodingKey {
            case name, scope, metric, threshold, firedAt, resolvedAt, peak
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(scope, forKey: .scope)
            try c.encode(metric, forKey: .metric)
            try c.encode(threshold, forKey: .threshold)
            try c.encode(firedAt, forKey: .firedAt)
            try c.encode(resolvedAt, forKey: .resolvedAt)
            try c.encode(peak, forKey: .peak)
        }
    }

    /// Recovery figures with every key present: `first_violation` and `slo_holds_again_at` are
    /// null when the SLO never broke, or (the latter) still breaks at the end.
    struct RecoveryEntry: Encodable {
        var r: Recovery
        init(_ r: Recovery) { self.r = r }

        enum CodingKeys: String, CodingKey {
            case peakBacklog, secondsInViolation, firstViolation, sloHoldsAgainAt, timeToRecover, violatedAtEnd
            case requestsLost
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(r.peakBacklog, forKey: .peakBacklog)
            try c.encode(r.secondsInViolation, forKey: .secondsInViolation)
            try c.encode(r.firstViolation, forKey: .firstViolation)
            try c.encode(r.sloHoldsAgainAt, forKey: .sloHoldsAgainAt)
            try c.encode(r.timeToRecover, forKey: .timeToRecover)
            try c.encode(r.violatedAtEnd, forKey: .violatedAtEnd)
            try c.encode(r.requestsLost, forKey: .requestsLost)
        }
    }

    /// A class without its name (the key) and without its histogram (stored, not printed).
    struct ClassEntry: Encodable {
        var requests: RequestCounts
        var throughput: Double
        var latency: LatencySummary
        init(_ r: ClassResult) {
            requests = r.requests
            throughput = r.throughput
            latency = r.latency
        }
    }
}
