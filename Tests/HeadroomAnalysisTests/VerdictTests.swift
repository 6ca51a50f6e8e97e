import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomModeling
import Testing

/// Every run carries an honest verdict: `unstable` when it could not keep up (stopped, or its
/// backlog kept growing), `slo_missed` when it kept up but broke its SLO, `ok` otherwise; theory
/// says which queues are stable.
@Suite struct VerdictTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func run(_ model: String, _ overrides: [String], seed: UInt64? = nil) throws -> RunResult {
        let path = root.appendingPathComponent("models/\(model).yaml").path
        return Simulation.run(try ModelLoader.load(file: path, overrides: overrides, seed: seed).spec)
    }

    static func mm1(rate: Double, duration: Double, seed: UInt64) -> SimulationSpec {
        SimulationSpec(
            name: "mm1", duration: duration, warmup: duration / 20, seed: seed, stations: [StationSpec(name: "s")],
            classes: [ClassSpec(name: "r", rate: rate, steps: [.visit(station: 0, service: .exponential(mean: 1))])])
    }

    /// Requests at 2000/s, 2.75 % of them enqueue a 100 ms job on `workers` workers. With 5
    /// workers jobs arrive at 55/s against 50/s served: the backlog of jobs grows ~5 a second,
    /// below 0.5 % of the run's 2000/s (the run-wide rule alone would miss it) but far above 0.5 %
    /// of the queue's own 50/s, so the run is unstable and says which queue. With 6 workers
    /// (ρ ≈ 0.92) it is not. Two seeds each.
    @Test(arguments: [1, 2] as [UInt64])
    func aJobQueueThatCannotKeepUpIsUnstable(seed: UInt64) {
        func spec(workers: Int) -> SimulationSpec {
            SimulationSpec(
                name: "jobs", duration: 400, warmup: 20, seed: seed,
                components: [
                    ComponentSpec(name: "api", kind: .station(StationSpec(name: "api", servers: 100))),
                    ComponentSpec(name: "q", kind: .queue(QueueSpec(workers: workers, job: [.delay(.constant(0.1))]))),
                ],
                classes: [ClassSpec(name: "r", rate: 2_000, steps: [
                    .visit(station: 0, service: .constant(0.001)),
                    .branch([BranchArm(probability: 0.0275, steps: [.enqueue(queue: 1)])]),
                ])]
            )
        }
        let (over, reason) = Simulation.run(spec(workers: 5)).judged(slo: nil)
        #expect(over == .unstable)
        #expect(reason?.contains("jobs waiting on queue 'q' kept growing") == true, "\(reason ?? "")")
        #expect(Simulation.run(spec(workers: 6)).judged(slo: nil).0 == .ok)
    }

    /// ρ = 1.05: the queue grows by about 0.05 a second and never stops; ρ = 0.95: it is heavily
    /// loaded but stable. Several seeds each.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func anOverloadedQueueIsUnstableAndAHeavyOneIsNot(seed: UInt64) {
        let over = Simulation.run(Self.mm1(rate: 1.05, duration: 200_000, seed: seed))
        #expect(over.status == .ok)
        #expect(over.verdict == .unstable, "\(over.verdictReason ?? "")")
        #expect(over.verdictReason?.contains("backlog kept growing") == true)
        let heavy = Simulation.run(Self.mm1(rate: 0.95, duration: 200_000, seed: seed))
        #expect(heavy.verdict == .ok, "\(heavy.verdictReason ?? "")")
    }

    /// The vertical-scaling model's 2 cores run at ~104 % (its p99 grows with the run's length):
    /// unstable; with 8 cores it is fine.
    @Test func twoCoresCannotKeepUp() throws {
        let two = try Self.run("vertical-scaling", ["duration=600s", "warmup=30s"])
        #expect(two.verdict == .unstable, "\(two.verdictReason ?? "")")
        let eight = try Self.run("vertical-scaling", ["duration=600s", "warmup=30s", "components.app.cores=8"])
        #expect(eight.verdict == .ok)
    }

    /// The flash sale keeps up but breaks its SLO (p99 ≤ 500 ms, errors ≤ 1 %) during the spike.
    @Test func aRunThatKeepsUpButBreaksItsSLO() throws {
        let result = try Self.run("flash-sale", [])
        #expect(result.verdict == .sloMissed, "\(result.verdictReason ?? "")")
        let finished = Double(result.requests.completed + result.requests.errors)
        let errors = Double(result.requests.errors) / finished
        let reason = result.verdictReason ?? ""
        #expect(reason.contains("p99") == (result.latency.p99 > 0.5))
        #expect(reason.contains("errors") == (errors > 0.01))
        // The same run with a looser SLO is ok.
        let loose = try Self.run("flash-sale", ["slo.p99=100s", "slo.errors=50%"])
        #expect(loose.verdict == .ok)
    }

    /// A stopped run is unstable whatever its SLO; replications pool to the worst verdict.
    @Test func theGuardAndPoolingGiveTheWorstVerdict() {
        var spec = Self.mm1(rate: 2, duration: 100_000, seed: 1)
        spec.maxInSystem = 500
        let stopped = Simulation.run(spec)
        #expect(stopped.status == .unstable && stopped.verdict == .unstable)
        let fine = Simulation.run(Self.mm1(rate: 0.5, duration: 10_000, seed: 1))
        #expect(fine.verdict == .ok)
        #expect(RunResult.pooled([fine, stopped]).verdict == .unstable)
        #expect(RunResult.pooled([fine, fine]).verdict == .ok)
    }
}
