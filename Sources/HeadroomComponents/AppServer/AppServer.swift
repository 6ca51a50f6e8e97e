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

extension AppServerSpec: ComponentParameters {
    public static var componentType: ComponentType { .appServer }
    public static var summary: String { "replicas × (threads, cores)" }
    /// `maxReplicas` is the builder's to fill in (from the timeline and the autoscalers).
    public static var template: AppServerSpec { AppServerSpec() }
    public static var parameters: [Parameter<AppServerSpec>] {
        [
            Parameter("replicas", .integer(\.replicas, 1...Bounds.replicas), .defaulted(), "machines"),
            Parameter("threads", .integer(\.threads, 1...Bounds.servers), .defaulted(), "request threads per replica"),
            Parameter("cores", .integer(\.cores, 1...Bounds.servers), .defaulted(), "CPU cores per replica"),
            Parameter("backlog", .optionalInteger(\.backlog, 0...Bounds.waiting), .optional(meaning: "unbounded"),
                      "requests that may wait for a thread per replica (the accept backlog); more are rejected"),
            Parameter("cost_per_hour", .price(\.costPerHour), .defaulted(note: "no cost reported"),
                      "price of one replica for one hour, in the model's currency; see [costs](#costs-cost_per_hour)"),
        ]
    }
}
