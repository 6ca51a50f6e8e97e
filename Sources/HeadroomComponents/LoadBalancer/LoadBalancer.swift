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

extension LoadBalancerSpec: ComponentParameters {
    public static var componentType: ComponentType { .loadBalancer }
    public static var summary: String { "spreads requests over an app server's replicas" }
    /// `backend` is the builder's to fill in (an index, from the name the file gives).
    public static var template: LoadBalancerSpec { LoadBalancerSpec(policy: .roundRobin, backend: -1) }
    public static var parameters: [Parameter<LoadBalancerSpec>] {
        [
            Parameter("backend", .structured(.component(.appServer)), .required,
                      "the app server it is in front of; at most one load balancer per app server"),
            Parameter("policy", .choice(ParameterChoice(\.policy)), .defaulted(), "how a replica is chosen (below)"),
            Parameter("weights", .weights(\.weights),
                      .optional(meaning: "**required with `weighted`, not allowed otherwise**"),
                      "relative share of each replica, one per replica of the backend"),
            Parameter("sticky", .boolean(\.sticky), .defaulted(),
                      "`true`: a request goes to replica hash(session) mod replicas, as when sessions live in "
                          + "server memory; every class that works on the backend then needs `sessions`. `false`: "
                          + "any replica, as with sessions in an external store (Redis)"),
            Parameter("health_check", .healthCheck(\.healthCheck),
                      .optional(meaning: "none: a crashed replica stays in rotation"),
                      "probes that take failed replicas out of rotation and bring them back"),
        ]
    }
}

extension HealthCheckSpec {
    /// The keys of a load balancer's `health_check`, each with a default.
    public static var parameters: [Parameter<HealthCheckSpec>] {
        [
            Parameter("interval", .duration(\.interval), .defaulted(), "time between probes of a replica"),
            Parameter("timeout", .duration(\.timeout), .defaulted(),
                      "how long a probe of a dead replica takes to fail, at most `interval`"),
            Parameter("unhealthy_threshold", .integer(\.unhealthyThreshold, 1...Bounds.attempts), .defaulted(),
                      "failed probes in a row that take a replica out"),
            Parameter("healthy_threshold", .integer(\.healthyThreshold, 1...Bounds.attempts), .defaulted(),
                      "passed probes in a row that bring it back"),
        ]
    }
}
