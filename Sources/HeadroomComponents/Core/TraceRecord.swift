/// One state change of one request, for tests that check a small scenario step by step.
public struct TraceRecord: Sendable, Equatable, CustomStringConvertible {
    /// What happened.
    public enum Kind: String, Sendable {
        /// The request arrived (component: its class).
        case arrive
        /// It found the station full and was turned away.
        case reject
        /// It joined the station's queue.
        case queue
        /// It got a server.
        case start
        /// It gave its server back.
        case release
        /// It left the queue after waiting its timeout.
        case timeout
        /// It finished its program (component: its class).
        case done
    }
    /// Simulated time, seconds.
    public var time: Double
    /// The request's arrival number, from 0.
    public var request: Int
    public var event: Kind
    /// The station, or the class for `arrive` and `done`.
    public var component: String

    public init(time: Double, request: Int, event: Kind, component: String) {
        self.time = time
        self.request = request
        self.event = event
        self.component = component
    }

    public var description: String { "\(time) #\(request) \(event.rawValue) \(component)" }
}
