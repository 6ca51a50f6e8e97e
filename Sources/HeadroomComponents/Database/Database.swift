import HeadroomKernel

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
/// `cores` cores unless its role or shard is sized apart. Writes to a key become visible on
/// replicas after a draw of `replicationLag`; a replica read of a key before that is a stale read.
public struct DatabaseSpec: Sendable, Equatable, Codable {
    /// Cores of every node not sized apart.
    public var cores: Int
    /// Cores of each shard's primary; nil: `cores`.
    public var primaryCores: Int?
    /// Cores of each read replica; nil: `cores`.
    public var replicaCores: Int?
    /// Cores of one shard's primary, by shard index (from 0); wins over `primaryCores`.
    public var shardCores: [Int: Int] = [:]
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

    /// Cores of node `node` (0 the primary) of shard `shard`.
    public func cores(shard: Int, node: Int) -> Int {
        node == 0 ? (shardCores[shard] ?? primaryCores ?? cores) : (replicaCores ?? cores)
    }
}

extension DatabaseSpec: ComponentParameters {
    public static var componentType: ComponentType { .database }
    public static var summary: String { "a primary, read replicas with lag, shards" }
    public static var template: DatabaseSpec { DatabaseSpec() }
    public static var parameters: [Parameter<DatabaseSpec>] {
        [
            Parameter("cores", .integer(\.cores, 1...Bounds.servers), .defaulted(), "cores per node not sized apart"),
            Parameter("primary_cores", .optionalInteger(\.primaryCores, 1...Bounds.servers),
                      .optional(meaning: "`cores`"), "cores of each shard's primary"),
            Parameter("replica_cores", .optionalInteger(\.replicaCores, 1...Bounds.servers),
                      .optional(meaning: "`cores`"), "cores of each read replica"),
            Parameter("shard_cores", .structured(.shardCores), .optional(meaning: "none"),
                      "cores of that shard's primary, e.g. `{ 1: 16 }` for a hot shard; wins over `primary_cores`"),
            Parameter("replicas", .integer(\.replicas, 0...Bounds.readReplicas), .defaulted(),
                      "read replicas per shard"),
            Parameter("replication_lag", .distribution(\.replicationLag), .defaulted(),
                      "delay before a write reaches the replicas"),
            Parameter("slow_query", .optionalDuration(\.slowQuery), .optional(meaning: "none"),
                      "queries whose service time exceeds it are counted as slow (the slow-query log)"),
            Parameter("shards", .integer(\.shards, 1...Bounds.replicas), .defaulted(),
                      "shards, each with its own primary and replicas"),
            Parameter("router", .choice(ParameterChoice(\.router)), .defaulted(),
                      "how a request's shard is chosen (below)"),
            Parameter("queue_capacity", .optionalInteger(\.queueCapacity, 0...Bounds.waiting),
                      .optional(meaning: "unbounded"), "queries that may wait for a core per node; more are rejected"),
        ]
    }
}
