import Foundation
import HeadroomComponents
import HeadroomKernel
@testable import HeadroomModeling
import Testing

@Suite("--set overrides")
struct OverrideTests {
    func spec(_ overrides: [String], text: String = minimalModel) throws -> SimulationSpec {
        try ModelLoader.load(text: text, file: "mm1.yaml", overrides: overrides).spec
    }

    @Test func scalarValues() throws {
        let spec = try spec(["traffic.rate=900/s", "duration=2h", "seed=5"])
        #expect(spec.classes[0].rate == 900)
        #expect(spec.duration == 7200)
        #expect(spec.seed == 5)
    }

    @Test func flowValueReplacesAMapping() throws {
        let spec = try spec(["components.server.service={exponential: 2s}"])
        #expect(spec.classes[0].steps == [.visit(station: 0, service: .exponential(mean: 2))])
    }

    @Test func aMissingFinalKeyIsAdded() throws {
        let spec = try spec(["components.server.capacity=10", "components.server.servers=2", "warmup=10s"])
        #expect(spec.components == [
            ComponentSpec(name: "server", kind: .station(StationSpec(
                name: "server", servers: 2, capacity: 10, service: .exponential(mean: 0.1)
            ))),
        ])
        #expect(spec.warmup == 10)
    }

    @Test func listElementsByIndex() throws {
        let spec = try spec(["flows.default.0.time=2ms"])
        guard case .visit(0, let time) = spec.classes[0].steps[0] else {
            Issue.record("expected a visit, found \(spec.classes[0].steps)")
            return
        }
        #expect(nearlyEqual(time, .constant(0.002)))
    }

    @Test func indexEqualToTheCountAppends() throws {
        let spec = try spec(["flows.default.1={visit: server, time: 1s}"])
        #expect(spec.classes[0].steps.count == 2)
        #expect(spec.classes[0].steps[1] == .visit(station: 0, service: .constant(1)))
    }

    @Test func overridesApplyInOrder() throws {
        let spec = try spec(["traffic.rate=1/s", "traffic.rate=4/s"])
        #expect(spec.classes[0].rate == 4)
    }

    @Test func keysWithDotsAreMatchedWhole() throws {
        let text = minimalModel.replacingOccurrences(
            of: "{ exponential: 100ms }", with: "{ percentiles: { p50: 1ms, p99.9: 5ms, max: 10ms } }"
        )
        let spec = try spec(["components.server.service.percentiles.p99.9=8ms"], text: text)
        #expect(spec.classes[0].steps == [.visit(
            station: 0, service: .percentiles(probabilities: [0, 0.5, 0.999, 1], values: [0, 0.001, 0.008, 0.01])
        )])
    }

    @Test func anEmptyValueRemovesAnOptionalKey() throws {
        let spec = try spec(["warmup=10s", "warmup="])
        #expect(spec.warmup == 0)
    }

    @Test func aMissingIntermediateKeyNamesSetAndSuggests() throws {
        let d = try onlyDiagnostic(minimalModel, overrides: ["componets.server.servers=2"])
        #expect(d.file == "--set")
        #expect(d.line == nil && d.column == nil)
        #expect(d.path == "componets.server.servers")
        #expect(d.message.contains("no key 'componets' in the document (keys: duration, traffic, components, flows)"))
        #expect(d.suggestion == "components")
        #expect(d.description.hasPrefix("--set: componets.server.servers: no key 'componets'"))
        #expect(d.description.hasSuffix("did you mean 'components'?"))
    }

    @Test func aDeeperMissingKeyNamesItsParent() throws {
        let d = try onlyDiagnostic(minimalModel, overrides: ["components.srver.servers=2"])
        #expect(d.message.contains("no key 'srver' in 'components'"))
        #expect(d.suggestion == "server")
    }

    @Test func aStringWithoutEqualsIsAnError() throws {
        let d = try onlyDiagnostic(minimalModel, overrides: ["duration"])
        #expect(d.file == "--set")
        #expect(d.message == "expected PATH=VALUE such as duration=2h, found 'duration' (no '=')")
    }

    @Test func badIndexAndPathIntoAScalar() throws {
        let found = diagnostics(minimalModel, overrides: ["flows.default.5.time=1s", "duration.unit=s", "=3"])
        #expect(found.count == 3)
        #expect(found[0].message.contains("'5' is not an index of 'flows.default', a list of 1"))
        #expect(found[1].message.contains("'duration' is a single value"))
        #expect(found[2].message.contains("expected a dotted key path"))
    }

    @Test func badYAMLValue() throws {
        let d = try onlyDiagnostic(minimalModel, overrides: ["components.server.service={exponential: 2s"])
        #expect(d.file == "--set")
        #expect(d.path == "components.server.service")
        #expect(d.message.contains("is not valid YAML"))
    }

    @Test func problemsInAnOverriddenValueNameTheOverride() throws {
        let d = try onlyDiagnostic(minimalModel, overrides: ["duration=-5s"])
        #expect(d.file == "--set")
        #expect(d.line == nil)
        #expect(d.path == "duration")
        #expect(d.message == "expected a duration > 0, found '-5s' (value given by --set duration=-5s)")
    }

    @Test func anAddedUnknownKeyIsJudgedByValidation() throws {
        let d = try onlyDiagnostic(minimalModel, overrides: ["components.server.servrs=2"])
        #expect(d.file == "--set")
        #expect(d.path == "components.server.servrs")
        #expect(d.message.hasPrefix("unknown key 'servrs' (expected one of: type, servers, capacity, timeout, service, discipline, wakeup, context_switch, quantum)"))
        #expect(d.suggestion == "servers")
    }

    @Test func overridesChangeTheSpecNotTheText() throws {
        let loaded = try ModelLoader.load(text: minimalModel, file: "mm1.yaml", overrides: ["duration=1h"])
        #expect(loaded.text == minimalModel)
        #expect(loaded.overrides == ["duration=1h"])
    }
}
