/// The kind of a component, as model files spell it (`type:`) and results carry it.
public enum ComponentType: String, Codable, Sendable, CaseIterable {
    case station
    case loadBalancer = "load_balancer"
    case appServer = "app_server"
    case pool
    case cache
    case database
    case queue
    case rateLimiter = "rate_limiter"
}

/// What a resource is to the component that declares it.
///
/// Analysis (bottlenecks, bounds, `explain`, sweep tables, reports) reads roles instead of
/// parsing resource names, so a database's primary is never averaged with its replicas, nor a
/// hot shard with cold ones.
public enum ResourceRole: String, Codable, Sendable, CaseIterable {
    /// A station's identical servers.
    case servers
    /// One app-server replica's request threads (held for a request's whole life on it).
    case threads
    /// One app-server replica's CPU cores.
    case cores
    /// A pool's connections.
    case connections
    /// A cache's servers (operations served at once).
    case cacheServers = "cache_servers"
    /// A database shard's primary node (writes, consistent reads).
    case primary
    /// One read replica of a database shard.
    case replica
    /// A job queue's workers.
    case workers
}

/// One resource as its component declares it: whose it is, its role and place (replica, shard),
/// the `--set` key that sizes it, and the group of resources analysis judges together.
///
/// Declared once per run from the spec (``SimulationSpec/resourceDeclarations``); the engine
/// lays its resource table out in the same order, and every `ResourceResult` carries its
/// declaration.
public struct ResourceDeclaration: Codable, Sendable, Equatable, Hashable {
    /// The resource's name in results, e.g. `app.2.cores`, `db.shard1.replica2`, `pool`.
    public var name: String
    /// The component that declares it.
    public var component: String
    /// That component's kind.
    public var type: ComponentType
    public var role: ResourceRole
    /// App servers: the replica (from 0). Databases: the replica's number (from 1) for
    /// ``ResourceRole/replica``. Nil otherwise.
    public var replica: Int?
    /// Databases with more than one shard: the shard (from 0). Nil otherwise.
    public var shard: Int?
    /// The `--set` path whose value is this resource's number of servers, e.g.
    /// `components.app.cores`, `components.pool.size`.
    public var sizedBy: String
    /// Resources sized by the same key that share the load alike form one group, which analysis
    /// ranks as one candidate bottleneck judged by its busiest member: an app server's cores
    /// over its replicas (`app.cores`), a shard's primary (`db.shard1.primary`), a shard's read
    /// replicas (`db.shard1.replicas`), a pool's connections (`pool.connections`). The name is
    /// for people; analysis compares it whole.
    public var group: String

    public init(
        name: String, component: String, type: ComponentType, role: ResourceRole, replica: Int? = nil,
        shard: Int? = nil, sizedBy: String, group: String
    ) {
        self.name = name
        self.component = component
        self.type = type
        self.role = role
        self.replica = replica
        self.shard = shard
        self.sizedBy = sizedBy
        self.group = group
    }
}

extension ResourceDeclaration {
    /// The resource under its component, for people: `replica 2 cores`, `primary`,
    /// `shard1 replica2`, or the role for a component's only resource (`connections`).
    public var label: String {
        let shardPart = shard.map { "shard\($0) " } ?? ""
        switch role {
        case .threads, .cores: return "replica \(replica ?? 0) \(role.rawValue)"
        case .primary: return shardPart + "primary"
        case .replica: return shardPart + "replica\(replica ?? 0)"
        case .servers, .connections, .workers: return role.rawValue
        case .cacheServers: return "servers"
        }
    }
}

extension ResourceDeclaration {
    /// The `--set` path of parameter `parameter` of component `component`:
    /// `components.app.cores`.
    static func sizingKey(_ component: String, _ parameter: String) -> String {
        "components.\(component).\(parameter)"
    }
}

extension SimulationSpec {
    /// Every resource of every component, in the engine's table order: per component in model
    /// order, a station, pool, cache or queue has one; an app server two per replica it has room
    /// for (threads, then cores); a database one per node, shard by shard, primary first; a load
    /// balancer none. Each kind declares its own (`<Kind>+Metrics.swift`).
    public var resourceDeclarations: [ResourceDeclaration] {
        components.flatMap { $0.kind.resourceDeclarations(component: $0.name) }
    }
}
