import HeadroomKernel

/// Everything the engine needs to run one simulation: plain values, already validated.
///
/// The modelling layer builds it from a model file; tests build it directly. Times are in
/// seconds, rates in requests per second. Components and classes keep model order; steps refer
/// to components by index into `components`.
public struct SimulationSpec: Sendable, Equatable, Codable {
    /// The model's name, carried into results.
    public var name: String
    /// Simulated time at which the run ends, seconds.
    public var duration: Double
    /// Statistics collected before this time are discarded, seconds (0 ≤ warmup < duration).
    public var warmup: Double
    /// The run's seed; every component and class derives its own stream from it and its name.
    public var seed: UInt64
    /// Stability guard: when more requests than this are in the system at once (jobs waiting in
    /// queues included), the run stops with status `unstable` (memory stays bounded).
    public var maxInSystem: Int
    /// The components, in model order.
    public var components: [ComponentSpec]
    /// The request classes, in model order.
    public var classes: [ClassSpec]
    /// Length of one time-series window, seconds (> 0): metrics over time, alerts and recovery
    /// figures are computed per window.
    public var window: Double
    /// The service level the run is judged against (alerts, recovery figures), if any.
    public var slo: ServiceLevel?
    /// Alert rules evaluated at the end of every window.
    public var alerts: [AlertRule]
    /// What happens to the system at given times (crashes, deploys, resizes, …), in time order.
    public var timeline: [TimelineEvent]
    /// Autoscaling policies, at most one per component.
    public var autoscalers: [AutoscalerSpec]
    /// When non-nil, the run stops (status `unstable`, reason "stopped early: …") at the end of
    /// the first window after which it can no longer meet this service level, whatever happens
    /// in the rest of the run. Load searches set it so that runs far past saturation end early;
    /// the check is conservative (see `Engine.checkEarlyStop`), so a run that stops would have
    /// missed anyway.
    public var stopWhenMissed: ServiceLevel?
    /// When non-nil, the run ends (status `ok`, reason "settled at …") at the end of the first
    /// window, a quarter of the way through or later, at which it meets this service level with
    /// room to spare and nothing is close to saturation (see `Engine.checkSettled`). Only for
    /// loads that do not change over time; load searches set it through `guardedForSearch`.
    public var stopWhenSettled: ServiceLevel?
    /// When non-nil, the run stops with status `unstable` once it has taken this many events: a
    /// bound on a run's work whatever the model (fuzzing and other bounded checks). `nil`: the
    /// duration alone ends the run. Not part of model files.
    public var maxEvents: UInt64?
    /// When non-nil, arrivals are replayed from a recorded trace instead of drawn: the classes
    /// give the flows (and clients), the trace gives when requests arrive and their keys,
    /// tenants and sessions.
    public var replay: ReplaySpec?
    /// The prices of the model's `cost:` section (nil: none, only components' own
    /// `cost_per_hour`). See ``costPerHour``.
    public var cost: CostSpec?

    public init(
        name: String, duration: Double, warmup: Double = 0, seed: UInt64 = 1,
        maxInSystem: Int = 1_000_000, components: [ComponentSpec], classes: [ClassSpec],
        window: Double? = nil, slo: ServiceLevel? = nil, alerts: [AlertRule] = [], timeline: [TimelineEvent] = [],
        autoscalers: [AutoscalerSpec] = []
    ) {
        self.name = name
        self.duration = duration
        self.warmup = warmup
        self.seed = seed
        self.maxInSystem = maxInSystem
        self.components = components
        self.classes = classes
        self.window = window ?? SimulationSpec.defaultWindow(duration: duration)
        self.slo = slo
        self.alerts = alerts
        self.timeline = timeline
        self.autoscalers = autoscalers
    }

    /// The default window: 100 windows a run, at least 1 s, rounded up to a whole second (so
    /// closing windows costs nothing measurable, whatever the run's length).
    public static func defaultWindow(duration: Double) -> Double {
        Swift.max((duration / 100).rounded(.up), 1)
    }

    /// A spec whose components are all plain stations (textbook queues and tests).
    public init(
        name: String, duration: Double, warmup: Double = 0, seed: UInt64 = 1,
        maxInSystem: Int = 1_000_000, stations: [StationSpec], classes: [ClassSpec]
    ) {
        self.init(
            name: name, duration: duration, warmup: warmup, seed: seed, maxInSystem: maxInSystem,
            components: stations.map { ComponentSpec(name: $0.name, kind: .station($0)) }, classes: classes)
    }
}

extension SimulationSpec {
    /// The station at component `index`, or nil when that component is something else.
    public func station(_ index: Int) -> StationSpec? {
        if case .station(let station) = components[index].kind { return station }
        return nil
    }
}

/// One named component of the architecture.
public struct ComponentSpec: Sendable, Equatable, Codable {
    /// Stable name: names the component's random stream and its results.
    public var name: String
    public var kind: ComponentKind

    public init(name: String, kind: ComponentKind) {
        self.name = name
        self.kind = kind
    }
}

/// What a component is, with its parameters.
public enum ComponentKind: Sendable, Equatable, Codable {
    /// A generic queueing station.
    case station(StationSpec)
    /// Spreads requests over the replicas of an app server.
    case loadBalancer(LoadBalancerSpec)
    /// Replicas × (threads, cores): a request holds a thread for its whole life on the server.
    case appServer(AppServerSpec)
    /// A connection pool in front of a database.
    case pool(PoolSpec)
    /// A cache-aside key–value cache with TTL, LRU capacity and its own service time.
    case cache(CacheSpec)
    /// A database: primary, read replicas with lag, optional shards.
    case database(DatabaseSpec)
    /// An async job queue with workers, retries and a dead-letter queue.
    case queue(QueueSpec)
    /// A token-bucket rate limiter.
    case rateLimiter(RateLimiterSpec)

    /// The type's name as model files spell it.
    public var typeName: String { type.rawValue }
}

/// How requests pick keys (cache keys, database rows) or tenants: uniformly or by Zipf
/// popularity (item i of `count` with probability ∝ 1/i^s).
public struct Popularity: Sendable, Equatable, Codable {
    public var count: Int
    /// Zipf exponent s; 0 is uniform.
    public var zipf: Double

    public init(count: Int, zipf: Double = 0) {
        self.count = count
        self.zipf = zipf
    }
}

/// A class of requests: open arrivals (Poisson unless told otherwise), each following `steps`.
public struct ClassSpec: Sendable, Equatable, Codable {
    /// Stable name: names the random stream of arrivals and routing, and the results.
    public var name: String
    /// Time between arrivals, seconds: exponential for Poisson arrivals; any distribution gives
    /// a renewal process (constant for the deterministic arrivals of trace tests).
    public var interarrival: Distribution
    /// The request's program, run in order.
    public var steps: [Step]
    /// The key each request works on (cache key, database row); nil: key 0.
    public var keys: Popularity?
    /// The tenant each request belongs to (sharding by tenant); nil: tenant 0.
    public var tenants: Popularity?
    /// The session each request belongs to (sticky load balancing); nil: none.
    public var sessions: Popularity?
    /// How the arrival rate changes over time (a multiplier of `rate`); nil: constant.
    public var profile: RateProfile?
    /// The client's timeout and retries; nil: the client waits for as long as it takes.
    public var client: ClientSpec?

    /// Poisson arrivals at `rate` requests per second (> 0).
    public init(name: String, rate: Double, steps: [Step], keys: Popularity? = nil, tenants: Popularity? = nil,
                sessions: Popularity? = nil, profile: RateProfile? = nil, client: ClientSpec? = nil) {
        self.init(name: name, interarrival: .exponential(mean: 1 / rate), steps: steps, keys: keys,
                  tenants: tenants, sessions: sessions, profile: profile, client: client)
    }

    /// Arrivals separated by draws of `interarrival` seconds (a `profile` needs exponential
    /// interarrivals: it modulates a Poisson process).
    public init(name: String, interarrival: Distribution, steps: [Step], keys: Popularity? = nil,
                tenants: Popularity? = nil, sessions: Popularity? = nil, profile: RateProfile? = nil,
                client: ClientSpec? = nil) {
        self.name = name
        self.interarrival = interarrival
        self.steps = steps
        self.keys = keys
        self.tenants = tenants
        self.sessions = sessions
        self.profile = profile
        self.client = client
    }

    /// Mean arrival rate, requests per second.
    public var rate: Double { 1 / interarrival.mean }
}

/// One step of a request's program.
public indirect enum Step: Sendable, Equatable, Codable {
    /// Take a server of station `station` (waiting in its queue if all are busy), hold it for a
    /// draw of `service` seconds, then release it.
    case visit(station: Int, service: Distribution)
    /// CPU work on app server `server`: on the request's replica (chosen by the load balancer in
    /// front of it, at the first step on that server, when the request also takes a thread it
    /// keeps to the end), wait for a core and hold it for `service` seconds.
    case work(server: Int, service: Distribution)
    /// Wait `duration` seconds without holding anything new (an external call, a send).
    case delay(Distribution)
    /// Hold a connection of pool `pool` around `steps`.
    case hold(pool: Int, steps: [Step])
    /// Look the request's key up in cache `cache`; run `hit` or `miss`.
    case cacheGet(cache: Int, hit: [Step], miss: [Step])
    /// Store the request's key in cache `cache` (expiry now + ttl).
    case cacheSet(cache: Int)
    /// Remove the request's key from cache `cache`.
    case invalidate(cache: Int)
    /// Read the request's key from database `database`: on a replica unless `consistent` (or the
    /// database has none), taking `service` seconds of a core.
    case read(database: Int, service: Distribution, consistent: Bool)
    /// Write the request's key on the primary of its shard, taking `service` seconds of a core.
    case write(database: Int, service: Distribution)
    /// A query on every shard at once; waits for the slowest.
    case crossShard(database: Int, service: Distribution)
    /// Put a job on queue `queue`; the request goes on at once.
    case enqueue(queue: Int)
    /// Take a token of rate limiter `limiter`: go on at once, be held until one accrues, or be
    /// rejected, by the limiter's policy.
    case limit(limiter: Int)
    /// Run every sub-flow at once; go on when all have finished.
    case parallel([[Step]])
    /// Take exactly one of the arms, arm i with probability `arms[i].probability`; when the
    /// probabilities sum to less than 1, the rest take no arm and go on.
    case branch([BranchArm])
}

extension Step {
    /// The step lists nested in this step (a hold's, a lookup's hit and miss, parallel arms,
    /// branch arms), for walks over a flow; a queue's job is the queue's, not the `enqueue`'s.
    public var nested: [[Step]] {
        switch self {
        case .hold(_, let steps): [steps]
        case .cacheGet(_, let hit, let miss): [hit, miss]
        case .parallel(let arms): arms
        case .branch(let arms): arms.map(\.steps)
        case .visit, .work, .delay, .cacheSet, .invalidate, .read, .write, .crossShard, .enqueue, .limit: []
        }
    }
}

/// One arm of a probabilistic branch.
public struct BranchArm: Sendable, Equatable, Codable {
    public var probability: Double
    public var steps: [Step]
    public init(probability: Double, steps: [Step]) {
        self.probability = probability
        self.steps = steps
    }
}
