import Histogram

/// Response times in an HDR histogram: percentiles to three significant digits (relative error
/// ≤ 0.1 %) in constant memory, plus the exact mean and maximum.
///
/// Values are recorded in nanoseconds from 1 ns to 10 hours (about 300 KB a histogram at three
/// digits); a larger
/// value is counted in the top bucket and still sets the exact maximum. Recording is O(1) and
/// allocates nothing.
public struct LatencyHistogram: Sendable {
    /// The highest value the buckets resolve, seconds.
    public static let highestSeconds = 36_000.0
    @usableFromInline var histogram: Histogram<UInt64>
    @usableFromInline var tally = Tally()

    /// An empty histogram. Three significant digits by default; two (1 % error, a tenth of the
    /// memory, so a tenth of the cost of `reset`) suit per-window percentiles.
    public init(significantDigits: SignificantDigits = .three) {
        histogram = Histogram<UInt64>(
            lowestDiscernibleValue: 1, highestTrackableValue: 36_000_000_000_000,
            numberOfSignificantValueDigits: significantDigits)
    }

    /// Records one response time, seconds (≥ 0).
    @inlinable
    public mutating func record(_ seconds: Double) {
        tally.record(seconds)
        let clamped = seconds < LatencyHistogram.highestSeconds ? seconds : LatencyHistogram.highestSeconds
        // + 0.5 and truncation rounds a non-negative value without a libm call.
        histogram.record(UInt64(clamped * 1e9 + 0.5))
    }

    /// Observations recorded.
    public var count: UInt64 { tally.count }
    /// Exact mean, seconds; 0 when empty.
    public var mean: Double { tally.mean }
    /// Exact maximum, seconds.
    public var maximum: Double { tally.maximum }
    /// Exact sum of all observations, seconds.
    public var sum: Double { tally.sum }

    /// The value at percentile `percent` (0–100), seconds, at the histogram's precision.
    public func percentile(_ percent: Double) -> Double {
        guard count > 0 else { return 0 }
        return Double(histogram.valueAtPercentile(percent)) / 1e9
    }

    /// Adds every observation of `other` (merging classes or replications).
    public mutating func add(_ other: LatencyHistogram) {
        histogram.add(other.histogram)
        tally.merge(other.tally)
    }

    /// Forgets every observation (end of warm-up).
    public mutating func reset() {
        histogram.reset()
        tally.reset()
    }

    /// The non-empty buckets: (highest equivalent value in seconds, count), ascending.
    public func buckets() -> [(seconds: Double, count: UInt64)] {
        histogram.recordedValues().map { (Double($0.value) / 1e9, UInt64($0.count)) }
    }
}
