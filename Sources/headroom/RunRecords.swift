import Foundation
import HeadroomComponents
import HeadroomKernel
import HeadroomStore

/// The store records of one invocation's replications of a model (as written, with the
/// overrides that produced the runs, and the built `spec` with each replication's seed), in
/// replication order.
func runRecords(
    modelName: String, file: String, text: String, overrides: [String], spec: SimulationSpec?,
    runs: [(result: RunResult, wallSeconds: Double)]
) -> [RunRecord] {
    let created = Date()
    let hash = StableHash.hexDigest(text)
    return runs.enumerated().map { index, run in
        RunRecord(
            createdAt: created, modelName: modelName, modelFile: file, modelText: text, modelHash: hash,
            seed: run.result.seed, overrides: overrides, toolVersion: Headroom.version, wallSeconds: run.wallSeconds,
            replication: index, replicationCount: runs.count, result: run.result,
            spec: spec.map { spec in
                var seeded = spec
                seeded.seed = run.result.seed
                return seeded
            })
    }
}
