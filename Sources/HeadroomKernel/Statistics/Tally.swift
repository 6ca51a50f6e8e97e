/// Count, mean and extremes of a stream of observations (waits, response times), O(1) per
/// observation and no storage per sample.
public struct Tally: Sendable, BitwiseCopyable {
    @inlinable public var count: UInt64 { _count }
    @usableFromInline var _count: UInt64 = 0
    @inlinable public var sum: Double { _sum }
    @usableFromInline var _sum: Double = 0
    @inlinable public var maximum: Double { _maximum }
    @usableFromInline var _maximum: Double = 0

    public init() {}

    /// Adds one observation.
    @inlinable
    public mutating func record(_ x: Double) {
        _count &+= 1
        _sum += x
        if x > maximum { _maximum = x }
    }

    /// The mean of the observations, 0 when there are none.
    public var mean: Double { _count == 0 ? 0 : sum / Double(count) }

    /// Forgets every observation (end of warm-up).
    public mutating func reset() { self = Tally() }

    /// Adds every observation of `other` (merging classes or replications).
    public mutating func merge(_ other: Tally) {
        _count &+= other.count
        _sum += other.sum
        if other.maximum > maximum { _maximum = other.maximum }
    }
}
