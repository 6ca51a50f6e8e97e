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
    /// When non-nil, the run stops with status `unstable` once it has taken this many events: a
    /// bound on a run's work whatever the model (fuzzing and other bounded checks). `nil`: the
    /// duration alone ends the run. Not part of model files.
    public var maxEvents: UInt64?

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

    /// The component's kind without its parameters.
    public var type: ComponentType {
        switch self {
        case .station: .station
        case .loadBalancer: .loadBalancer
        case .appServer: .appServer
        case .pool: .pool
        case .cache: .cache
        case .database: .database
        case .queue: .queue
        }
    }

    /// The type's name as model files spell it.
    public var typeName: String { type.rawValue }
}

/// A queueing station: `servers` identical servers in front of one FIFO queue.
public struct StationSpec: Sendable, Equatable, Codable {
    /// Stable name (the component's).
    public var name: String
    /// Number of identical servers c (≥ 1).
    public var servers: Int
    /// Most requests in the station at once, in service plus waiting (Kendall's K); an arrival
    /// that finds it full is rejected. `nil` is unbounded.
    public var capacity: Int?
    /// Longest a request may wait in the queue before it leaves with a timeout error, seconds.
    /// `nil` waits forever.
    public var timeout: Double?

    public init(name: String, servers: Int = 1, capacity: Int? = nil, timeout: Double? = nil) {
        self.name = name
        self.servers = servers
        self.capacity = capacity
        self.timeout = timeout
    }
}

/// How a load balancer picks a replica.
public enum BalancingPolicy: String, Sendable, Equatable, Codable, CaseIterable, BitwiseCopyable {
    case roundRobin = "round_robin"
    case random
    case leastConnections = "least_connections"
    case powerOfTwo = "power_of_two"
    case weighted
}

/// A load balancer in front of one app server's replicas.
public struct LoadBalancerSpec: Sendable, Equatable, Codable {
    public var policy: BalancingPolicy
    /// Index of the app-server component it spreads over.
    public var backend: Int
    /// Per-replica weights for `weighted` (as many as replicas, > 0); ignored otherwise.
    public var weights: [Double]
    /// Sticky sessions: a request with session key s always goes to replica hash(s) mod N
    /// (sessions live in the server's memory). False: any replica (sessions in an external store).
    public var sticky: Bool
    /// Health checks that take a failed replica out of rotation; nil: the balancer never
    /// notices a crash and keeps sending to it.
    public var healthCheck: HealthCheckSpec?

    public init(policy: BalancingPolicy, backend: Int, weights: [Double] = [], sticky: Bool = false,
                healthCheck: HealthCheckSpec? = nil) {
        self.policy = policy
        self.backend = backend
        self.weights = weights
        self.sticky = sticky
        self.healthCheck = healthCheck
    }
}

/// App servers: `replicas` identical machines (horizontal), each with `threads` request threads
/// and `cores` CPU cores (vertical). A request holds a thread from its first step on the server to
/// the end of its flow; CPU work queues for a core (FIFO), so threads contend for cores.
public struct AppServerSpec: Sendable, Equatable, Codable {
    public var replicas: Int
    public var threads: Int
    public var cores: Int
    /// Requests that may wait for a thread per replica (the accept backlog); more are rejected.
    /// `nil` is unbounded.
    public var backlog: Int?
    /// Most replicas the timeline or an autoscaler may run at once (room is kept for them);
    /// at least `replicas`.
    public var maxReplicas: Int
    /// Price of one replica for one hour, in the model's currency (0: no cost reported).
    public var costPerHour: Double

    public init(replicas: Int = 1, threads: Int = 1, cores: Int = 1, backlog: Int? = nil, maxReplicas: Int? = nil,
                costPerHour: Double = 0) {
        self.replicas = replicas
        self.threads = threads
        self.cores = cores
        self.backlog = backlog
        self.maxReplicas = Swift.max(maxReplicas ?? replicas, replicas)
        self.costPerHour = costPerHour
    }
}

/// A connection pool: `size` connections; a request waits for one at most `acquireTimeout`
/// seconds, then fails with a pool timeout (an error of its own kind).
public struct PoolSpec: Sendable, Equatable, Codable {
    public var size: Int
    public var acquireTimeout: Double?

    public init(size: Int, acquireTimeout: Double? = nil) {
        self.size = size
        self.acquireTimeout = acquireTimeout
    }
}

/// A cache-aside cache. Entries are set on `cache_set` with expiry now + ttl (not refreshed by
/// hits), removed by `invalidate`, and evicted least-recently-used beyond `capacity`. Every
/// operation is served by the cache's own `servers` in `service` seconds.
public struct CacheSpec: Sendable, Equatable, Codable {
    /// Time to live, seconds.
    public var ttl: Double
    /// Most entries held; `nil` is unbounded.
    public var capacity: Int?
    /// Time of one get, set or delete, seconds.
    public var service: Distribution
    /// Operations served at once (Redis: 1).
    public var servers: Int

    public init(ttl: Double, capacity: Int? = nil, service: Distribution = .constant(0.0002), servers: Int = 1) {
        self.ttl = ttl
        self.capacity = capacity
        self.service = service
        self.servers = servers
    }
}

/// How a sharded database picks the shard of a request.
public enum ShardRouter: String, Sendable, Equatable, Codable, CaseIterable {
    /// Stable hash of the tenant name (or the key when there are no tenants) mod N.
    case hash
    /// A tenant directory: tenants assigned to shards in turn (tenant i → shard i mod N).
    case tenant
    /// Contiguous ranges of the key space (or of tenant names' first letters a–z).
    case range
    /// The seed's naive rule: char code of the tenant name's first character mod N.
    case firstChar = "first_char"
}

/// A database: per shard a primary for writes and `replicas` read replicas, each node with
/// `cores` cores. Writes to a key become visible on replicas after a draw of `replicationLag`;
/// a replica read of a key before that is a stale read.
public struct DatabaseSpec: Sendable, Equatable, Codable {
    public var cores: Int
    public var replicas: Int
    public var replicationLag: Distribution
    /// Queries that take longer than this (service time) are counted as slow; `nil` counts none.
    public var slowQuery: Double?
    public var shards: Int
    public var router: ShardRouter
    /// Requests that may wait for a core per node; more are rejected. `nil` is unbounded.
    public var queueCapacity: Int?

    public init(
        cores: Int = 1, replicas: Int = 0, replicationLag: Distribution = .constant(0), slowQuery: Double? = nil,
        shards: Int = 1, router: ShardRouter = .hash, queueCapacity: Int? = nil
    ) {
        self.cores = cores
        self.replicas = replicas
        self.replicationLag = replicationLag
        self.slowQuery = slowQuery
        self.shards = shards
        self.router = router
        self.queueCapacity = queueCapacity
    }
}

/// An async job queue: jobs wait (FIFO, optionally bounded) for one of `workers`, run `job`
/// steps, fail with probability `failure`, are retried up to `attempts` in all after a backoff
/// (base × 2^(attempt−1), with the base drawn from `backoff`), and land in the dead-letter queue
/// after the last failed attempt.
public struct QueueSpec: Sendable, Equatable, Codable {
    public var workers: Int
    /// Most jobs waiting; an enqueue that finds it full is rejected. `nil` is unbounded.
    public var capacity: Int?
    /// The job's steps, run while it holds a worker.
    public var job: [Step]
    /// Probability that one attempt fails, in [0, 1].
    public var failure: Double
    /// Attempts in all (≥ 1); 1 means no retry.
    public var attempts: Int
    /// Base backoff before a retry, seconds.
    public var backoff: Distribution
    /// Price of one worker for one hour, in the model's currency (0: no cost reported).
    public var costPerHour: Double

    public init(
        workers: Int, capacity: Int? = nil, job: [Step], failure: Double = 0, attempts: Int = 1,
        backoff: Distribution = .constant(1), costPerHour: Double = 0
    ) {
        self.workers = workers
        self.capacity = capacity
        self.job = job
        self.failure = failure
        self.attempts = attempts
        self.backoff = backoff
        self.costPerHour = costPerHour
    }
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
    /// Run every sub-flow at once; go on when all have finished.
    case parallel([[Step]])
    /// Take exactly one of the arms, arm i with probability `arms[i].probability`; when the
    /// probabilities sum to less than 1, the rest take no arm and go on.
    case branch([BranchArm])
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
