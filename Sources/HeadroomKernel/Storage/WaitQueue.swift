/// A FIFO ring buffer of 64-bit entries, stored inline in a resource's plain-value state.
///
/// `Deque` inside an array costs two copy-on-write checks per push and pop; at ρ = 0.8 four in
/// five M/M/1 customers queue, and those checks were about 15 % of the loop (callgrind). This
/// ring is a raw pointer, so it stays bitwise-copyable: its owner must call `deallocate()`
/// exactly once when done (the engine does, in its deinit). Push is amortised O(1) (the
/// capacity doubles when full), pop and peek O(1).
public struct WaitQueue: BitwiseCopyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt64>?
    @usableFromInline var capacity: Int = 0
    @usableFromInline var head: Int = 0
    /// Entries held.
    @inlinable public var count: Int { _count }
    @usableFromInline var _count: Int = 0

    public init() {}

    /// Appends `entry` at the back.
    @inlinable
    public mutating func push(_ entry: UInt64) {
        if _count == capacity { grow() }
        var tail = head + _count
        if tail >= capacity { tail -= capacity }
        base![tail] = entry
        _count += 1
    }

    /// The front entry, or nil.
    @inlinable
    public var first: UInt64? { _count > 0 ? base![head] : nil }

    /// Removes and returns the front entry (the queue must not be empty).
    @inlinable
    public mutating func removeFirst() -> UInt64 {
        assert(_count > 0, "removeFirst on an empty WaitQueue")
        let entry = base![head]
        head += 1
        if head == capacity { head = 0 }
        _count -= 1
        return entry
    }

    /// Whether `entry` is in the queue. O(n): for rare checks, not the hot loop.
    public func contains(_ entry: UInt64) -> Bool {
        for i in 0..<_count {
            var index = head + i
            if index >= capacity { index -= capacity }
            if base![index] == entry { return true }
        }
        return false
    }

    @usableFromInline
    mutating func grow() {
        let bigger = max(16, capacity * 2)
        let storage = UnsafeMutablePointer<UInt64>.allocate(capacity: bigger)
        for i in 0..<_count {
            var index = head + i
            if index >= capacity { index -= capacity }
            storage[i] = base![index]
        }
        base?.deallocate()
        base = storage
        capacity = bigger
        head = 0
    }

    /// Frees the storage; the queue is empty afterwards.
    public mutating func deallocate() {
        base?.deallocate()
        base = nil
        capacity = 0
        head = 0
        _count = 0
    }
}
