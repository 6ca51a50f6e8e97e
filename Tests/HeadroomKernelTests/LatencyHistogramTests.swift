import Foundation
import Histogram
import HeadroomKernel
import Testing

/// `LatencyHistogram` writes HdrHistogram's layout out by hand for speed; these tests hold it to
/// the `Histogram` package, recording the same values into both: every percentile and every
/// bucket must be identical, after resets and merges too.
@Suite struct LatencyHistogramTests {
    /// The package's histogram with LatencyHistogram's range (1 ns to 10 hours).
    static func oracle(_ digits: SignificantDigits) -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 36_000_000_000_000,
                          numberOfSignificantValueDigits: digits)
    }

    /// Seconds spread over nine decades (1 ns to 10 h and beyond, zero included), log-uniform, so
    /// every bucket region is exercised.
    static func values(count: Int, seed: UInt64) -> [Double] {
        var stream = RandomStream(rawSeed: seed)
        var values: [Double] = [0, 1e-9, 36_000, 50_000]
        for _ in 0..<count {
            let decade = stream.nextOpenUnit() * 14 - 9
            values.append(pow(10, decade))
        }
        return values
    }

    static func check(_ mine: LatencyHistogram, against oracle: Histogram<UInt64>) {
        #expect(mine.count == oracle.totalCount)
        for p in [0, 0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100] {
            #expect(mine.percentile(p) == Double(oracle.valueAtPercentile(p)) / 1e9, "p\(p)")
        }
        let buckets = mine.buckets()
        let expected = oracle.recordedValues().map { (Double($0.value) / 1e9, UInt64($0.count)) }
        #expect(buckets.count == expected.count)
        for (a, b) in zip(buckets, expected) where a.seconds != b.0 || a.count != b.1 {
            Issue.record("bucket \(a) differs from the package's \(b)")
            break
        }
    }

    @Test(arguments: [(SignificantDigits.three, UInt64(1)), (.three, 2), (.two, 3), (.two, 4)])
    func matchesThePackageValueForValue(digits: SignificantDigits, seed: UInt64) {
        var mine = LatencyHistogram(significantDigits: digits == .two ? .two : .three)
        var oracle = Self.oracle(digits)
        for v in Self.values(count: 20_000, seed: seed) {
            mine.record(v)
            oracle.record(UInt64(min(v, 36_000) * 1e9 + 0.5))
        }
        Self.check(mine, against: oracle)
    }

    /// After a reset only new values count; merging two histograms equals recording both.
    @Test(arguments: [UInt64(5), 6])
    func resetAndMergeMatchThePackage(seed: UInt64) {
        var a = LatencyHistogram()
        var b = LatencyHistogram()
        var oracle = Self.oracle(.three)
        for v in Self.values(count: 5_000, seed: seed) { a.record(v) }
        a.reset()
        #expect(a.count == 0 && a.percentile(99) == 0 && a.buckets().isEmpty)
        // Narrow ranges, so the merge joins two different recorded index ranges.
        for (i, v) in Self.values(count: 10_000, seed: seed + 100).enumerated() {
            let narrowed = i.isMultiple(of: 2) ? 0.001 + v.truncatingRemainder(dividingBy: 0.01) : 5 + v.truncatingRemainder(dividingBy: 50)
            if i.isMultiple(of: 2) { a.record(narrowed) } else { b.record(narrowed) }
            oracle.record(UInt64(min(narrowed, 36_000) * 1e9 + 0.5))
        }
        a.add(b)
        Self.check(a, against: oracle)
        #expect(a.maximum == max(a.maximum, b.maximum))
    }
}
