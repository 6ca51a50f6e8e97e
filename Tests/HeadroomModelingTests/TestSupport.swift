import HeadroomComponents
import HeadroomKernel
@testable import HeadroomModeling
import Testing
import Yams

/// The diagnostics of loading `text`; empty when it loads.
func diagnostics(_ text: String, file: String = "bad.yaml", overrides: [String] = []) -> [ModelDiagnostic] {
    do {
        _ = try ModelLoader.load(text: text, file: file, overrides: overrides)
        return []
    } catch let error as ModelError {
        return error.diagnostics
    } catch {
        Issue.record("unexpected error \(error)")
        return []
    }
}

/// The one diagnostic of loading `text`; records an issue when there is not exactly one.
func onlyDiagnostic(
    _ text: String, overrides: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
) throws -> ModelDiagnostic {
    let found = diagnostics(text, overrides: overrides)
    #expect(found.count == 1, "expected one diagnostic, found:\n\(ModelError(diagnostics: found))", sourceLocation: sourceLocation)
    return try #require(found.first, sourceLocation: sourceLocation)
}

/// Reads a YAML snippet as a distribution: the distribution, or `nil` and the diagnostics.
func readDistribution(_ yaml: String) throws -> (Distribution?, [ModelDiagnostic]) {
    let node = try #require(try Yams.compose(yaml: yaml))
    let sink = DiagnosticSink(file: "d.yaml")
    let distribution = DistributionReader.read(NodeReader(node: node, ref: SourceRef(node: node, path: "d"), sink: sink))
    return (distribution, sink.diagnostics)
}

/// A distribution's case name and its numbers, flattened (mixture components follow the weights).
func flattened(_ d: Distribution) -> (String, [Double]) {
    switch d {
    case .constant(let v): return ("constant", [v])
    case .exponential(let mean): return ("exponential", [mean])
    case .uniform(let lo, let hi): return ("uniform", [lo, hi])
    case .normal(let mean, let sd): return ("normal", [mean, sd])
    case .lognormal(let mu, let sigma): return ("lognormal", [mu, sigma])
    case .gamma(let shape, let scale): return ("gamma", [shape, scale])
    case .pareto(let shape, let scale): return ("pareto", [shape, scale])
    case .empirical(let samples): return ("empirical", samples)
    case .percentiles(let p, let v): return ("percentiles", p + [-1] + v)
    case .mixture(let weights, let components):
        let inner = components.map(flattened)
        return ("mixture(" + inner.map(\.0).joined(separator: ",") + ")", weights + inner.flatMap(\.1))
    }
}

/// Whether two distributions are the same kind with parameters equal to a relative 1e-12.
func nearlyEqual(_ a: Distribution, _ b: Distribution) -> Bool {
    let (na, pa) = flattened(a), (nb, pb) = flattened(b)
    return na == nb && pa.count == pb.count
        && zip(pa, pb).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($0), abs($1)) }
}

/// A small valid model: one station `server`, one class `default`.
let minimalModel = """
    duration: 100s
    traffic:
      rate: 2/s
    components:
      server:
        type: station
        service: { exponential: 100ms }
    flows:
      default:
        - visit: server
    """

/// A duration as the loader reads it, seconds: `seconds("5ms")` is exactly the value a model's
/// `5ms` becomes, so specs built from it compare with `==`.
func seconds(_ text: String) -> Double {
    guard let value = Units.duration(text) else { preconditionFailure("'\(text)' is not a duration") }
    return value
}

/// A model with one class `default` at 10/s whose flow is `flow`, over `components`; both are
/// YAML block lines, indented as under their key (components by 2, steps by 4).
func model(components: String, flow: String, traffic: String = "traffic: { rate: 10/s }") -> String {
    """
    duration: 100s
    \(traffic)
    components:
    \(components)
    flows:
      default:
    \(flow)
    """
}

/// The spec of `text`, which must load.
func loadSpec(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> SimulationSpec {
    do {
        return try ModelLoader.load(text: text, file: "good.yaml").spec
    } catch let error as ModelError {
        Issue.record("expected the model to load, found:\n\(error)", sourceLocation: sourceLocation)
        throw error
    }
}
