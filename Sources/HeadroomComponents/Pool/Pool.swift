/// A connection pool: `size` connections; a request waits for one at most `acquireTimeout`
/// seconds, then fails with a pool timeout (an error of its own kind).
public struct PoolSpec: Sendable, Equatable, Codable {
    public var size: Int
    public var acquireTimeout: Double?

    public init(size: Int, acquireTimeout: Double? = nil) {
        self.size = size
        self.acquireTimeout = acquireTimeout
    }
}
