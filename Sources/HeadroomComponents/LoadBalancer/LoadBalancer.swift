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

/// Load-balancer health checks: every `interval` each replica is probed; a replica that fails
/// `unhealthyThreshold` probes in a row leaves rotation, one that passes `healthyThreshold` in a
/// row returns. A probe of a crashed replica fails after `timeout`.
public struct HealthCheckSpec: Sendable, Equatable, Codable {
    public var interval: Double
    public var timeout: Double
    public var unhealthyThreshold: Int
    public var healthyThreshold: Int

    public init(interval: Double = 5, timeout: Double = 2, unhealthyThreshold: Int = 3, healthyThreshold: Int = 2) {
        self.interval = interval
        self.timeout = timeout
        self.unhealthyThreshold = unhealthyThreshold
        self.healthyThreshold = healthyThreshold
    }
}
