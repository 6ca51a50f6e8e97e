import HeadroomKernel

/// The service level a run is judged against: a p99 bound and an error-rate bound, either
/// optional.
public struct ServiceLevel: Sendable, Equatable, Codable {
    /// Highest acceptable 99th-percentile response time, seconds.
    public var p99: Double?
    /// Highest acceptable share of requests that end in an error, in [0, 1].
    public var errorRate: Double?

    public init(p99: Double? = nil, errorRate: Double? = nil) {
        self.p99 = p99
        self.errorRate = errorRate
    }
}

/// An alert: fires when a time-series metric stays above `threshold` for at least `holdFor`
/// seconds (whole windows), resolves when it drops back. Metric names are those of the time
/// series (`latency_p99`, `error_rate`, a component's `usage`, `depth`, `utilization`, …).
public struct AlertRule: Sendable, Equatable, Codable {
    /// A name for people, e.g. "P99 latency too high - consider scaling".
    public var name: String
    /// The component whose metric is watched (its name), or "" for run-wide metrics.
    public var scope: String
    public var metric: String
    public var threshold: Double
    /// How long the condition must hold before the alert fires, seconds (0: the first window).
    public var holdFor: Double

    public init(name: String, scope: String = "", metric: String, threshold: Double, holdFor: Double = 0) {
        self.name = name
        self.scope = scope
        self.metric = metric
        self.threshold = threshold
        self.holdFor = holdFor
    }

    /// A firing alert resolves once its metric is at or below this share of the threshold
    /// (for the hold time): 10 % of hysteresis, so a metric wandering around the threshold does
    /// not fire and resolve window after window.
    public static let resolveBand = 0.9

    /// The seed's three alerts: p99 over 500 ms; each pool over 80 % used; each job queue
    /// deeper than 1,000.
    public static func seedDefaults(pools: [String], queues: [String]) -> [AlertRule] {
        [AlertRule(name: "P99 latency too high - consider scaling", metric: "latency_p99", threshold: 0.5)]
            + pools.map { AlertRule(name: "Connection pool near capacity", scope: $0, metric: "usage", threshold: 0.8) }
            + queues.map { AlertRule(name: "Queue backing up - scale workers", scope: $0, metric: "depth", threshold: 1000) }
    }
}

/// What a client does when a response is slow: it gives up after `timeout` seconds (the server
/// may still be working on it) and, while attempts remain and the retry budget allows, sends
/// the request again after a backoff of base × 2^(attempt−1), spread by ± `jitter`.
public struct ClientSpec: Sendable, Equatable, Codable {
    /// Seconds before the client gives up on one attempt; nil: never.
    public var timeout: Double?
    /// Attempts in all (≥ 1); 1 means no retry.
    public var attempts: Int
    /// Base backoff before the first retry, seconds.
    public var backoff: Double
    /// Relative spread of each backoff, in [0, 1]: the wait is uniform in base·(1 ± jitter).
    public var jitter: Double
    /// Retries allowed as a share of first attempts (a token bucket, e.g. 0.1 = 10 %); nil: no
    /// budget.
    public var budget: Double?

    public init(timeout: Double? = nil, attempts: Int = 1, backoff: Double = 0.1, jitter: Double = 0, budget: Double? = nil) {
        self.timeout = timeout
        self.attempts = attempts
        self.backoff = backoff
        self.jitter = jitter
        self.budget = budget
    }
}

/// Something that happens to the system at a given time.
public struct TimelineEvent: Sendable, Equatable, Codable {
    /// When, seconds from the start.
    public var time: Double
    public var action: TimelineAction

    public init(time: Double, action: TimelineAction) {
        self.time = time
        self.action = action
    }
}

/// The things a timeline can do. Components by index; replicas from 0.
public enum TimelineAction: Sendable, Equatable, Codable {
    /// The replica dies: requests on it fail; until health checks notice, the balancer still
    /// sends it requests, which fail at once.
    case crash(component: Int, replica: Int)
    /// A crashed or stopped replica comes back (health checks readmit it).
    case recover(component: Int, replica: Int)
    /// Graceful shutdown: the replica leaves rotation, finishes its in-flight requests, stops.
    case shutdown(component: Int, replica: Int)
    /// A rolling deploy: each replica in turn is drained, stopped for `restart` seconds, and
    /// back before the next one goes.
    case rollingDeploy(component: Int, restart: Double)
    /// A vertical resize: every replica is down for `downtime` seconds, then has `cores` cores.
    case resize(component: Int, cores: Int, downtime: Double)
    /// Every entry of the cache is dropped (a cold cache and the database surge after it).
    case flushCache(component: Int)
    /// Replication lag of the database becomes `lag` from now on.
    case setReplicationLag(component: Int, lag: Distribution)
    /// The primary fails over: writes (and consistent reads) fail for `duration` seconds.
    case failover(component: Int, duration: Double)
    /// An app server runs `count` replicas, or a queue `count` workers, from now on.
    case scale(component: Int, count: Int)
}

/// What an autoscaler watches.
public enum AutoscaleMetric: String, Sendable, Equatable, Codable, CaseIterable {
    /// Mean CPU utilization of the app server's replicas over the last interval, in [0, 1].
    case cpu
    /// Jobs in the queue, waiting or in work, per worker (backlog per worker).
    case queueDepth = "queue_depth"
    /// 99th-percentile response time over the last interval, seconds.
    case p99
}

/// Target tracking: every `interval` the scaler sets the desired count to
/// ceil(current × metric / target), within [min, max]; new replicas or workers serve after
/// `provisioning` seconds; after a change it waits `cooldown` seconds before the next.
public struct AutoscalerSpec: Sendable, Equatable, Codable {
    /// The app server or queue it scales.
    public var component: Int
    public var metric: AutoscaleMetric
    public var target: Double
    public var interval: Double
    public var provisioning: Double
    public var cooldown: Double
    public var min: Int
    public var max: Int

    public init(component: Int, metric: AutoscaleMetric, target: Double, interval: Double = 60, provisioning: Double = 90,
                cooldown: Double = 300, min: Int = 1, max: Int) {
        self.component = component
        self.metric = metric
        self.target = target
        self.interval = interval
        self.provisioning = provisioning
        self.cooldown = cooldown
        self.min = min
        self.max = max
    }
}
