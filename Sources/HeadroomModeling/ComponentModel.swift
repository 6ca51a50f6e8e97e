import HeadroomComponents
import HeadroomKernel

/// One entry of `components`, as read: its name and its type's parameters with defaults applied.
struct ComponentModel {
    /// The component name (its key); steps refer to it.
    var name: String
    /// The key.
    var ref: SourceRef
    /// What it is, or `nil` when `type` is missing or unknown (reported).
    var kind: ComponentModelKind?
}

/// The component types, as model files write them in `type` (the engine's ``ComponentType``).
extension ComponentType {
    /// The `type` values in the order messages list them.
    static let names = allCases.map(\.rawValue)

    /// The type's name with its article, for messages: "a database", "an app_server".
    var withArticle: String {
        "aeiou".contains(rawValue.first!) ? "an \(rawValue)" : "a \(rawValue)"
    }

    /// Types with their articles, for messages: "an app_server or a queue".
    static func withArticles(_ types: [ComponentType]) -> String {
        types.map(\.withArticle).joined(separator: " or ")
    }
}

/// A component's type with its parameters, as read.
enum ComponentModelKind {
    case station(StationModel)
    case loadBalancer(LoadBalancerModel)
    case appServer(AppServerModel)
    case pool(PoolModel)
    case cache(CacheModel)
    case database(DatabaseModel)
    case queue(QueueModel)

    /// The `type` this kind was read from.
    var type: ComponentType {
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
}

/// A `type: station` component.
struct StationModel {
    /// `servers` (default 1).
    var servers: Field<Int>
    /// `capacity`, requests in the station including those in service (absent: unbounded).
    var capacity: Field<Int>
    /// `timeout`, seconds a request may wait in the queue (absent: forever).
    var timeout: Field<Double>
    /// `service`, the service time in seconds of a visit that gives no `time`.
    var service: Field<Distribution>
}

/// A `type: load_balancer` component.
struct LoadBalancerModel {
    /// `policy` (default round robin).
    var policy: Field<BalancingPolicy>
    /// `backend`: the app server it spreads requests over (required).
    var backend: ComponentUse
    /// `weights`, one per replica of the backend (only with policy `weighted`).
    var weights: Field<[Double]>
    /// `sticky` (default false): a session always goes to the same replica.
    var sticky: Field<Bool>
    /// `health_check` (absent: crashed replicas stay in rotation).
    var healthCheck: Field<HealthCheckSpec>
}

/// A `type: app_server` component.
struct AppServerModel {
    /// `replicas` (default 1): identical machines.
    var replicas: Field<Int>
    /// `threads` per replica (default 1).
    var threads: Field<Int>
    /// `cores` per replica (default 1).
    var cores: Field<Int>
    /// `backlog`, requests that may wait for a thread per replica (absent: unbounded).
    var backlog: Field<Int>
    /// `cost_per_hour`, price of one replica for one hour (default 0).
    var costPerHour: Field<Double>
}

/// A `type: pool` component.
struct PoolModel {
    /// `size`, connections (required).
    var size: Field<Int>
    /// `acquire_timeout`, seconds a request waits for a connection (absent: forever).
    var acquireTimeout: Field<Double>
}

/// A `type: cache` component.
struct CacheModel {
    /// `ttl`, seconds an entry lives after it is set (required).
    var ttl: Field<Double>
    /// `capacity`, entries held before LRU eviction (absent: unbounded).
    var capacity: Field<Int>
    /// `service`, seconds one get, set or delete takes (default 200 µs).
    var service: Field<Distribution>
    /// `servers`, operations served at once (default 1).
    var servers: Field<Int>
}

/// A `type: database` component.
struct DatabaseModel {
    /// `cores` per node (default 1).
    var cores: Field<Int>
    /// `primary_cores`, cores of each shard's primary (absent: `cores`).
    var primaryCores: Field<Int>
    /// `replica_cores`, cores of each read replica (absent: `cores`).
    var replicaCores: Field<Int>
    /// `shard_cores`, cores of one shard's primary by shard number, as read (in file order).
    var shardCores: [ShardSize]
    /// `replicas`, read replicas per shard (default 0).
    var replicas: Field<Int>
    /// `replication_lag`, seconds before a write is visible on a replica (default 0).
    var replicationLag: Field<Distribution>
    /// `slow_query`, seconds of service above which a query counts as slow (absent: none).
    var slowQuery: Field<Double>
    /// `shards` (default 1).
    var shards: Field<Int>
    /// `router`, how a request picks its shard (default hash).
    var router: Field<ShardRouter>
    /// `queue_capacity`, queries that may wait for a core per node (absent: unbounded).
    var queueCapacity: Field<Int>
}

/// A `type: queue` component.
struct QueueModel {
    /// `workers` (required).
    var workers: Field<Int>
    /// `capacity`, jobs that may wait (absent: unbounded).
    var capacity: Field<Int>
    /// `failure`, probability that one attempt fails (default 0).
    var failure: Field<Double>
    /// `attempts` in all, first one included (default 1).
    var attempts: Field<Int>
    /// `backoff`, seconds before the first retry, doubled at each further one (default 1 s).
    var backoff: Field<Distribution>
    /// `job`, the steps a worker runs, or `nil` when missing or unreadable (reported).
    var job: [StepModel]?
    /// `cost_per_hour`, price of one worker for one hour (default 0).
    var costPerHour: Field<Double>
}

/// One entry of a database's `shard_cores`: shard `shard`'s primary gets `cores` cores.
struct ShardSize {
    var shard: Int
    var cores: Int
    /// The entry's key (the shard number), for messages about the shard.
    var ref: SourceRef
}
