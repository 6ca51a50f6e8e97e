import Foundation
import HeadroomAnalysis
import Testing

@Suite("Student t and normal quantiles")
struct StudentTTests {
    /// The printed table (3 decimals) the brief quotes: accurate to 1e−3.
    @Test(arguments: [(1.0, 12.706), (9.0, 2.262), (29.0, 2.045), (1e9, 1.960)])
    func tableValues(df: Double, expected: Double) {
        #expect(abs(StudentT.twoSidedCritical(level: 0.95, degreesOfFreedom: df) - expected) < 1e-3)
    }

    /// Reference quantiles from scipy.stats.t.ppf (Boost's implementation), to 1e−10 relative:
    /// (ν, t_0.975, t_0.995, t_0.95).
    @Test(arguments: [
        (1.0, 12.706_204_736_174_694, 63.656_741_162_871_526, 6.313_751_514_675_037),
        (2.0, 4.302_652_729_749_462, 9.924_843_200_918_287, 2.919_985_580_353_724_2),
        (3.0, 3.182_446_305_283_707_8, 5.840_909_309_733_355, 2.353_363_434_801_823_3),
        (4.0, 2.776_445_105_197_793_4, 4.604_094_871_349_992, 2.131_846_786_326_649_5),
        (5.0, 2.570_581_835_636_314_6, 4.032_142_983_555_228, 2.015_048_373_333_023_3),
        (9.0, 2.262_157_162_798_205, 3.249_835_541_592_126, 1.833_112_932_656_237),
        (10.0, 2.228_138_851_986_274, 3.169_272_672_616_95, 1.812_461_122_811_675_6),
        (29.0, 2.045_229_642_132_703, 2.756_385_903_670_605, 1.699_127_026_533_497_2),
        (30.0, 2.042_272_456_301_237_8, 2.749_995_653_567_225_4, 1.697_260_886_593_957),
        (60.0, 2.000_297_822_014_260_4, 2.660_283_028_855_036_8, 1.670_648_864_904_636_3),
        (120.0, 1.979_930_405_082_440_2, 2.617_421_145_106_865_4, 1.657_650_899_355_235_2),
        (1000.0, 1.962_339_080_826_408_3, 2.580_754_698_065_951, 1.646_378_817_285_464_3),
        (50_000.0, 1.960_011_431_093_679_8, 2.575_927_638_034_875, 1.644_884_102_902_513),
        (200_000.0, 1.959_975_845_966_768, 2.575_853_886_507_763_6, 1.644_861_245_832_715_4),
        (1e7, 1.959_964_221_767_205, 2.575_829_795_203_748_8, 1.644_853_779_328_401_7),
    ])
    func quantilesMatchReference(df: Double, t975: Double, t995: Double, t95: Double) {
        for (p, expected) in [(0.975, t975), (0.995, t995), (0.95, t95)] {
            let t = StudentT.quantile(p, degreesOfFreedom: df)
            #expect(abs(t - expected) <= 1e-10 * expected, "ν = \(df), p = \(p): \(t) vs \(expected)")
            #expect(abs(StudentT.quantile(1 - p, degreesOfFreedom: df) + expected) <= 1e-10 * expected)
        }
    }

    /// ν = 1 (Cauchy) and ν = 2 have closed forms: tan(π(p − ½)) and (2p − 1)/√(2p(1 − p)).
    @Test func closedFormsForOneAndTwoDegrees() {
        for p in [0.001, 0.1, 0.3, 0.6, 0.9, 0.975, 0.999_9] {
            let cauchy = tan(Double.pi * (p - 0.5))
            #expect(abs(StudentT.quantile(p, degreesOfFreedom: 1) - cauchy) <= 1e-11 * Swift.max(abs(cauchy), 1))
            let two = (2 * p - 1) / (2 * p * (1 - p)).squareRoot()
            #expect(abs(StudentT.quantile(p, degreesOfFreedom: 2) - two) <= 1e-11 * Swift.max(abs(two), 1))
        }
    }

    @Test func cdfValues() {
        // scipy.stats.t.cdf(2, 3), .cdf(−4, 7.5), .sf(50, 4).
        #expect(abs(StudentT.cdf(2, degreesOfFreedom: 3) - 0.930_337_015_720_578_5) < 1e-13)
        #expect(abs(StudentT.cdf(-4, degreesOfFreedom: 7.5) - 0.002_253_055_175_092_589) < 1e-15)
        #expect(abs(1 - StudentT.cdf(50, degreesOfFreedom: 4) - 4.787_226_828_484_845e-7) < 1e-15)
        #expect(StudentT.cdf(0, degreesOfFreedom: 5) == 0.5)
        // Fractional ν: scipy.stats.t.ppf(0.975, 0.5) = 164.55767348048818.
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 0.5) - 164.557_673_480_488_18) < 1e-7)
        // A far tail keeps its digits: scipy.stats.t.ppf(1e−12, 5) = −393.95695957760375.
        #expect(abs(StudentT.quantile(1e-12, degreesOfFreedom: 5) + 393.956_959_577_603_75) < 1e-8)
    }

    @Test func normalQuantile() {
        #expect(abs(StandardNormal.quantile(0.975) - 1.959_963_984_540_054) < 1e-14)
        #expect(abs(StandardNormal.quantile(1e-20) + 9.262_340_089_798_409) < 1e-12)
        #expect(abs(StandardNormal.quantile(0.999_999) - 4.753_424_308_817_087) < 1e-9)
        #expect(StandardNormal.quantile(0.5) == 0)
        #expect(StandardNormal.quantile(1) == .infinity)
        #expect(StandardNormal.quantile(0) == -.infinity)
        for p in [0.01, 0.2, 0.7, 0.999] {
            #expect(abs(StandardNormal.cdf(StandardNormal.quantile(p)) - p) < 1e-15)
        }
    }
}
