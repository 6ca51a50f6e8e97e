/// The future event list: a min-heap of `Event` ordered by (time, insertion sequence), and the
/// simulation clock.
///
/// Invariant: `now` never decreases; every pending event has `time ≥ now`. Events with equal
/// times fire in the order they were scheduled, so a run is the same on every machine.
/// Storage is an `EventHeap`; it grows to the largest number of pending events and is reused, so
/// the steady state allocates nothing.
public struct EventCalendar: ~Copyable {
    @usableFromInline var heap = EventHeap()
    @usableFromInline var nextSequence: UInt64 = 0
    /// The current simulated time, seconds: the time of the last event taken.
    @inlinable public var now: Double { _now }
    @usableFromInline var _now: Double = 0
    /// Events taken so far.
    @inlinable public var processed: UInt64 { _processed }
    @usableFromInline var _processed: UInt64 = 0

    public init() {}

    /// Pending events. O(1).
    @inlinable public var count: Int { heap.count }

    /// True when nothing is scheduled. O(1).
    @inlinable public var isEmpty: Bool { heap.count == 0 }

    /// The time of the next event, or nil. O(1).
    @inlinable public var nextTime: Double? { heap.min?.time }

    /// Schedules an event at absolute time `time` (≥ now). O(log n).
    @inlinable
    public mutating func schedule(at time: Double, kind: UInt32, target: Int32 = 0, tag: UInt32 = 0) {
        assert(time >= now, "an event cannot be scheduled in the past")
        heap.insert(Event(time: time, sequence: nextSequence, kind: kind, target: target, tag: tag))
        nextSequence &+= 1
    }

    /// Schedules an event `delay` seconds (≥ 0) from now. O(log n).
    @inlinable
    public mutating func schedule(after delay: Double, kind: UInt32, target: Int32 = 0, tag: UInt32 = 0) {
        schedule(at: now + delay, kind: kind, target: target, tag: tag)
    }

    /// Takes the earliest event if it fires at or before `end`, and advances the clock to it;
    /// otherwise leaves the calendar as it is and returns nil. O(log n).
    @inlinable
    public mutating func next(until end: Double) -> Event? {
        guard let first = heap.min, first.time <= end else { return nil }
        heap.removeMin()
        _now = first.time
        _processed &+= 1
        return first
    }

    /// Moves the clock forward to `time` without an event (the end of a run). No-op if
    /// `time ≤ now`.
    public mutating func advance(to time: Double) {
        if time > now { _now = time }
    }
}
