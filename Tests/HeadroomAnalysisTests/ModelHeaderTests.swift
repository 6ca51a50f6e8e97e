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

    static func resource(_ e: Explanation, _ name: String) throws -> Explanation.Resource {
        try #require(e.resources.first { $0.name == name }, "\(name) in \(e.resources.map(\.name))")
    }

    /// horizontal-scaling: "1,200 requests/s at ~3 ms of CPU each is 3.6 cores of work … four
    /// share it at ~45 %" (the utilization law, and a run within 2 points).
    @Test func horizontalScaling() throws {
        let spec = try Self.spec("horizontal-scaling", ["components.app.replicas=4", "duration=300s"])
        let cores = try Self.resource(Explanation(spec: spec), "app.cores")
        #expect(abs(cores.demand * 1200 - 3.6) < 0.05)
        #expect(abs(cores.utilization - 0.45) < 0.01)
        let app = try #require(Simulation.run(spec).components.first { $0.name == "app" })
        #expect(abs(app.utilization - 0.45) < 0.02, "simulated \(app.utilization)")
    }

    /// connection-pool: "600 requests/s × ~25 ms per query the pool is ~75 % used".
    @Test func connectionPool() throws {
        let pool = try Self.resource(Explanation(spec: try Self.spec("connection-pool")), "pool")
        #expect(abs(pool.utilization - 0.75) < 0.01)
    }

    /// flash-sale: "~4.5 ms of CPU … more than the 8 cores can serve (~1,780/s)".
    @Test func flashSale() throws {
        let cores = try Self.resource(Explanation(spec: try Self.spec("flash-sale")), "app.cores")
        #expect(abs(cores.service - 0.0045) < 0.0001)
        #expect(abs(cores.maxThroughput - 1780) < 10)
    }

    /// diurnal-day: "~72 ms of CPU … the peak (96/s) needs ~7 cores of work and the night
    /// (24/s) ~1.7".
    @Test func diurnalDay() throws {
        let cores = try Self.resource(Explanation(spec: try Self.spec("diurnal-day")), "app.cores")
        #expect(abs(cores.demand - 0.072) < 0.001)
        #expect(abs(96 * cores.demand - 7) < 0.1)
        #expect(abs(24 * cores.demand - 1.7) < 0.05)
    }

    /// rate-limiter: "~100/s get through and ~1 − 100/120 ≈ 16.7 % are rejected", "~75 % busy",
    /// "the full 120/s would cost 90 %", "a limit above the traffic: under 1 % rejected". At 120/s
    /// offered to a 100/s bucket the let-through rate sits at the bucket's rate (within 1 %), so
    /// the rejected share is within 1 point of 1 − 100/120 and the cores within 3 points of the
    /// utilization law at 100/s.
    @Test func rateLimiter() throws {
        let spec = try Self.spec("rate-limiter", ["duration=300s", "warmup=30s"])
        let run = Simulation.run(spec)
        let limiter = try #require(run.components.first { $0.name == "limiter" })
        let span = spec.duration - spec.warmup
        #expect(abs((limiter.metrics["admitted"] ?? 0) / span - 100) / 100 < 0.01)
        #expect(abs((limiter.metrics["rejected_share"] ?? 0) - (1 - 100.0 / 120)) < 0.01)
        let app = try #require(run.components.first { $0.name == "app" })
        let cores = try #require(app.resources.first { $0.declaration?.role == .cores }?.utilization)
        #expect(abs(cores - 100 * 0.060 / 8) < 0.03, "simulated \(cores)")
        #expect(abs(Self.utilization(Explanation(spec: spec), "app.cores") - 120 * 0.060 / 8) < 0.01)

        let above = Simulation.run(try Self.spec("rate-limiter", ["duration=120s", "warmup=10s", "components.limiter.rate=130/s"]))
        let share = try #require(above.components.first { $0.name == "limiter" }?.metrics["rejected_share"])
        #expect(share < 0.01, "rejected \(share)")
    }
}
