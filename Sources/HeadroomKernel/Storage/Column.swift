/// A growable array of plain values that the hot loop reads and writes without copy-on-write
/// checks.
///
/// `Array` checks uniqueness on every write, which costs about a tenth of the event loop's time
/// when state lives in a dozen arrays. A column owns its memory outright (it is non-copyable),
/// so a write is one store. Index checks are assertions: they run in debug builds only (the
/// release loop pays nothing for them); the test command's debug pass
/// (`scripts/tests.d/05-debug-assertions`) runs the kernel, component and fingerprint tests in a
/// debug build so that they do run. Elements are bitwise-copyable, so nothing needs releasing.
public struct Column<Element: BitwiseCopyable>: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<Element>
    @usableFromInline var capacity: Int
    /// Number of elements.
    @inlinable public var count: Int { _count }
    @usableFromInline var _count: Int = 0

    /// An empty column with room for `capacity` elements before it grows.
    public init(capacity: Int = 16) {
        self.capacity = Swift.max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    /// A column of `count` copies of `value`.
    public init(repeating value: Element, count: Int) {
        self.init(capacity: count)
        base.initialize(repeating: value, count: count)
        _count = count
    }

    /// A column holding `elements`, in order.
    public init(_ elements: some Collection<Element>) {
        self.init(capacity: elements.count)
        for element in elements { append(element) }
    }

    deinit { base.deallocate() }

    /// The element at `index` (0 ≤ index < count). O(1).
    ///
    /// Addressors rather than get/set: `column[i].field += 1` then updates the field in place
    /// instead of copying the whole element out and back (which, for the engine's 200-byte
    /// resource records, doubled the cost of every update).
    @inlinable
    public subscript(index: Int) -> Element {
        unsafeAddress {
            assert(index >= 0 && index < _count, "Column index out of range")
            return UnsafePointer(base + index)
        }
        nonmutating unsafeMutableAddress {
            assert(index >= 0 && index < _count, "Column index out of range")
            return base + index
        }
    }

    /// Adds `element` at the end. Amortised O(1): the capacity doubles when full.
    @inlinable
    public mutating func append(_ element: Element) {
        if _count == capacity { grow() }
        (base + _count).initialize(to: element)
        _count += 1
    }

    /// Removes and returns the last element, or nil when empty. O(1).
    @inlinable
    public mutating func popLast() -> Element? {
        guard _count > 0 else { return nil }
        _count -= 1
        return base[_count]
    }

    /// Removes every element, keeping the memory. O(1).
    public mutating func removeAll() { _count = 0 }

    @usableFromInline
    mutating func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: _count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    /// A copy of the elements as an array (for results, not the hot loop).
    public var array: [Element] { Array(UnsafeBufferPointer(start: base, count: _count)) }
}
