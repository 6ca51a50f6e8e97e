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

    public init(name: String, servers: Int = 1, capacity: Int? = nil, timeout: Double? = nil) {
        self.name = name
        self.servers = servers
        self.capacity = capacity
        self.timeout = timeout
    }
}
