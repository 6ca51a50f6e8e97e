/// A scheduled event: a small value ordered by (time, sequence).
///
/// The kernel gives no meaning to `kind`, `target` and `tag`; the owner of the calendar decides
/// (for the engine: which handler, which request slot, which generation). Keeping events plain
/// values means scheduling one allocates nothing once the calendar's storage has grown.
/// Stride: 32 bytes.
public struct Event: Sendable, Equatable, BitwiseCopyable {
    /// Simulated time at which the event fires, seconds.
    public var time: Double
    /// Insertion order: breaks ties between equal times so that they resolve the same way every
    /// run (first scheduled, first fired).
    public var sequence: UInt64
    /// What happens, as the owner numbers it.
    public var kind: UInt32
    /// To whom it happens (an index of the owner's).
    public var target: Int32
    /// A check value, e.g. a generation counter that makes a stale event recognisable.
    public var tag: UInt32

    @inlinable
    public init(time: Double, sequence: UInt64, kind: UInt32, target: Int32, tag: UInt32) {
        self.time = time
        self.sequence = sequence
        self.kind = kind
        self.target = target
        self.tag = tag
    }
}

extension Event: Comparable {
    /// Earlier time first; at equal times, earlier insertion first.
    @inlinable
    public static func < (lhs: Event, rhs: Event) -> Bool {
        lhs.time < rhs.time || (lhs.time == rhs.time && lhs.sequence < rhs.sequence)
    }
}
