/// The time average of a piecewise-constant quantity (queue length, busy servers, pool in use).
///
/// Each change closes the interval since the previous change: area += value × elapsed. O(1) per
/// update, no storage per sample, so memory stays flat however long the run.
public struct TimeWeightedStat: Sendable, BitwiseCopyable {
    /// The current value.
    @inlinable public var value: Double { _value }
    @usableFromInline var _value: Double = 0
    /// The largest value seen since the last reset.
    @inlinable public var maximum: Double { _maximum }
    @usableFromInline var _maximum: Double = 0
    @usableFromInline var area: Double = 0
    @usableFromInline var lastTime: Double = 0
    @usableFromInline var startTime: Double = 0

    public init() {}

    /// Sets the value to `newValue` at time `time` (seconds, non-decreasing).
    @inlinable
    public mutating func set(_ newValue: Double, at time: Double) {
        area += value * (time - lastTime)
        lastTime = time
        _value = newValue
        if newValue > maximum { _maximum = newValue }
    }

    /// Adds `delta` to the value at time `time`.
    @inlinable
    public mutating func add(_ delta: Double, at time: Double) {
        set(value + delta, at: time)
    }

    /// Discards the history before `time` (end of warm-up); the current value is kept.
    public mutating func reset(at time: Double) {
        area = 0
        lastTime = time
        startTime = time
        _maximum = value
    }

    /// The integral of the value from the last reset to `time` (value × seconds).
    public func integral(at time: Double) -> Double {
        area + value * (time - lastTime)
    }

    /// The time average from the last reset to `time`; the current value if no time has passed.
    public func mean(at time: Double) -> Double {
        let span = time - startTime
        guard span > 0 else { return value }
        return (area + value * (time - lastTime)) / span
    }
}
