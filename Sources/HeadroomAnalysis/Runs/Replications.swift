import Dispatch
import Foundation
import HeadroomComponents

/// Independent replications of one spec, run in parallel and returned in replication order.
///
/// Replication i runs with seed `spec.seed + i`, so any one of them can be reproduced alone with
/// `headroom run --seed S+i`. Results do not depend on the number of parallel jobs: each
/// replication is a separate, deterministic run, stored at its own index.
public enum Replications {
    /// The seed of replication `index` of a run seeded with `seed`.
    public static func seed(_ seed: UInt64, replication index: Int) -> UInt64 {
        seed &+ UInt64(index)
    }

    /// Runs `count` replications of `spec` on up to `jobs` threads; calls `progress` (from any
    /// thread) with the number finished so far. Returns the results and each run's wall time in
    /// seconds, in replication order.
    public static func run(
        _ spec: SimulationSpec, count: Int, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: (@Sendable (Int) -> Void)? = nil
    ) -> [(result: RunResult, wallSeconds: Double)] {
        let slots = ResultSlots(count: count)
        let lanes = Swift.max(1, Swift.min(jobs, count))
        // Lane j runs replications j, j + lanes, j + 2·lanes, …
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for index in stride(from: lane, to: count, by: lanes) {
                var replica = spec
                replica.seed = seed(spec.seed, replication: index)
                let start = DispatchTime.now().uptimeNanoseconds
                let result = Simulation.run(replica)
                let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                let done = slots.store(index, (result, wall))
                progress?(done)
            }
        }
        return slots.values()
    }
}

/// Results written by several threads, each to its own index.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [(result: RunResult, wallSeconds: Double)?]
    private var finished = 0

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// Stores one result; returns how many are stored.
    func store(_ index: Int, _ value: (RunResult, Double)) -> Int {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = value
        finished += 1
        return finished
    }

    func values() -> [(result: RunResult, wallSeconds: Double)] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
