import Foundation
import HeadroomKernel
import Testing

/// Sampled moments against declared ones, for every case of `Distribution`.
///
/// Each case draws 1,000,000 values from a fixed-seed stream (so a failure reproduces exactly) and
/// requires:
/// - mean: |x̄ − E[X]| ≤ 5 standard errors, SE = σ/√n with σ² the *declared* variance (central
///   limit theorem; a wrong declared variance is caught by the next check);
/// - variance: |s² − Var[X]| ≤ 5 standard errors of s², SE = √((m₄ − s⁴)/n) with m₄ the sample
///   fourth central moment (the asymptotic variance of s²; needs a finite fourth moment, so it is
///   skipped for the Pareto with shape ≤ 4, whose mean is still checked).
/// Five standard errors make a false alarm a one-in-a-million event per check, while a formula
/// that is off by 1 % or more in the mean is still caught in every case below.
@Suite("Distribution sampling matches declared moments")
struct DistributionSamplingTests {
    static let draws = 1_000_000

    @Test(arguments: DistributionCase.all)
    func sampledMomentsMatchDeclared(_ c: DistributionCase) {
        let summary = DistributionSample(c.distribution, count: Self.draws, seed: 20_240_601, name: c.name)
        let declaredMean = c.distribution.mean
        let declaredVariance = c.distribution.variance
        #expect(declaredMean.isFinite && declaredVariance.isFinite && declaredVariance > 0)

        let meanTolerance = 5 * (declaredVariance / Double(summary.count)).squareRoot()
        #expect(
            abs(summary.mean - declaredMean) <= meanTolerance,
            "\(c.name): sample mean \(summary.mean), declared \(declaredMean), tolerance \(meanTolerance)"
        )
        guard c.finiteFourthMoment else { return }
        let varianceTolerance = 5 * summary.varianceStandardError
        #expect(
            abs(summary.variance - declaredVariance) <= varianceTolerance,
            "\(c.name): sample variance \(summary.variance), declared \(declaredVariance), tolerance \(varianceTolerance)"
        )
    }

    @Test func constantAlwaysGivesItsValue() {
        let d = Distribution.constant(3.5)
        var rng = RandomStream(seed: 1, name: "constant")
        for _ in 0..<1000 { #expect(d.sample(&rng) == 3.5) }
        #expect(d.mean == 3.5)
        #expect(d.variance == 0)
    }

    @Test func uniformStaysInItsRangeAndIsFlat() {
        let s = DistributionSample(.uniform(min: 1, max: 3), count: 200_000, seed: 2, name: "uniform")
        #expect(s.values.allSatisfy { $0 > 1 && $0 < 3 })
        expectDistributionFraction(s.fraction(atMost: 1.5), 0.25, n: s.count)
        expectDistributionFraction(s.fraction(atMost: 2.9), 0.95, n: s.count)
    }

    @Test func exponentialTailIsExponential() {
        let s = DistributionSample(.exponential(mean: 2), count: 200_000, seed: 3, name: "exponential")
        // P(X > mean) = e^−1; P(X > 3·mean) = e^−3.
        expectDistributionFraction(1 - s.fraction(atMost: 2), Foundation.exp(-1), n: s.count)
        expectDistributionFraction(1 - s.fraction(atMost: 6), Foundation.exp(-3), n: s.count)
    }

    @Test func truncatedNormalNeverNegativeAndHasTheTruncatedShape() {
        // N(1, 1) given ≥ 0: P(X ≤ 1) = (Φ(0) − Φ(−1)) / (1 − Φ(−1)) = 0.405713291327 (mpmath).
        let s = DistributionSample(.normal(mean: 1, sd: 1), count: 200_000, seed: 4, name: "normal")
        #expect(s.values.allSatisfy { $0 >= 0 })
        expectDistributionFraction(s.fraction(atMost: 1), 0.405_713_291_327, n: s.count)
    }

    @Test func truncatedNormalWithNegativeMeanSamplesTheTail() {
        // N(−2, 1) given ≥ 0 is −2 + (Z | Z ≥ 2), so X ≤ 0.5 ⇔ Z ≤ 2.5:
        // P = (Φ(2.5) − Φ(2)) / (1 − Φ(2)) = 0.72704926108 (mpmath).
        let s = DistributionSample(.normal(mean: -2, sd: 1), count: 200_000, seed: 5, name: "normal-tail")
        #expect(s.values.allSatisfy { $0 >= 0 })
        expectDistributionFraction(s.fraction(atMost: 0.5), 0.727_049_261_08, n: s.count)
        // Ten standard deviations below 0: the plain redraw loop would never finish.
        var rng = RandomStream(seed: 6, name: "far-tail")
        let far = Distribution.normal(mean: -10, sd: 1)
        let sum = (0..<10_000).reduce(0.0) { total, _ in total + far.sample(&rng) }
        // Mean 0.0980932 and sd 0.0972 (declared moments test); 5 SE of 10,000 draws ≈ 0.005.
        #expect(abs(sum / 10_000 - far.mean) < 0.005)
    }

    @Test func degenerateNormalIsAPointMassAtItsClampedMean() {
        var rng = RandomStream(seed: 7, name: "degenerate")
        #expect(Distribution.normal(mean: 2, sd: 0).sample(&rng) == 2)
        #expect(Distribution.normal(mean: -1, sd: 0).sample(&rng) == 0)
        #expect(Distribution.normal(mean: -1, sd: 0).mean == 0)
        #expect(Distribution.normal(mean: -1, sd: 0).variance == 0)
    }

    @Test func lognormalFromP50AndP99HasThoseQuantiles() {
        let p50 = 0.010
        let p99 = 0.080
        let d = Distribution.lognormal(p50: p50, p99: p99)
        guard case .lognormal(let mu, let sigma) = d else {
            Issue.record("expected a lognormal, got \(d)")
            return
        }
        let s = DistributionSample(d, count: 1_000_000, seed: 8, name: "lognormal-p50-p99")
        // The fraction of draws at or below each target is binomial: 5 SE = 5·√(p(1−p)/n).
        expectDistributionFraction(s.fraction(atMost: p50), 0.50, n: s.count)
        expectDistributionFraction(s.fraction(atMost: p99), 0.99, n: s.count)
        // The sample quantile itself: SE = √(p(1−p)/n) / f(x_p), f the lognormal density.
        let sorted = s.values.sorted()
        for (p, target, z) in [(0.50, p50, 0.0), (0.99, p99, Distribution.z99)] {
            let density = Foundation.exp(-z * z / 2) / ((2 * Double.pi).squareRoot() * target * sigma)
            let tolerance = 5 * (p * (1 - p) / Double(s.count)).squareRoot() / density
            let sampled = sorted[Int(p * Double(s.count))]
            #expect(
                abs(sampled - target) <= tolerance,
                "p\(Int(p * 100)): sampled \(sampled), want \(target) ± \(tolerance)"
            )
        }
        #expect(abs(mu - Foundation.log(p50)) < 1e-15)
    }

    @Test func gammaWithShapeBelowOneIsAChiSquare() {
        // Gamma(1/2, scale 2) is χ² with one degree of freedom, Z²: P(X ≤ 1) = P(|Z| ≤ 1) = 0.682689492137.
        let s = DistributionSample(.gamma(shape: 0.5, scale: 2), count: 200_000, seed: 9, name: "chi2")
        #expect(s.values.allSatisfy { $0 > 0 })
        expectDistributionFraction(s.fraction(atMost: 1), 0.682_689_492_137, n: s.count)
    }

    @Test func erlangTwoHasTheErlangTail() {
        // Erlang-2 with rate 1 (mean 2): P(X > t) = e^−t (1 + t); at t = 2 that is 3e^−2.
        let s = DistributionSample(.erlang(k: 2, mean: 2), count: 200_000, seed: 10, name: "erlang2")
        expectDistributionFraction(1 - s.fraction(atMost: 2), 3 * Foundation.exp(-2), n: s.count)
    }

    @Test func paretoHasThePowerTail() {
        // P(X > x) = (x_m/x)^α: at x = 2 x_m and α = 2.5, 2^−2.5 = 0.176776695297.
        let s = DistributionSample(.pareto(shape: 2.5, scale: 1), count: 200_000, seed: 11, name: "pareto")
        #expect(s.values.allSatisfy { $0 >= 1 })
        expectDistributionFraction(1 - s.fraction(atMost: 2), 0.176_776_695_297, n: s.count)
        expectDistributionFraction(1 - s.fraction(atMost: 10), Foundation.pow(10, -2.5), n: s.count)
    }

    @Test func empiricalDrawsEachSampleEquallyOften() {
        let s = DistributionSample(.empirical(samples: [1, 2, 2, 5, 10]), count: 200_000, seed: 12, name: "empirical")
        for (value, p) in [(1.0, 0.2), (2.0, 0.4), (5.0, 0.2), (10.0, 0.2)] {
            expectDistributionFraction(s.fraction { $0 == value }, p, n: s.count)
        }
        #expect(s.values.allSatisfy { [1, 2, 5, 10].contains($0) })
    }

    @Test func percentilesAreHitAtTheirProbabilities() {
        let d = Distribution.percentiles(probabilities: [0, 0.5, 0.9, 0.99, 1], values: [0, 3, 8, 20, 50])
        let s = DistributionSample(d, count: 200_000, seed: 13, name: "percentiles")
        #expect(s.values.allSatisfy { $0 >= 0 && $0 <= 50 })
        expectDistributionFraction(s.fraction(atMost: 3), 0.5, n: s.count)
        expectDistributionFraction(s.fraction(atMost: 8), 0.9, n: s.count)
        expectDistributionFraction(s.fraction(atMost: 20), 0.99, n: s.count)
        // Linear within a piece: halfway between p50 and p90 in value is halfway in probability.
        expectDistributionFraction(s.fraction(atMost: 5.5), 0.7, n: s.count)
    }

    @Test func mixtureDrawsComponentsInProportion() {
        let d = Distribution.mixture(weights: [0.25, 0.75], components: [.constant(1), .constant(3)])
        let s = DistributionSample(d, count: 200_000, seed: 14, name: "mixture")
        expectDistributionFraction(s.fraction { $0 == 1 }, 0.25, n: s.count)
        expectDistributionFraction(s.fraction { $0 == 3 }, 0.75, n: s.count)
    }

    @Test(arguments: DistributionCase.all)
    func sameStreamGivesTheSameDraws(_ c: DistributionCase) {
        var a = RandomStream(seed: 99, name: c.name)
        var b = RandomStream(seed: 99, name: c.name)
        for _ in 0..<1000 { #expect(c.distribution.sample(&a) == c.distribution.sample(&b)) }
    }
}

/// One distribution under test, named for the test report.
struct DistributionCase: Sendable, CustomTestStringConvertible {
    let name: String
    let distribution: Distribution
    /// False when E[X⁴] is infinite, so the sample variance has no standard error to test against.
    var finiteFourthMoment = true

    var testDescription: String { name }

    static let all: [DistributionCase] = [
        .init(name: "exponential(mean: 2)", distribution: .exponential(mean: 2)),
        .init(name: "uniform(1, 3)", distribution: .uniform(min: 1, max: 3)),
        .init(name: "normal(10, 2), truncation negligible", distribution: .normal(mean: 10, sd: 2)),
        .init(name: "normal(1, 1), truncation matters", distribution: .normal(mean: 1, sd: 1)),
        .init(name: "normal(0, 1), half-normal", distribution: .normal(mean: 0, sd: 1)),
        .init(name: "normal(-2, 1), tail only", distribution: .normal(mean: -2, sd: 1)),
        .init(name: "lognormal(mu: -1, sigma: 0.5)", distribution: .lognormal(mu: -1, sigma: 0.5)),
        .init(name: "lognormal(mean: 0.2, sd: 0.1)", distribution: .lognormal(mean: 0.2, sd: 0.1)),
        .init(name: "lognormal(p50: 10ms, p99: 80ms)", distribution: .lognormal(p50: 0.010, p99: 0.080)),
        .init(name: "gamma(2.5, 0.4)", distribution: .gamma(shape: 2.5, scale: 0.4)),
        .init(name: "gamma(0.5, 2), shape below 1", distribution: .gamma(shape: 0.5, scale: 2)),
        .init(name: "erlang(k: 3, mean: 1.5)", distribution: .erlang(k: 3, mean: 1.5)),
        .init(name: "pareto(4.5, 1)", distribution: .pareto(shape: 4.5, scale: 1)),
        .init(name: "pareto(2.5, 1), mean only", distribution: .pareto(shape: 2.5, scale: 1), finiteFourthMoment: false),
        .init(name: "empirical", distribution: .empirical(samples: [1, 2, 2, 5, 10])),
        .init(
            name: "percentiles",
            distribution: .percentiles(probabilities: [0, 0.5, 0.9, 0.99, 1], values: [0, 3, 8, 20, 50])
        ),
        .init(
            name: "mixture(exponential, lognormal)",
            distribution: .mixture(weights: [0.7, 0.3], components: [.exponential(mean: 1), .lognormal(mean: 5, sd: 2)])
        ),
        .init(
            name: "nested mixture",
            distribution: .mixture(
                weights: [0.5, 0.5],
                components: [
                    .constant(1),
                    .mixture(weights: [0.2, 0.8], components: [.uniform(min: 0, max: 2), .gamma(shape: 2, scale: 1)]),
                ]
            )
        ),
    ]
}

/// Sample mean, unbiased variance and fourth central moment of `count` draws, with the draws.
struct DistributionSample {
    let values: [Double]
    let mean: Double
    let variance: Double
    let fourthCentralMoment: Double

    var count: Int { values.count }

    init(_ distribution: Distribution, count: Int, seed: UInt64, name: String) {
        var rng = RandomStream(seed: seed, name: name)
        var values = [Double]()
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(distribution.sample(&rng)) }
        self.values = values
        // Two passes: the mean first, then centred powers, so no cancellation of large sums.
        let n = Double(count)
        let mean = values.reduce(0, +) / n
        var m2 = 0.0
        var m4 = 0.0
        for x in values {
            let d2 = (x - mean) * (x - mean)
            m2 += d2
            m4 += d2 * d2
        }
        self.mean = mean
        variance = m2 / (n - 1)
        fourthCentralMoment = m4 / n
    }

    /// The standard error of the sample variance, √((m₄ − s⁴)/n).
    var varianceStandardError: Double {
        (Swift.max(fourthCentralMoment - variance * variance, 0) / Double(count)).squareRoot()
    }

    func fraction(atMost x: Double) -> Double { fraction { $0 <= x } }

    func fraction(where predicate: (Double) -> Bool) -> Double {
        Double(values.reduce(0) { predicate($1) ? $0 + 1 : $0 }) / Double(count)
    }
}

/// A sampled fraction against its probability: within 5 binomial standard errors √(p(1−p)/n).
func expectDistributionFraction(
    _ sampled: Double, _ p: Double, n: Int, sourceLocation: SourceLocation = #_sourceLocation
) {
    let tolerance = 5 * (p * (1 - p) / Double(n)).squareRoot()
    #expect(
        abs(sampled - p) <= tolerance, "fraction \(sampled), want \(p) ± \(tolerance)",
        sourceLocation: sourceLocation
    )
}
