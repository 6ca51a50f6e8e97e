import Foundation
import HeadroomComponents
import HeadroomKernel
@testable import HeadroomModeling
import Testing

@Suite("Distribution forms")
struct DistributionFormTests {
    static let forms: [(yaml: String, expected: Distribution)] = [
        ("4ms", .constant(0.004)),
        ("0", .constant(0)),
        ("{ constant: 4ms }", .constant(0.004)),
        ("{ exponential: 5ms }", .exponential(mean: 0.005)),
        ("{ uniform: [1ms, 3ms] }", .uniform(min: 0.001, max: 0.003)),
        ("{ uniform: { min: 1ms, max: 3ms } }", .uniform(min: 0.001, max: 0.003)),
        ("{ normal: { mean: 10ms, sd: 2ms } }", .normal(mean: 0.01, sd: 0.002)),
        ("{ lognormal: { mean: 10ms, sd: 5ms } }", .lognormal(mean: 0.01, sd: 0.005)),
        ("{ lognormal: { p50: 3ms, p99: 20ms } }", .lognormal(p50: 0.003, p99: 0.02)),
        ("{ p50: 3ms, p99: 20ms }", .lognormal(p50: 0.003, p99: 0.02)),
        ("{ gamma: { shape: 2, mean: 10ms } }", .gamma(shape: 2, scale: 0.005)),
        ("{ gamma: { shape: 0.5, scale: 10ms } }", .gamma(shape: 0.5, scale: 0.01)),
        ("{ erlang: { k: 3, mean: 9ms } }", .gamma(shape: 3, scale: 0.003)),
        ("{ pareto: { shape: 2.5, min: 1ms } }", .pareto(shape: 2.5, scale: 0.001)),
        ("{ pareto: { shape: 2.5, mean: 5ms } }", .pareto(shape: 2.5, scale: 0.003)),
        ("{ empirical: [1ms, 2ms, 5ms] }", .empirical(samples: [0.001, 0.002, 0.005])),
        (
            "{ percentiles: { p50: 3ms, p90: 8ms, p99: 20ms, max: 50ms } }",
            .percentiles(probabilities: [0, 0.5, 0.9, 0.99, 1], values: [0, 0.003, 0.008, 0.02, 0.05])
        ),
        (
            // Keys in any order; min given; a decimal percentile.
            "{ percentiles: { max: 1s, p99.9: 500ms, min: 1ms, p50: 10ms } }",
            .percentiles(probabilities: [0, 0.5, 0.999, 1], values: [0.001, 0.01, 0.5, 1])
        ),
        (
            "{ mixture: [ { weight: 90%, exponential: 1ms }, { weight: 10%, constant: 50ms } ] }",
            .mixture(weights: [0.9, 0.1], components: [.exponential(mean: 0.001), .constant(0.05)])
        ),
        (
            "{ mixture: [ { weight: 0.5, p50: 1ms, p99: 4ms }, { weight: 0.5, uniform: [1ms, 2ms] } ] }",
            .mixture(weights: [0.5, 0.5], components: [.lognormal(p50: 0.001, p99: 0.004), .uniform(min: 0.001, max: 0.002)])
        ),
    ]

    @Test("every form maps to its Distribution", arguments: forms)
    func form(yaml: String, expected: Distribution) throws {
        let (read, problems) = try readDistribution(yaml)
        #expect(problems.isEmpty, "\(problems)")
        let distribution = try #require(read)
        #expect(nearlyEqual(distribution, expected), "\(yaml) → \(distribution), expected \(expected)")
    }

    @Test func percentileKeysReadAsExactDecimals() {
        #expect(DistributionReader.percentileProbability("p50") == 0.5)
        #expect(DistributionReader.percentileProbability("p99.9") == 0.999)
        #expect(DistributionReader.percentileProbability("p99.99") == 0.9999)
        #expect(DistributionReader.percentileProbability("p0") == nil)
        #expect(DistributionReader.percentileProbability("p100") == nil)
        #expect(DistributionReader.percentileProbability("p5x") == nil)
        #expect(DistributionReader.percentileProbability("max") == nil)
    }

    static let bad: [(yaml: String, message: String, path: String)] = [
        ("{ exponential: 0s }", "expected a duration > 0", "d.exponential"),
        ("{ exponential: 5 }", "add a unit, e.g. 5s", "d.exponential"),
        ("{ uniform: [3ms, 1ms] }", "max (1ms) is below min (3ms)", "d.uniform.1"),
        ("{ uniform: [1ms] }", "expected two durations [min, max], found a list of 1", "d.uniform"),
        ("{ normal: { mean: 10ms } }", "missing required key 'sd'", "d.normal"),
        ("{ lognormal: { p50: 20ms, p99: 3ms } }", "p99 (3ms) is below p50 (20ms)", "d.lognormal.p99"),
        ("{ lognormal: { mean: 1ms, p99: 3ms } }", "give either mean and sd or p50 and p99, not both", "d.lognormal"),
        ("{ p50: 3ms, p90: 8ms, p99: 20ms }", "for other percentiles write { percentiles:", "d.p90"),
        ("{ gamma: { shape: 2, mean: 1ms, scale: 1ms } }", "give either 'mean' or 'scale', not both", "d.gamma"),
        ("{ gamma: { shape: -1, mean: 1ms } }", "expected a number > 0", "d.gamma.shape"),
        ("{ erlang: { k: 2.5, mean: 1ms } }", "expected an integer ≥ 1, found '2.5'", "d.erlang.k"),
        ("{ pareto: { shape: 1, mean: 1ms } }", "has no finite mean", "d.pareto.shape"),
        ("{ pareto: { shape: 2 } }", "missing required key 'min' or 'mean'", "d.pareto"),
        ("{ empirical: [] }", "expected at least one sample", "d.empirical"),
        ("{ percentiles: { p50: 3ms, p90: 2ms, max: 5ms } }", "p90 (2ms) is below p50 (3ms)", "d.percentiles.p90"),
        ("{ percentiles: { p50: 3ms } }", "missing required key 'max'", "d.percentiles"),
        ("{ percentiles: { p50: 3ms, p50.0: 4ms, max: 5ms } }", "percentile 'p50.0' repeats 'p50'", "d.percentiles.p50.0"),
        ("{ percentiles: { q50: 3ms, max: 5ms } }", "unknown key 'q50'", "d.percentiles.q50"),
        ("{ mixture: [ { weight: 60%, constant: 1ms }, { weight: 30%, constant: 2ms } ] }", "mixture weights sum to 90%, expected 100%", "d.mixture"),
        ("{ mixture: [ { exponential: 1ms } ] }", "missing required key 'weight'", "d.mixture.0"),
        ("{ exponential: 1ms, constant: 2ms }", "a distribution has exactly one kind, found 2", "d"),
        ("{}", "found no distribution kind", "d"),
        ("[1ms, 2ms]", "expected a distribution such as 5ms", "d"),
    ]

    @Test("bad parameters are reported at the parameter", arguments: bad)
    func badForm(yaml: String, message: String, path: String) throws {
        let (read, problems) = try readDistribution(yaml)
        #expect(read == nil)
        #expect(problems.count == 1, "\(problems)")
        let problem = try #require(problems.first)
        #expect(problem.message.contains(message), "\(problem.message)")
        #expect(problem.path == path)
    }

    @Test func unknownKindSuggestsTheNearest() throws {
        let (read, problems) = try readDistribution("{ exponental: 5ms }")
        #expect(read == nil)
        let problem = try #require(problems.first)
        #expect(problem.message.contains("unknown distribution 'exponental' (expected one of: constant, exponential,"))
        #expect(problem.suggestion == "exponential")
        #expect(problem.path == "d.exponental")
        #expect(problem.line == 1 && problem.column == 3)
    }

    @Test func everyFormAlsoLoadsThroughAModelFile() throws {
        for (yaml, expected) in Self.forms {
            let text = minimalModel.replacingOccurrences(of: "{ exponential: 100ms }", with: yaml)
            let spec = try ModelLoader.load(text: text, file: "m.yaml").spec
            guard case .visit(0, let service) = spec.classes[0].steps[0] else {
                Issue.record("expected a visit, found \(spec.classes[0].steps)")
                continue
            }
            #expect(nearlyEqual(service, expected), "\(yaml)")
        }
    }
}
