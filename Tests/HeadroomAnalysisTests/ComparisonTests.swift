import HeadroomComponents
import Testing

@testable import HeadroomAnalysis

/// Comparison of two sets of runs: the tests chosen, their figures, component matching.
@Suite struct ComparisonTests {
    static func component(_ name: String, kind: ComponentType = .station, utilization: Double = 0.5,
                          meanQueue: Double = 1, metrics: [String: Double] = [:]) -> ComponentResult {
        let load = ResourceResult(
            name: name, servers: 1, utilization: utilization, meanBusy: utilization, meanQueue: meanQueue,
            maxQueue: 3, meanInStation: meanQueue + utilization, arrivals: 100, completions: 100, rejected: 0,
            timedOut: 0, throughput: 1, meanWait: 0.1, meanResponse: 0.2)
        return ComponentResult(name: name, kind: kind, load: load, metrics: metrics)
    }

    static func result(seed: UInt64, throughput: Double = 10, p99: Double = 1, completed: UInt64 = 100,
                       rejected: UInt64 = 0, components: [ComponentResult] = []) -> RunResult {
        var latency = LatencySummary()
        latency.count = completed
        latency.mean = p99 / 4
        latency.p50 = p99 / 5
        latency.p99 = p99
        var requests = RequestCounts()
        requests.completed = completed
        requests.rejected = rejected
        requests.arrived = completed + rejected
        return RunResult(
            model: "m", seed: seed, status: .ok, statusReason: nil, simulatedSeconds: 100, warmupSeconds: 0,
            events: 0, requests: requests, throughput: throughput, latency: latency, classes: [],
            components: components, histogram: [])
    }

    @Test func pairedTestOnKnownDifferences() throws {
        let a = [10.0, 11, 12, 13].enumerated().map { Self.result(seed: UInt64(1 + $0), throughput: $1) }
        let b = [11.0, 12.2, 12.8, 14].enumerated().map { Self.result(seed: UInt64(1 + $0), throughput: $1) }
        let c = Comparison(a, b)
        #expect(c.test == .paired)
        let row = try #require(c.row("throughput"))
        #expect(abs(row.meanA - 11.5) < 1e-12)
        #expect(abs(row.meanB - 12.5) < 1e-12)
        #expect(abs(row.difference - 1) < 1e-12)
        #expect(abs(row.relativeDifference! - 1 / 11.5) < 1e-12)
        // d = 1, 1.2, 0.8, 1: s = √(0.08/3), t = 12.247, ν = 3 (scipy: p = 0.0011722).
        #expect(abs(row.pValue! - 0.001172216444716874) < 1e-6)
        #expect(abs(row.halfWidth! - 3.1824463052837078 * (0.08 / 3 / 4).squareRoot()) < 1e-9)
        #expect(row.significant == true)
    }

    @Test func pairedTestNotSignificantWhenDifferencesScatterAroundZero() throws {
        let a = [10.0, 11, 12, 13].enumerated().map { Self.result(seed: UInt64($0), throughput: $1) }
        let b = [10.5, 10.7, 12.4, 12.6].enumerated().map { Self.result(seed: UInt64($0), throughput: $1) }
        let row = try #require(Comparison(a, b).row("throughput"))
        #expect(row.significant == false)
        #expect(row.pValue! > 0.05)
    }

    @Test func identicalRunsAreNotSignificant() {
        let a = (0..<3).map { Self.result(seed: UInt64($0), throughput: 10 + Double($0), p99: 1 + Double($0)) }
        let c = Comparison(a, a)
        #expect(c.test == .paired)
        for row in c.rows {
            #expect(row.difference == 0)
            #expect(row.significant == false, "\(row.name)")
        }
    }

    @Test func constantNonZeroDifferenceIsSignificant() throws {
        let a = (0..<3).map { Self.result(seed: UInt64($0), throughput: 10 + Double($0)) }
        let b = (0..<3).map { Self.result(seed: UInt64($0), throughput: 12 + Double($0)) }
        let row = try #require(Comparison(a, b).row("throughput"))
        #expect(row.significant == true)
    }

    @Test func welchWhenSeedsDiffer() throws {
        let a = [1.0, 2, 3, 4].enumerated().map { Self.result(seed: UInt64($0), throughput: $1) }
        let b = [3.0, 4, 5, 6, 7].enumerated().map { Self.result(seed: UInt64(100 + $0), throughput: $1) }
        let c = Comparison(a, b)
        #expect(c.test == .welch)
        let row = try #require(c.row("throughput"))
        #expect(abs(row.difference - 2.5) < 1e-12)
        // scipy ttest_ind(equal_var=False): t = −2.6112, ν = 6.9808, p = 0.034939.
        #expect(abs(row.pValue! - 0.03493878235996401) < 1e-6)
        #expect(row.significant == true)
    }

    @Test func sameCountDifferentSeedsIsWelch() {
        let a = (0..<3).map { Self.result(seed: UInt64($0), throughput: Double($0)) }
        let b = (0..<3).map { Self.result(seed: UInt64(10 + $0), throughput: Double($0)) }
        #expect(Comparison(a, b).test == .welch)
    }

    @Test func singleRunHasNoSignificance() throws {
        let a = [Self.result(seed: 1, throughput: 10)]
        let b = (0..<3).map { Self.result(seed: UInt64(1 + $0), throughput: 20 + Double($0)) }
        for c in [Comparison(a, b), Comparison(b, a), Comparison(a, a)] {
            #expect(c.test == .none)
            for row in c.rows {
                #expect(row.significant == nil)
                #expect(row.pValue == nil)
            }
        }
        let c = Comparison(a, b)
        #expect(c.row("throughput")!.difference == 11)
        #expect(c.text.contains(Comparison.singleRunNote))
    }

    @Test func errorRate() throws {
        let a = [Self.result(seed: 1, completed: 90, rejected: 10)]
        let b = [Self.result(seed: 1, completed: 100, rejected: 0)]
        let row = try #require(Comparison(a, b).row("error_rate"))
        #expect(abs(row.meanA - 0.1) < 1e-12)
        #expect(row.meanB == 0)
        #expect(Comparison.errorRate(Self.result(seed: 1, completed: 0)) == 0)
    }

    @Test func componentsMatchedByName() throws {
        let a = (0..<2).map {
            Self.result(seed: UInt64($0), components: [
                Self.component("web", kind: .cache, utilization: 0.5 + 0.01 * Double($0), metrics: ["hit_rate": 0.8, "only_a": 1]),
                Self.component("db"),
            ])
        }
        let b = (0..<2).map {
            Self.result(seed: UInt64($0), components: [
                Self.component("cache"),
                Self.component("web", kind: .cache, utilization: 0.3 + 0.01 * Double($0), metrics: ["hit_rate": 0.9]),
            ])
        }
        let c = Comparison(a, b)
        #expect(c.onlyInA == ["db"])
        #expect(c.onlyInB == ["cache"])
        let names = c.rows.map(\.name)
        #expect(names == [
            "throughput", "latency_mean", "latency_p50", "latency_p99", "error_rate",
            "web.utilization", "web.mean_queue", "web.hit_rate",
        ])
        let utilization = try #require(c.row("web.utilization"))
        #expect(abs(utilization.difference + 0.2) < 1e-12)
        #expect(utilization.significant == true)
        // The unit is the one the cache kind declares for its metric.
        #expect(c.row("web.hit_rate")!.unit == .ratio)
        #expect(c.row("web.mean_queue")!.unit == .number)
        #expect(c.text.contains("only in A: db"))
        #expect(c.text.contains("only in B: cache"))
    }

    @Test func verdictNamesDirection() {
        let a = (0..<3).map { Self.result(seed: UInt64($0), p99: 2 + 0.1 * Double($0)) }
        let b = (0..<3).map { Self.result(seed: UInt64($0), p99: 1 + 0.12 * Double($0)) }
        var c = Comparison(a, b)
        c.labelB = "variant"
        let verdict = c.verdict()
        #expect(verdict.count == 2)
        #expect(verdict[0].hasPrefix("p99:"))
        #expect(verdict[0].contains("variant is significantly lower"))
        #expect(verdict[1].contains("no significant difference"))
    }
}
