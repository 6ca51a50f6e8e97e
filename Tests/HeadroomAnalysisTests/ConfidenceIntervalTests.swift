import HeadroomAnalysis
import HeadroomKernel
import Testing

@Suite("Confidence intervals")
struct ConfidenceIntervalTests {
    /// 1…5: mean 3, s = √2.5, t_{0.975, 4} = 2.776445 → half-width 2.776445·√2.5/√5 = 1.963243
    /// (scipy).
    @Test func smallSample() {
        let ci = confidenceInterval([1, 2, 3, 4, 5])
        #expect(ci.mean == 3)
        #expect(abs(ci.halfWidth - 1.963_243_161_477_557_2) < 1e-12)
        let full = ConfidenceInterval([1, 2, 3, 4, 5])
        #expect(full.count == 5)
        #expect(full.level == 0.95)
        #expect(abs(full.lower - (3 - 1.963_243_161_477_557_2)) < 1e-12)
        #expect(full.contains(4.9) && !full.contains(5))
    }

    /// Ten replication means of a response time, at 95 % and 99 % (scipy: t_{0.975,9}·s/√10 and
    /// t_{0.995,9}·s/√10).
    @Test func tenReplications() {
        let values = [12.1, 11.8, 12.6, 12.0, 11.5, 12.9, 12.3, 11.9, 12.2, 12.4]
        let ci95 = confidenceInterval(values)
        #expect(abs(ci95.mean - 12.17) < 1e-12)
        #expect(abs(ci95.halfWidth - 0.290_187_732_305_294_77) < 1e-12)
        let ci99 = confidenceInterval(values, level: 0.99)
        #expect(abs(ci99.halfWidth - 0.416_886_333_844_831_2) < 1e-12)
    }

    @Test func singleValueHasInfiniteHalfWidth() {
        let ci = ConfidenceInterval([4.2])
        #expect(ci.mean == 4.2)
        #expect(ci.halfWidth == .infinity)
        #expect(ci.contains(-1e300) && ci.contains(1e300))
        #expect(confidenceInterval([4.2]).halfWidth == .infinity)
    }

    @Test func identicalValuesHaveZeroHalfWidth() {
        #expect(confidenceInterval([2, 2, 2]).halfWidth == 0)
    }

    @Test func largeOffsetDoesNotCancel() {
        let base = confidenceInterval([1, 2, 3, 4, 5])
        let shifted = confidenceInterval([1, 2, 3, 4, 5].map { $0 + 1e9 })
        #expect(abs(shifted.halfWidth - base.halfWidth) < 1e-6)
    }

    /// Coverage: 4,000 intervals, each from 5 normal draws (mean 100, sd 1; the truncation at 0 is
    /// 100 sd away), contain the true mean 95 % of the time, within 5 binomial standard errors
    /// (SE = √(0.95·0.05/4000) ≈ 0.0034). A z interval (1.96 instead of 2.776) would cover only
    /// about 88 % and fail.
    @Test func coverageIsNominal() {
        var rng = RandomStream(seed: 23, name: "coverage")
        let d = Distribution.normal(mean: 100, sd: 1)
        let trials = 4000
        var covered = 0
        for _ in 0..<trials {
            let ci = ConfidenceInterval((0..<5).map { _ in d.sample(&rng) })
            if ci.contains(100) { covered += 1 }
        }
        let rate = Double(covered) / Double(trials)
        #expect(abs(rate - 0.95) <= 5 * (0.95 * 0.05 / Double(trials)).squareRoot(), "coverage \(rate)")
    }
}
