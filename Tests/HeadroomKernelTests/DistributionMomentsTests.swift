import HeadroomKernel
import Testing

/// Declared moments against numbers worked out independently (by hand or with mpmath at 40
/// digits), so that a wrong formula cannot hide behind a sampler that shares its mistake.
@Suite("Distribution declared moments")
struct DistributionMomentsTests {
    /// Relative agreement within `tolerance`.
    func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        abs(a - b) <= tolerance * Swift.max(abs(a), abs(b), 1e-300)
    }

    @Test func simpleCases() {
        #expect(Distribution.constant(2).mean == 2)
        #expect(Distribution.constant(2).variance == 0)
        #expect(Distribution.exponential(mean: 3).mean == 3)
        #expect(Distribution.exponential(mean: 3).variance == 9)
        #expect(Distribution.uniform(min: 1, max: 3).mean == 2)
        #expect(close(Distribution.uniform(min: 1, max: 3).variance, 1.0 / 3))
        #expect(Distribution.gamma(shape: 2.5, scale: 0.4).mean == 1)
        #expect(close(Distribution.gamma(shape: 2.5, scale: 0.4).variance, 0.4))
    }

    /// Truncated normal: E = μ + σλ, Var = σ²(1 + αλ − λ²), α = −μ/σ, λ = φ(α)/(1 − Φ(α));
    /// expected values from mpmath at 40 digits. This also exercises `Double.erfc` from RealModule.
    @Test(arguments: [
        (1.0, 1.0, 1.287_599_970_939_178_4, 0.629_686_285_776_605_4),
        (0.0, 1.0, 0.797_884_560_802_865_36, 0.363_380_227_632_418_66),  // half-normal: √(2/π), 1 − 2/π
        (10.0, 2.0, 10.000_002_973_439_882, 3.999_970_265_592_340_6),
        (-2.0, 1.0, 0.373_215_532_822_840_87, 0.114_279_100_414_081_26),
        (-6.0, 1.0, 0.158_482_604_544_598_92, 0.023_987_636_789_166_771),  // continued-fraction branch
        (-10.0, 1.0, 0.098_093_233_962_511_963, 0.009_445_377_825_656_261_2),  // 1 − Φ(10) ≈ 7.6e−24
        (-40.0, 1.0, 0.024_968_847_207_263_723, 0.000_622_668_378_591_388_77),  // φ and 1 − Φ underflow
    ])
    func truncatedNormal(mu: Double, sd: Double, mean: Double, variance: Double) {
        let d = Distribution.normal(mean: mu, sd: sd)
        // Far in the tail the variance is a difference of numbers ≈ α² apart from the result,
        // so it keeps about 16 − 2·log10(α²) digits.
        #expect(close(d.mean, mean, 1e-12), "mean \(d.mean) want \(mean)")
        #expect(close(d.variance, variance, 1e-9), "variance \(d.variance) want \(variance)")
    }

    @Test func truncatedNormalScalesWithSd() {
        // X = σ·Y with Y ~ N(μ/σ, 1) truncated at 0.
        let d = Distribution.normal(mean: 3, sd: 3)
        #expect(close(d.mean, 3 * 1.287_599_970_939_178_4))
        #expect(close(d.variance, 9 * 0.629_686_285_776_605_4))
    }

    @Test func lognormalFromMeanAndSdRoundTrips() {
        let d = Distribution.lognormal(mean: 0.2, sd: 0.3)
        #expect(close(d.mean, 0.2))
        #expect(close(d.variance, 0.09))
        #expect(close(d.scv, 2.25))
        // docs/theory.md §13.5 (lognormal): σ² = ln(1 + SCV), μ_log = ln m − σ²/2.
        guard case .lognormal(let mu, let sigma) = d else {
            Issue.record("expected a lognormal")
            return
        }
        #expect(close(sigma * sigma, 1.178_654_996_341_646))  // ln 3.25
        #expect(close(mu, -1.609_437_912_434_100_3 - 1.178_654_996_341_646 / 2))  // ln 0.2 − σ²/2
    }

    @Test func lognormalFromMuSigma() {
        let d = Distribution.lognormal(mu: 0, sigma: 1)
        #expect(close(d.mean, 1.648_721_270_700_128_1))  // e^½
        #expect(close(d.variance, 4.670_774_270_471_604_9))  // (e − 1)e
    }

    @Test func lognormalFromP50AndP99() {
        // z99 = √2·erfinv(0.98) = 2.3263478740408407676 (mpmath).
        #expect(close(Distribution.z99, 2.326_347_874_040_840_8, 1e-15))
        guard case .lognormal(let mu, let sigma) = Distribution.lognormal(p50: 10, p99: 80) else {
            Issue.record("expected a lognormal")
            return
        }
        #expect(close(mu, 2.302_585_092_994_045_7))  // ln 10
        #expect(close(sigma, 2.079_441_541_679_835_9 / 2.326_347_874_040_840_8))  // ln 8 / z99
    }

    @Test func erlangIsAGammaWithIntegerShape() {
        #expect(Distribution.erlang(k: 3, mean: 1.5) == .gamma(shape: 3, scale: 0.5))
        #expect(Distribution.erlang(k: 3, mean: 1.5).mean == 1.5)
        #expect(close(Distribution.erlang(k: 3, mean: 1.5).scv, 1.0 / 3))
    }

    @Test func paretoMomentsAndTheirInfiniteRanges() {
        // Mean αx_m/(α − 1), variance x_m²α/((α − 1)²(α − 2)).
        #expect(close(Distribution.pareto(shape: 3, scale: 2).mean, 3))
        #expect(close(Distribution.pareto(shape: 3, scale: 2).variance, 3))
        #expect(close(Distribution.pareto(shape: 4.5, scale: 1).variance, 0.146_938_775_510_204_08))
        #expect(Distribution.pareto(shape: 1, scale: 1).mean == .infinity)
        #expect(Distribution.pareto(shape: 2, scale: 1).variance == .infinity)
        #expect(Distribution.pareto(shape: 2, scale: 1).mean == 2)
    }

    @Test func empiricalUsesThePopulationMoments() {
        let d = Distribution.empirical(samples: [1, 2, 2, 5, 10])
        #expect(d.mean == 4)
        #expect(close(d.variance, 10.8))  // (9 + 4 + 4 + 1 + 36) / 5
    }

    @Test func percentilesAreUniformPieces() {
        // Mean Σ Δp (a + b)/2 = 0.75 + 2.2 + 1.26 + 0.35; second moment Σ Δp (a² + ab + b²)/3.
        let d = Distribution.percentiles(probabilities: [0, 0.5, 0.9, 0.99, 1], values: [0, 3, 8, 20, 50])
        #expect(close(d.mean, 4.56))
        #expect(close(d.variance, 25.359_733_333_333_339, 1e-11))
    }

    @Test func mixtureUsesTheLawOfTotalVariance() {
        let twoPoints = Distribution.mixture(weights: [0.25, 0.75], components: [.constant(1), .constant(3)])
        #expect(close(twoPoints.mean, 2.5))
        #expect(close(twoPoints.variance, 0.75))  // 0.25·1 + 0.75·9 − 2.5²
        let d = Distribution.mixture(weights: [0.7, 0.3], components: [.exponential(mean: 1), .lognormal(mean: 5, sd: 2)])
        #expect(close(d.mean, 2.2))
        #expect(close(d.variance, 5.26))  // 0.7·2 + 0.3·29 − 2.2²
    }

    @Test func scvOfTheReferenceCases() {
        #expect(Distribution.constant(4).scv == 0)
        #expect(Distribution.exponential(mean: 0.25).scv == 1)
        #expect(close(Distribution.uniform(min: 0, max: 2).scv, 1.0 / 3))
    }
}
