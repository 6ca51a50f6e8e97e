import Foundation
import HeadroomAnalysis
import HeadroomComponents
import Testing

/// The pieces of calibration against hand-worked figures and closed forms: the utilization-law
/// least squares, the load-level check, and the lognormal and gamma fits to p50/p99.
@Suite struct CalibrationFitTests {
    typealias Point = (time: Double, throughput: Double, servers: Double, utilization: Double)

    @Test func leastSquaresThroughTheOriginByHand() throws {
        // Busy servers B = U·c: 1.1, 1.9, 3.2 at X = 10, 20, 30 (c = 2).
        // D = Σ X·B / Σ X² = (11 + 38 + 96) / (100 + 400 + 900) = 145/1400 = 0.1035714…
        // Residuals B − D·X: 0.064286, −0.171429, 0.092857; s² = Σ r²/(n − 1) = 0.0421429/2;
        // se = √(s²/1400) = 0.0038796.
        let points: [Point] = [(10, 10, 2, 0.55), (20, 20, 2, 0.95), (30, 30, 2, 1.6)]
        let fit = try #require(DemandFit.fit(points))
        #expect(abs(fit.demand - 145.0 / 1400) < 1e-12)
        #expect(abs(fit.standardError - 0.0038796) < 1e-6)
        #expect(abs(fit.windows[1].predicted - 145.0 / 1400 * 20 / 2) < 1e-12)
        #expect(abs(fit.windows[0].demand - 0.11) < 1e-12)
        // Too few windows, and windows without throughput left out.
        #expect(DemandFit.fit(Array(points.prefix(2))) == nil)
        #expect(DemandFit.fit(Array(points.prefix(2)) + [(40, 0, 2, 0.1)]) == nil)
    }

    @Test func anExactDemandIsRecoveredWithNoError() throws {
        let points: [Point] = (1...20).map { (i: Int) -> Point in
            let x = Double(10 * i)
            return (Double(i), x, 4, 0.025 * x / 4)
        }
        let fit = try #require(DemandFit.fit(points))
        #expect(abs(fit.demand - 0.025) < 1e-15)
        #expect(fit.standardError < 1e-15)
        #expect(fit.utilizationRMSE < 1e-15)
        #expect(abs((fit.rSquared ?? 0) - 1) < 1e-12)
        #expect(!fit.loadDependent)
        // Throughput 10…200/s: five bands, each with the same demand.
        #expect(fit.levels.count == 5)
        #expect(fit.levels.allSatisfy { abs($0.demand - 0.025) < 1e-15 })
    }

    @Test func aDemandThatGrowsWithLoadIsFlaggedAndOneThatDoesNotIsNot() throws {
        // d(X) = 10 ms · (1 + X/100) over X = 10…100/s: the line changes by 90 % of 10 ms at X = 0
        // and far more than 10 % of the fitted D; no noise, so t is infinite.
        let growing: [Point] = (1...10).map { (i: Int) -> Point in
            let x = Double(10 * i)
            return (Double(i), x, 2, 0.01 * (1 + x / 100) * x / 2)
        }
        let fit = try #require(DemandFit.fit(growing))
        #expect(fit.loadDependent)
        #expect((fit.loadChange ?? 0) > 0.5)
        #expect(fit.levels.first!.demand < fit.levels.last!.demand)
        // A constant demand with ±2 % alternating noise: no slope to speak of.
        let flat: [Point] = (1...10).map { (i: Int) -> Point in
            let x = Double(10 * i)
            return (Double(i), x, 2, 0.01 * (i % 2 == 0 ? 1.02 : 0.98) * x / 2)
        }
        let flatFit = try #require(DemandFit.fit(flat))
        #expect(!flatFit.loadDependent)
        // One load level (throughput within a factor 1.25): nothing to compare.
        let steady: [Point] = (1...10).map { (i: Int) -> Point in (Double(i), 100 + Double(i), 2, 0.5) }
        let steadyFit = try #require(DemandFit.fit(steady))
        #expect(steadyFit.levels.isEmpty && steadyFit.slope == nil && !steadyFit.loadDependent)
    }

    @Test func lognormalFromP50AndP99() throws {
        // μ = ln 8ms, σ = 0.7: p50 = 8 ms, p99 = 8 ms · e^(0.7 · 2.3263479) = 40.76 ms.
        let p50 = 0.008, sigma = 0.7
        let p99 = p50 * exp(sigma * 2.3263478740408408)
        let fit = try #require(PercentileFit.fit(.lognormal, p50: p50, p99: p99))
        #expect(abs((fit.sigma ?? 0) - sigma) < 1e-12)
        #expect(abs(fit.mean - p50 * exp(sigma * sigma / 2)) < 1e-15)
        // The same shape at another mean keeps the p99/p50 ratio.
        let moved = fit.percentiles(mean: 2 * fit.mean)
        #expect(abs(moved.p50 - 2 * p50) < 1e-12 && abs(moved.p99 - 2 * p99) < 1e-12)
        #expect(PercentileFit.fit(.lognormal, p50: 0.01, p99: 0.01) == nil)
    }

    @Test func gammaFromP50AndP99AgainstTheExponentialAndErlang3() throws {
        // Shape 1 is the exponential: p50 = θ ln 2, p99 = θ ln 100.
        let theta = 0.02
        let exponential = try #require(PercentileFit.fit(.gamma, p50: theta * log(2), p99: theta * log(100)))
        #expect(abs((exponential.shape ?? 0) - 1) < 1e-6)
        #expect(abs(exponential.mean - theta) < 1e-8)
        // Erlang-3 (shape 3, scale 1): P(X ≤ x) = 1 − e^(−x)(1 + x + x²/2); solve for its p50
        // and p99 independently by bisection and fit them back.
        func erlang3Quantile(_ p: Double) -> Double {
            var lo = 0.0, hi = 50.0
            for _ in 0..<200 {
                let mid = (lo + hi) / 2
                if 1 - exp(-mid) * (1 + mid + mid * mid / 2) < p { lo = mid } else { hi = mid }
            }
            return lo
        }
        let q50 = erlang3Quantile(0.5), q99 = erlang3Quantile(0.99)
        #expect(abs(q50 - 2.674060) < 1e-5)  // the tabulated median of Erlang-3
        let erlang = try #require(PercentileFit.fit(.gamma, p50: 0.005 * q50, p99: 0.005 * q99))
        #expect(abs((erlang.shape ?? 0) - 3) < 1e-6)
        #expect(abs(erlang.mean - 0.015) < 1e-9)
        let back = erlang.percentiles(mean: 0.015)
        #expect(abs(back.p50 / (0.005 * q50) - 1) < 1e-9 && abs(back.p99 / (0.005 * q99) - 1) < 1e-9)
    }
}

/// `--simulate`: the observed load as a profile, and the simulated windows matched to the
/// observed ones.
@Suite struct CalibrationCheckTests {
    @Test func theObservedThroughputBecomesAStepProfileWindowByWindow() throws {
        // Windows ending at 1010, 1020, 1030 s (any clock) with 50, 100, 150/s over a base rate of
        // 100/s: multipliers 0.5, 1, 1.5 held over [0, 10), [10, 20), [20, 30) s.
        let observed = ObservedMetrics(points: [(1010.0, 50.0), (1020, 100), (1030, 150)].flatMap { t, x in
            [SeriesPoint(time: t, scope: "", metric: "throughput", value: x),
             SeriesPoint(time: t, scope: "", metric: "latency_p99", value: x / 1000),
             SeriesPoint(time: t, scope: "db", metric: "utilization", value: 0.5)]
        })
        let profile = try #require(CalibrationCheck.loadProfile(observed, baseRate: 100))
        #expect(profile.window == 10 && profile.duration == 30)
        #expect(profile.points == "{ points: [[0s, 0.5], [10s, 0.5], [10s, 1], [20s, 1], [20s, 1.5], [30s, 1.5]] }")
        #expect(CalibrationCheck.loadProfile(observed, baseRate: 0) == nil)

        // A run's windows end at 10, 20, 30 s: window k against observed window k.
        let simulated = [(10.0, 0.06), (20, 0.09), (30, 0.15)].flatMap { t, p99 in
            [SeriesPoint(time: t, scope: "", metric: "latency_p99", value: p99),
             SeriesPoint(time: t, scope: "db", metric: "utilization", value: 0.5)]
        }
        let check = CalibrationCheck(observed: observed, simulated: simulated, window: 10, fitted: ["db"])
        #expect(check.metrics.map { $0.scope.isEmpty ? $0.metric : "\($0.scope).\($0.metric)" } == ["latency_p99", "db.utilization"])
        let p99 = check.metrics[0]
        // Relative errors 0.2, 0.1, 0: mean 0.1; squared errors 1e-4, 1e-4, 0: rmse √(2e-4/3).
        #expect(abs(p99.meanRelativeError - 0.1) < 1e-12)
        #expect(abs(p99.rmse - (2e-4 / 3).squareRoot()) < 1e-12)
        #expect(p99.points.map(\.time) == [1010, 1020, 1030])
        #expect(check.metrics[1].meanRelativeError == 0)
    }
}
