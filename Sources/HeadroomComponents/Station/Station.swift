import HeadroomKernel

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
    /// Service time of a visit that gives no `time` of its own, seconds; `nil`: every visit
    /// must give one.
    public var service: Distribution?

    public init(
        name: String, servers: Int = 1, capacity: Int? = nil, timeout: Double? = nil, service: Distribution? = nil
    ) {
        self.name = name
        self.servers = servers
        self.capacity = capacity
        self.timeout = timeout
        self.service = service
    }
}

extension StationSpec: ComponentParameters {
    public static var componentType: ComponentType { .station }
    public static var summary: String { "c identical servers in front of one FIFO queue" }
    public static var template: StationSpec { StationSpec(name: "") }
    public static var parameters: [Parameter<StationSpec>] {
        [
            Parameter("servers", .integer(\.servers, 1...Bounds.servers), .defaulted(),
                      "identical servers c (cores, threads, connections, workers)"),
            Parameter("capacity", .optionalInteger(\.capacity, 1...Int.max), .optional(meaning: "unbounded"),
                      "most requests in the station at once, in service plus waiting (Kendall's K), at least "
                          + "`servers`; an arrival that finds it full is rejected"),
            Parameter("timeout", .optionalDuration(\.timeout), .optional(meaning: "none (wait forever)"),
                      "longest a request waits in the queue; then it leaves with a timeout error"),
            Parameter("service", .optionalDistribution(\.service), .optional(meaning: "none"),
                      "service time of a visit that gives no `time`"),
        ]
    }
}
