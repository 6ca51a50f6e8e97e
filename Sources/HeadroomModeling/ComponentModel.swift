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

/// A component's type with its parameters, as read against the kind's parameter table
/// (`ComponentParameters`); what is not a spec field (a backend's name, a job's steps, shard
/// sizes with their positions) rides beside it for the validator and the builder.
enum ComponentModelKind {
    case station(ReadParameters<StationSpec>)
    /// `backend` names the app server it is in front of (required).
    case loadBalancer(ReadParameters<LoadBalancerSpec>, backend: ComponentUse)
    case appServer(ReadParameters<AppServerSpec>)
    case pool(ReadParameters<PoolSpec>)
    case cache(ReadParameters<CacheSpec>)
    /// `shardSizes`: `shard_cores` as read, in file order, each with its key's position.
    case database(ReadParameters<DatabaseSpec>, shardSizes: [ShardSize])
    /// `job`: the steps a worker runs, or `nil` when missing or unreadable (reported).
    case queue(ReadParameters<QueueSpec>, job: [StepModel]?)
    case rateLimiter(ReadParameters<RateLimiterSpec>)

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
        case .rateLimiter: .rateLimiter
        }
    }
}

/// One entry of a database's `shard_cores`: shard `shard`'s primary gets `cores` cores.
struct ShardSize {
    var shard: Int
    var cores: Int
    /// The entry's key (the shard number), for messages about the shard.
    var ref: SourceRef
}
