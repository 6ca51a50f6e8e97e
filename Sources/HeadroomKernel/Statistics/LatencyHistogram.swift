/// Response times in an HDR histogram: percentiles to three significant digits (relative error
/// ≤ 0.1 %) in constant memory, plus the exact mean and maximum.
///
/// Values are recorded in nanoseconds from 1 ns to 10 hours (about 300 KB a histogram at three
/// digits); a larger value is counted in the top bucket and still sets the exact maximum.
/// Recording is O(1) and allocates nothing.
///
/// The bucket layout, percentile rule and bucket values are exactly those of HdrHistogram
/// (Tene; the `Histogram` package follows it), and the tests hold this type to that package
/// value for value. It is written out here because recording is on the engine's hottest path:
/// through the package's generic code a record cost about 130 instructions and a window's two
/// percentiles and reset about 100,000 (a scan and a clear of every bucket); here a record is a
/// dozen instructions, and reading and clearing touch only the buckets between the lowest and
/// the highest recorded (callgrind on M/M/1: 30 % of the run before, under 5 % after).
public struct LatencyHistogram: Sendable {
    /// The highest value the buckets resolve, seconds.
    public static let highestSeconds = 36_000.0
    /// The same, nanoseconds: the histogram's highest trackable value.
    static let highestNanoseconds: UInt64 = 36_000_000_000_000

    /// Counts per bucket, in HdrHistogram's order (bucket 0's sub-buckets, then each further
    /// bucket's upper half).
    @usableFromInline var counts: [UInt64]
    /// log2 of half the sub-buckets per bucket (10 at three digits: 1,024).
    @usableFromInline let halfMagnitude: Int
    /// 64 minus log2 of the sub-buckets per bucket: the bucket of a value from its leading zeros.
    @usableFromInline let leadingZeroCountBase: Int
    /// Values under this mask (the sub-bucket count minus one) fall into bucket 0.
    @usableFromInline let subBucketMask: UInt64
    @usableFromInline var totalCount: UInt64 = 0
    /// Smallest non-zero and largest recorded value, nanoseconds (HdrHistogram's min and max).
    @usableFromInline var minNonZero: UInt64 = .max
    @usableFromInline var maxValue: UInt64 = 0
    /// The lowest and highest bucket indices recorded into since the last reset (an empty
    /// range when nothing is): reading and clearing stay within them.
    @usableFromInline var lowIndex = Int.max
    @usableFromInline var highIndex = -1
    @usableFromInline var tally = Tally()

    /// Significant decimal digits of the buckets: 2 (1 %) or 3 (0.1 %).
    public enum SignificantDigits: Int, Sendable {
        case two = 2
        case three = 3
    }

    /// An empty histogram. Three significant digits by default; two (1 % error, a tenth of the
    /// memory) suit per-window percentiles.
    public init(significantDigits: SignificantDigits = .three) {
        // Unit resolution up to 2·10^digits, rounded up to a power of two of sub-buckets.
        var single = 2
        for _ in 0..<significantDigits.rawValue { single *= 10 }
        let subBucketMagnitude = Int.bitWidth - (single - 1).leadingZeroBitCount
        let subBucketCount = 1 << subBucketMagnitude
        halfMagnitude = subBucketMagnitude - 1
        leadingZeroCountBase = 64 - subBucketMagnitude
        subBucketMask = UInt64(subBucketCount - 1)
        var smallestUntrackable = UInt64(subBucketCount)
        var buckets = 1
        while smallestUntrackable <= Self.highestNanoseconds {
            smallestUntrackable <<= 1
            buckets += 1
        }
        counts = Array(repeating: 0, count: (buckets + 1) << halfMagnitude)
    }

    /// The bucket index of `value`, nanoseconds (≤ the highest trackable value): HdrHistogram's
    /// ((bucket + 1) << half) + subBucket − (1 << half), which is (bucket << half) + subBucket.
    /// Wrapping operators: the shifts stay below 64 and the index within `counts` for every
    /// value the clamp in `record` lets through, so Swift's overflow and over-shift checks are
    /// dead weight on the engine's hottest path.
    @inlinable @inline(__always)
    func index(of value: UInt64) -> Int {
        let bucket = leadingZeroCountBase &- (value | subBucketMask).leadingZeroBitCount
        return (bucket &<< halfMagnitude) &+ Int(truncatingIfNeeded: value &>> UInt64(truncatingIfNeeded: bucket))
    }

    /// Records one response time, seconds (≥ 0).
    @inlinable
    public mutating func record(_ seconds: Double) {
        tally.record(seconds)
        let clamped = seconds < LatencyHistogram.highestSeconds ? seconds : LatencyHistogram.highestSeconds
        // + 0.5 and truncation rounds a non-negative value without a libm call.
        let value = UInt64(clamped * 1e9 + 0.5)
        let i = index(of: value)
        counts.withUnsafeMutableBufferPointer { $0[i] &+= 1 }
        totalCount &+= 1
        if value > maxValue { maxValue = value }
        if value < minNonZero, value != 0 { minNonZero = value }
        if i < lowIndex { lowIndex = i }
        if i > highIndex { highIndex = i }
    }

    /// Observations recorded.
    public var count: UInt64 { tally.count }
    /// Exact mean, seconds; 0 when empty.
    public var mean: Double { tally.mean }
    /// Exact maximum, seconds.
    public var maximum: Double { tally.maximum }
    /// Exact sum of all observations, seconds.
    public var sum: Double { tally.sum }

    /// The lowest value of bucket `index`, nanoseconds.
    func value(atIndex index: Int) -> UInt64 {
        var bucket = (index >> halfMagnitude) - 1
        var subBucket = (index & ((1 << halfMagnitude) - 1)) + (1 << halfMagnitude)
        if bucket < 0 {
            subBucket -= 1 << halfMagnitude
            bucket = 0
        }
        return UInt64(subBucket) << UInt64(bucket)
    }

    /// The highest value counted in the same bucket as `index`'s lowest, nanoseconds.
    func highestEquivalent(atIndex index: Int) -> UInt64 {
        let bucket = Swift.max((index >> halfMagnitude) - 1, 0)
        return value(atIndex: index) + (UInt64(1) << UInt64(bucket)) - 1
    }

    /// HdrHistogram's smallest recorded value: 0 when a zero was recorded.
    var minimumRecorded: UInt64 {
        (lowIndex == 0 || totalCount == 0) ? 0 : minNonZero
    }

    /// The value at percentile `percent` (0–100), seconds, at the histogram's precision:
    /// the highest value of the bucket holding the ⌈percent·count⌉-th smallest observation
    /// (HdrHistogram's `valueAtPercentile`).
    public func percentile(_ percent: Double) -> Double {
        guard count > 0, totalCount > 0 else { return 0 }
        guard percent != 0 else { return Double(minimumRecorded) / 1e9 }
        guard percent < 100 else { return Double(maxValue) / 1e9 }
        // One ulp off, so rounding up cannot overrun into the next bucket.
        let requested = Swift.min(Swift.max(percent.nextDown, 0), 100)
        let target = Swift.max(1, UInt64((requested * Double(totalCount) / 100).rounded(.up)))
        var running: UInt64 = 0
        return counts.withUnsafeBufferPointer { counts in
            for i in lowIndex...highIndex {
                running &+= counts[i]
                if running >= target {
                    let value = Swift.max(Swift.min(highestEquivalent(atIndex: i), maxValue), minimumRecorded)
                    return Double(value) / 1e9
                }
            }
            return 0
        }
    }

    /// Adds every observation of `other` (merging classes or replications); both must have the
    /// same precision.
    public mutating func add(_ other: LatencyHistogram) {
        precondition(halfMagnitude == other.halfMagnitude, "histograms of different precision")
        tally.merge(other.tally)
        guard other.totalCount > 0 else { return }
        counts.withUnsafeMutableBufferPointer { mine in
            other.counts.withUnsafeBufferPointer { theirs in
                for i in other.lowIndex...other.highIndex { mine[i] &+= theirs[i] }
            }
        }
        totalCount &+= other.totalCount
        maxValue = Swift.max(maxValue, other.maxValue)
        minNonZero = Swift.min(minNonZero, other.minNonZero)
        lowIndex = Swift.min(lowIndex, other.lowIndex)
        highIndex = Swift.max(highIndex, other.highIndex)
    }

    /// Forgets every observation (end of warm-up, end of a window): clears only the buckets
    /// recorded into.
    public mutating func reset() {
        if highIndex >= lowIndex {
            let (low, high) = (lowIndex, highIndex)
            counts.withUnsafeMutableBufferPointer { counts in
                for i in low...high { counts[i] = 0 }
            }
        }
        totalCount = 0
        minNonZero = .max
        maxValue = 0
        lowIndex = .max
        highIndex = -1
        tally.reset()
    }

    /// The non-empty buckets: (highest equivalent value in seconds, count), ascending.
    public func buckets() -> [(seconds: Double, count: UInt64)] {
        guard totalCount > 0 else { return [] }
        var result: [(seconds: Double, count: UInt64)] = []
        for i in lowIndex...highIndex where counts[i] > 0 {
            result.append((Double(highestEquivalent(atIndex: i)) / 1e9, counts[i]))
        }
        return result
    }
}
