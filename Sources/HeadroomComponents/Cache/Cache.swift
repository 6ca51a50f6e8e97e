import HeadroomKernel

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

extension CacheSpec: ComponentParameters {
    public static var componentType: ComponentType { .cache }
    public static var summary: String { "a cache-aside key–value cache with TTL and LRU capacity" }
    public static var template: CacheSpec { CacheSpec(ttl: 1) }
    public static var parameters: [Parameter<CacheSpec>] {
        [
            Parameter("ttl", .duration(\.ttl), .required, "time to live of an entry"),
            Parameter("capacity", .optionalInteger(\.capacity, 1...Int.max), .optional(meaning: "unbounded"),
                      "most entries held (LRU eviction)"),
            Parameter("service", .distribution(\.service), .defaulted(), "time of one get, set or delete"),
            Parameter("servers", .integer(\.servers, 1...Bounds.servers), .defaulted(),
                      "operations served at once (Redis: 1)"),
        ]
    }
}
