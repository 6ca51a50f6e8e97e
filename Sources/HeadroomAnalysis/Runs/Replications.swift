import Dispatch
import Foundation
import HeadroomComponents

/// Independent replications of one spec, run in parallel and returned in replication order.
///
/// Replication i runs with seed `spec.seed + i`, so any one of them can be reproduced alone with
/// `headroom run --seed S+i`. Results do not depend on the number of parallel jobs: each
/// replication is a separate, deterministic run, stored at its own index.
public enum Replications {
    /// The most replications one command runs (`--replications`, `--max-replications`): 10,000.
    /// Every replication's result is kept, pooled and stored, so the bound keeps memory and the
    /// store in proportion; more would add nothing a confidence interval can show.
    public static let maximum = 10_000
    /// The most runs of one sweep, points × replications: 1,000,000 (each point's spec is
    /// checked before any runs, and each run is a row in the store).
    public static let maximumSweepRuns = 1_000_000

    /// The seed of replication `index` of a run seeded with `seed`. Wrapping on purpose: the
    /// seeds of a run seeded near 2⁶⁴ − 1 continue from 0, so every seed can be replicated.
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
        Parallel.map(count, jobs: jobs, finished: progress) { index in
            var replica = spec
            replica.seed = seed(spec.seed, replication: index)
            let start = DispatchTime.now().uptimeNanoseconds
            let result = Simulation.run(replica)
            return (result: result, wallSeconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
    }
}
