import Foundation
import HeadroomAnalysis
import HeadroomKernel
import Testing

/// Relative agreement within `tolerance` (absolute near 0).
private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= tolerance * Swift.max(abs(a), abs(b), 1)
}

@Suite("Erlang B and C")
struct ErlangTests {
    /// Expected values from the textbook sums (docs/theory.md §3.1, §4), evaluated with mpmath at
    /// 30 digits — an independent route from the recursion under test.
    @Test func erlangBTextbookValues() {
        #expect(close(QueueingTheory.erlangB(c: 5, a: 3), 0.110_054_347_826_086_96))  // = 81/736
        #expect(close(QueueingTheory.erlangB(c: 10, a: 7), 0.078_740_882_969_570_255))
        #expect(QueueingTheory.erlangB(c: 0, a: 3) == 1)
        #expect(QueueingTheory.erlangB(c: 1, a: 1) == 0.5)  // a/(1 + a)
    }

    @Test func erlangCTextbookValues() {
        #expect(close(QueueingTheory.erlangC(c: 4, a: 3.2), 0.596_432_471_787_404_52))
        #expect(close(QueueingTheory.erlangC(c: 10, a: 7), 0.221_731_215_883_815_45))
        #expect(close(QueueingTheory.erlangC(c: 1, a: 0.8), 0.8))  // M/M/1: P(wait) = ρ
        #expect(close(QueueingTheory.erlangC(c: 2, a: 1), 1.0 / 3))  // 2ρ²/(1 + ρ) at ρ = ½
        #expect(QueueingTheory.erlangC(c: 3, a: 3) == 1)
    }

    @Test func manyServersStayFinite() {
        // a^c/c! overflows a Double beyond c ≈ 170; the recursion does not care.
        let c = 2000
        let b = QueueingTheory.erlangB(c: c, a: 1900)
        let wait = QueueingTheory.erlangC(c: c, a: 1900)
        #expect(b > 0 && b < 1 && wait > b && wait < 1)
    }
}

@Suite("M/M/c closed forms")
struct MMcTests {
    /// λ = 3.2, μ = 1, c = 4 (ρ = 0.8): C = 0.596432, Wq = C/(cμ − λ) = 0.745541,
    /// W = 1.745541, Lq = 2.385730, L = 5.585730 (mpmath, from the textbook sum).
    @Test func textbookNumbers() {
        let q = MMc(lambda: 3.2, mu: 1, c: 4)
        #expect(close(q.rho, 0.8))
        #expect(close(q.offeredLoad, 3.2))
        #expect(close(q.erlangC, 0.596_432_471_787_404_52))
        #expect(close(q.meanWait, 0.745_540_589_734_255_61))
        #expect(close(q.meanResponse, 1.745_540_589_734_255_6))
        #expect(close(q.meanInQueue, 2.385_729_887_149_618_1))
        #expect(close(q.meanInSystem, 5.585_729_887_149_618_3))
    }

    @Test func oneServerIsMM1() {
        for (lambda, mu) in [(0.8, 1.0), (0.3, 2.0), (9.9, 10.0)] {
            let a = MMc(lambda: lambda, mu: mu, c: 1)
            let b = MM1(lambda: lambda, mu: mu)
            #expect(close(a.meanResponse, b.meanResponse))
            #expect(close(a.meanWait, b.meanWait))
            #expect(close(a.meanInSystem, b.meanInSystem))
            #expect(close(a.meanInQueue, b.meanInQueue))
            // The convolution of wait and service collapses to Exp(μ − λ).
            for p in [0.01, 0.5, 0.9, 0.99, 0.999_9] {
                #expect(close(a.responseQuantile(p), b.responseQuantile(p), 1e-11), "p = \(p)")
            }
            for t in [0.1, 1, 10] { #expect(close(a.responseCDF(t), b.responseCDF(t), 1e-13)) }
        }
    }

    /// P(T > t) against a numerical convolution (mpmath `quad` of the wait density against the
    /// service tail, 30 digits), and the quantiles against `findroot` on it.
    @Test func responseTailMatchesNumericalConvolution() {
        let q = MMc(lambda: 3.2, mu: 1, c: 4)
        #expect(close(q.responseSurvival(0.5), 0.796_760_966_504_793_69, 1e-13))
        #expect(close(q.responseSurvival(2), 0.333_831_692_096_418_34, 1e-13))
        #expect(close(q.responseSurvival(5), 0.041_264_503_955_766_326, 1e-12))
        #expect(close(q.responseQuantile(0.99), 6.893_203_748_883_001_9, 1e-11))
        #expect(close(q.responseQuantile(0.5), 1.346_199_053_819_310_6, 1e-11))
        #expect(q.responseSurvival(0) == 1)
        #expect(q.responseCDF(0) == 0)
    }

    /// cμ − λ = μ (here c = 2, λ = μ = 1): the wait and service rates coincide, the textbook
    /// quotient is 0/0 and the tail is (1 − C)e^{−t} + C(1 + t)e^{−t} = e^{−t}(1 + t/3), C = 1/3.
    @Test func equalRatesSpecialCase() {
        let q = MMc(lambda: 1, mu: 1, c: 2)
        for t in [0.01, 0.5, 1, 3, 10, 40] {
            let expected = (1 + t / 3) * exp(-t)
            #expect(close(q.responseSurvival(t), expected, 1e-13), "t = \(t)")
        }
        #expect(close(q.responseQuantile(0.99), 5.665_960_683_792_997_2, 1e-11))
        #expect(close(q.responseQuantile(0.5), 0.974_411_605_189_929_12, 1e-11))
        // Continuous on both sides of the special case.
        for lambda in [1 - 1e-9, 1 + 1e-9, 1 - 1e-4, 1 + 1e-4] {
            let near = MMc(lambda: lambda, mu: 1, c: 2)
            #expect(close(near.responseSurvival(2), q.responseSurvival(2), 1e-3), "λ = \(lambda)")
        }
    }

    /// The response distribution by sampling its definition — wait 0 with probability 1 − C, else
    /// Exp(cμ − λ), plus an independent Exp(μ) service — with the kernel's streams: the fraction of
    /// 200,000 draws below each computed quantile is p within 5 binomial standard errors.
    @Test func responseQuantilesAgreeWithSampledResponses() {
        let q = MMc(lambda: 7, mu: 1, c: 10)
        var rng = RandomStream(seed: 11, name: "mmc-response")
        let n = 200_000
        let service = Distribution.exponential(mean: 1)
        let wait = Distribution.exponential(mean: 1 / (10 - 7))
        let draws = (0..<n).map { _ in
            (rng.nextOpenUnit() < q.erlangC ? wait.sample(&rng) : 0) + service.sample(&rng)
        }
        for p in [0.5, 0.9, 0.99] {
            let t = q.responseQuantile(p)
            let below = Double(draws.filter { $0 <= t }.count) / Double(n)
            #expect(abs(below - p) <= 5 * (p * (1 - p) / Double(n)).squareRoot(), "p = \(p): \(below)")
        }
        let mean = draws.reduce(0, +) / Double(n)
        // Var(T) = E[W²] + 2E[W]E[S] + E[S²] − W² ≈ 1.04 here, so 5 SE of the mean ≈ 0.0114.
        #expect(abs(mean - q.meanResponse) < 0.0114)
    }

    @Test func waitDistribution() {
        let q = MMc(lambda: 3.2, mu: 1, c: 4)
        #expect(close(q.waitCDF(0), 1 - q.erlangC))
        #expect(q.waitQuantile(0.3) == 0)  // below the atom 1 − C = 0.4036 at 0
        let t = q.waitQuantile(0.95)
        #expect(close(q.waitCDF(t), 0.95))
    }

    @Test func unstableQueueReportsInfinity() {
        let q = MMc(lambda: 8, mu: 2, c: 4)
        #expect(!q.isStable)
        #expect(q.erlangC == 1)
        #expect(q.meanWait == .infinity)
        #expect(q.meanInSystem == .infinity)
        #expect(q.responseQuantile(0.99) == .infinity)
        #expect(q.throughput == 8)
    }
}
