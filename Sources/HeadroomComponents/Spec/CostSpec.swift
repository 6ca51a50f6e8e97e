/// What the parts of an architecture cost: a model's `cost:` section, prices per hour.
///
/// Prices are per unit a planner buys, by component kind: an app replica (and each of its
/// cores), a database node by role (and each of its cores), a cache component (and each of its
/// servers), a pool connection, a queue worker, a station server. Every price defaults to 0, so a
/// model without `cost:` costs what its components' own `cost_per_hour` say, as before. The model
/// file may give prices per another period (`period: 30d`); the spec holds them per hour.
public struct CostSpec: Sendable, Equatable, Codable {
    /// The currency prices are in, as the model spells it (`USD`, `EUR`, `$`); a label only.
    public var currency: String
    /// One app-server replica for an hour.
    public var appReplica: Double = 0
    /// One core of one app-server replica for an hour.
    public var appCore: Double = 0
    /// A database shard's primary node for an hour.
    public var databasePrimary: Double = 0
    /// One read replica node for an hour.
    public var databaseReplica: Double = 0
    /// One core of any database node for an hour.
    public var databaseCore: Double = 0
    /// One cache component (its node) for an hour.
    public var cacheNode: Double = 0
    /// One of a cache's servers (operations served at once) for an hour.
    public var cacheServer: Double = 0
    /// One pool connection for an hour (a database's connection limit often grows with its size).
    public var poolConnection: Double = 0
    /// One queue worker for an hour.
    public var queueWorker: Double = 0
    /// One station server for an hour.
    public var stationServer: Double = 0

    /// The currency when the model names none.
    public static let defaultCurrency = "USD"

    public init(currency: String = CostSpec.defaultCurrency) {
        self.currency = currency
    }
}
