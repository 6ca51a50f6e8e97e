/// One request in service at a processor-sharing station: when it is done in the station's
/// virtual time, when it arrived, and who it is.
struct SharingEntry: BitwiseCopyable {
    /// Virtual time at which its work is done: the station's virtual time when it arrived plus
    /// its work (seconds of one core).
    var finish: Double
    /// Simulated time it arrived, seconds.
    var arrival: Double
    var slot: Int32
    /// The slot's token when it arrived; a different token now means the request was killed.
    var token: UInt32
}

/// The run-time state of a processor-sharing station, kept in virtual time so that a change of
/// population costs O(log n) instead of touching every request present.
///
/// With n requests present on c cores each is served at rate φ(n) = min(1, c/n) (times the
/// context-switch efficiency when n > c). The virtual time V is the service every request present
/// has received since V was last zero: dV/dt = φ(n). A request of work x arriving at V₀ is done when
/// V reaches V₀ + x, so the requests leave in the order of these finish tags whatever happens to n
/// in between: a min-heap of finish tags gives the next departure, due at
/// now + (min finish − V)/φ(n). One departure event is pending per station; a change of n makes it
/// stale (a new `generation`) and schedules the new one.
///
/// The heap is a raw buffer so the state stays bitwise-copyable (the engine keeps it in a
/// `Column`); it grows to the largest population and is reused, so the steady state allocates
/// nothing. Its owner must call `deallocate()`.
struct SharingState: BitwiseCopyable {
    /// Service each request present has received, seconds of one core; reset to 0 when the
    /// station empties (so it never grows large enough to lose precision).
    var virtualTime = 0.0
    /// Simulated time `virtualTime` was last brought up to date.
    var updated = 0.0
    /// Labels the pending departure event; bumped at every change of population.
    var generation: UInt32 = 0
    var entries: UnsafeMutablePointer<SharingEntry>?
    var capacity = 0
    /// Requests present.
    var count = 0

    /// The entry with the smallest finish tag (count > 0). O(1).
    var first: SharingEntry { entries![0] }

    /// Adds an entry. O(log n).
    mutating func push(_ entry: SharingEntry) {
        if count == capacity { grow() }
        let heap = entries!
        var i = count
        count += 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard entry.finish < heap[parent].finish else { break }
            heap[i] = heap[parent]
            i = parent
        }
        heap[i] = entry
    }

    /// Removes and returns the entry with the smallest finish tag (count > 0). O(log n).
    mutating func removeFirst() -> SharingEntry {
        let heap = entries!
        let top = heap[0]
        count -= 1
        guard count > 0 else { return top }
        let last = heap[count]
        var i = 0
        while true {
            let left = 2 * i + 1
            guard left < count else { break }
            let right = left + 1
            let child = right < count && heap[right].finish < heap[left].finish ? right : left
            guard heap[child].finish < last.finish else { break }
            heap[i] = heap[child]
            i = child
        }
        heap[i] = last
        return top
    }

    mutating func grow() {
        let bigger = Swift.max(16, capacity * 2)
        let storage = UnsafeMutablePointer<SharingEntry>.allocate(capacity: bigger)
        if let old = entries {
            storage.update(from: old, count: count)
            old.deallocate()
        }
        entries = storage
        capacity = bigger
    }

    /// Frees the heap's storage.
    mutating func deallocate() {
        entries?.deallocate()
        entries = nil
        capacity = 0
        count = 0
    }
}
