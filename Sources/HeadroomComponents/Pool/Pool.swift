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

extension PoolSpec: ComponentParameters {
    public static var componentType: ComponentType { .pool }
    public static var summary: String { "a connection pool with an acquire timeout" }
    public static var template: PoolSpec { PoolSpec(size: 1) }
    public static var parameters: [Parameter<PoolSpec>] {
        [
            Parameter("size", .integer(\.size, 1...Bounds.servers), .required, "connections"),
            Parameter("acquire_timeout", .optionalDuration(\.acquireTimeout), .optional(meaning: "none (wait forever)"),
                      "longest a request waits for a connection; then it fails with a pool timeout, an error of "
                          + "its own kind"),
        ]
    }
}
