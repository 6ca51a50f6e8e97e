import Dispatch
import Foundation
import HeadroomComponents

extension PlanSearch {
    /// One run a plan made, with what the store needs.
    public struct Run: Sendable {
        /// The configuration (knob value indices; empty for the model as it is).
        public var point: [Int]
        public var overrides: [String]
        public var replication: Int
        /// `evaluation` for configurations, `headroom` for the saturation search's runs.
        public var role: String
        /// Traffic scale the run used (model's scale × load, or the headroom search's value).
        public var scale: Double
        public var result: RunResult
        /// The specification the run simulated (load, guards and seed applied).
        public var spec: SimulationSpec
        /// Wall-clock seconds the run took (not part of the plan: it varies).
        public var wallSeconds: Double
    }

    /// What the progress callback is told after every run.
    public struct Progress: Sendable {
        public var phase: String
        public var overrides: [String]
        public var replication: Int
        public var meets: Bool
        public var p99: Double
        /// Runs finished so far, and a rough estimate of the runs the plan will take in all.
        public var runs: Int
        public var expectedRuns: Int
    }

    /// The specs of `points` at the plan's load, guarded for the SLO, or the error of the first
    /// point the model rejects.
    func specs(_ points: [[Int]]) throws -> [SimulationSpec] {
        try points.map { point in
            try makeSpec(overrides(point), scale).guardedForSearch(serviceLevel)
        }
    }

    /// The `--set` overrides of a point, in knob order (none for the model as it is).
    func overrides(_ point: [Int]) -> [String] {
        point.isEmpty ? [] : knobs.indices.map { knobs[$0].override(point[$0]) }
    }

    /// Judges `points`: replication 0 of every point first, then the other replications of the
    /// points whose replication 0 met the SLO and kept up. A configuration meets only when every
    /// replication does, so one that missed in replication 0 is judged on that run alone (its
    /// figures then have no interval); this spares most runs of the configurations a search
    /// passes through on its way. Runs go to up to `settings.jobs` lanes and come back in point
    /// then replication order, so nothing depends on `jobs`.
    func evaluate(_ points: [[Int]], phase: String, ledger: Ledger) throws -> [PlanEvaluation] {
        let specs = try self.specs(points)
        func runs(_ slots: [(point: Int, replication: Int)]) -> [Run] {
            Parallel.map(slots.count, jobs: settings.jobs) { index -> Run in
                let (p, r) = slots[index]
                var spec = specs[p]
                spec.seed = Replications.seed(spec.seed, replication: r)
                let started = DispatchTime.now().uptimeNanoseconds
                let result = Simulation.run(spec)
                let wall = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                let run = Run(point: points[p], overrides: overrides(points[p]), replication: r, role: "evaluation",
                              scale: scale, result: result, spec: spec, wallSeconds: wall)
                ledger.finished(run, phase: phase, meets: meets(result), progress: progress)
                return run
            }
        }
        let first = runs(points.indices.map { ($0, 0) })
        let rest = runs(points.indices.filter { meets(first[$0].result) }.flatMap { p in
            (1..<Swift.max(settings.replications, 1)).map { (p, $0) }
        })
        return points.indices.map { p in
            let mine = [first[p]] + rest.filter { $0.point == points[p] }
            ledger.keep(mine)
            return evaluation(points[p], cost: specs[p].costPerHour, mine.map(\.result))
        }
    }

    /// Whether one run met the SLO and kept up (see ``PlanEvaluation/meets``).
    func meets(_ result: RunResult) -> Bool {
        serviceLevel.margin(of: result) > 0 && result.status != .unstable && result.verdict != .unstable
    }

    /// The figures of one configuration from its replications.
    func evaluation(_ point: [Int], cost: Double, _ results: [RunResult]) -> PlanEvaluation {
        let margins = results.map { serviceLevel.margin(of: $0) }
        // A replication that met the SLO but could not keep up (a job backlog that kept
        // growing) does not meet: the SLO would break later. Fewer runs than replications:
        // replication 0 missed, and the configuration with it.
        let unstable = results.map { $0.status == .unstable || $0.verdict == .unstable }
        let complete = results.count == settings.replications
        let p99s = results.map { $0.latency.count > 0 ? $0.latency.p99 : .infinity }
        let errorRates = results.map { result -> Double in
            let errors = Double(result.requests.errors)
            let finished = Double(result.requests.completed) + errors
            return finished > 0 ? errors / finished : 0
        }
        // Groups are the same in every replication of one configuration.
        let perRun = results.map(\.resourceLoads)
        var loads: [PlanLoad] = []
        if let first = perRun.first {
            for (index, group) in first.enumerated() {
                let mean = perRun.reduce(0) { $0 + $1[index].utilization } / Double(perRun.count)
                loads.append(PlanLoad(name: group.name, component: group.component, role: group.role,
                                      sizedBy: group.busiest.sizedBy, utilization: mean))
            }
        }
        // Busiest first; equal utilizations keep model order (a stable sort).
        loads = loads.enumerated().sorted { a, b in
            a.element.utilization != b.element.utilization ? a.element.utilization > b.element.utilization : a.offset < b.offset
        }.map(\.element)
        return PlanEvaluation(
            point: point, overrides: overrides(point), costPerHour: cost,
            meets: complete && zip(margins, unstable).allSatisfy { $0 > 0 && !$1 }, replications: results.count,
            margin: margins.min() ?? -1, p99: PlanEstimate(p99s.map { $0.isFinite ? $0 : 1e9 }),
            errorRate: PlanEstimate(errorRates), unstable: unstable.filter { $0 }.count,
            loads: loads)
    }
}

extension PlanSearch {
    /// The runs a plan has made and its progress, shared by the lanes that run them.
    final class Ledger: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var runs: [Run] = []
        private var finishedCount = 0
        /// A rough estimate of all the runs the plan will take, for the ETA.
        var expectedRuns: Int

        init(expectedRuns: Int) { self.expectedRuns = expectedRuns }

        /// A run finished (from any lane): tell the progress callback.
        func finished(_ run: Run, phase: String, meets: Bool, progress: (@Sendable (Progress) -> Void)?) {
            finished(phase: phase, overrides: run.overrides, replication: run.replication, meets: meets,
                     p99: run.result.latency.count > 0 ? run.result.latency.p99 : .infinity, progress: progress)
        }

        /// A run finished (from any lane), described by its figures.
        func finished(phase: String, overrides: [String], replication: Int, meets: Bool, p99: Double,
                      progress: (@Sendable (Progress) -> Void)?) {
            let (count, expected) = lock.withLock { () -> (Int, Int) in
                finishedCount += 1
                expectedRuns = Swift.max(expectedRuns, finishedCount + 1)
                return (finishedCount, expectedRuns)
            }
            progress?(Progress(
                phase: phase, overrides: overrides, replication: replication, meets: meets, p99: p99, runs: count,
                expectedRuns: expected))
        }

        /// Keeps runs in the order the search asks for them (deterministic).
        func keep(_ more: [Run]) { lock.withLock { runs += more } }

        /// The search's estimate of the runs still to come, for the ETA.
        func expect(remaining: Int) { lock.withLock { expectedRuns = finishedCount + remaining } }
    }
}
