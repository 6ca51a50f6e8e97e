import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomModeling
import Testing

/// Figures the shipped models' header comments state, checked against the operational laws
/// (`explain`) and a simulation, so that a comment cannot drift from what the model does.
@Suite struct ModelHeaderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func spec(_ model: String, _ overrides: [String] = []) throws -> SimulationSpec {
        try ModelLoader.load(file: root.appendingPathComponent("models/\(model).yaml").path, overrides: overrides).spec
    }

    static func utilization(_ e: Explanation, _ name: String) -> Double {
        e.resources.first { $0.name == name }?.utilization ?? .nan
    }

    /// vertical-scaling: "2 cores are offered ~104 %", "8 cores bring CPU utilization to ~26 %"
    /// (within 1 point by the utilization law, within 2 points simulated).
    @Test func verticalScaling() throws {
        let two = Explanation(spec: try Self.spec("vertical-scaling"))
        #expect(abs(Self.utilization(two, "app.cores") - 1.04) < 0.01)
        let eightSpec = try Self.spec("vertical-scaling", ["components.app.cores=8", "duration=300s"])
        let eight = Explanation(spec: eightSpec)
        #expect(abs(Self.utilization(eight, "app.cores") - 0.26) < 0.01)
        let run = Simulation.run(eightSpec)
        let app = try #require(run.components.first { $0.name == "app" })
        #expect(abs(app.utilization - 0.26) < 0.02, "simulated \(app.utilization)")
    }

    /// read-replicas: "with no replicas … the primary (4 cores, ~100 % busy)".
    @Test func readReplicasPrimaryOnly() throws {
        let spec = try Self.spec("read-replicas", ["components.db.replicas=0", "duration=300s"])
        #expect(abs(Self.utilization(Explanation(spec: spec), "db.primary") - 1.0) < 0.01)
        let run = Simulation.run(spec)
        let primary = try #require(run.components.first { $0.name == "db" }?.resources.first { $0.declaration?.role == .primary })
        #expect(primary.utilization > 0.97, "simulated \(primary.utilization)")
    }
}
