import Foundation
import HeadroomComponents

/// One run as the command line hands it to the store: the result plus how it was produced.
///
/// Several records saved in one call to ``RunStore/save(_:)`` (the replications of one
/// invocation) form a group. Status, simulated time, events and metrics come from ``result``.
public struct RunRecord: Sendable, Equatable {
    /// When the run was made. Stored in UTC to the nearest millisecond.
    public var createdAt: Date
    /// The model's name.
    public var modelName: String
    /// The model file as the user named it.
    public var modelFile: String
    /// The full text of the model file, so the run can be reproduced after the file changes.
    public var modelText: String
    /// Fingerprint of ``modelText``: 16 lowercase hex digits (`StableHash.hexDigest`).
    public var modelHash: String
    /// The run's seed.
    public var seed: UInt64
    /// Command-line overrides applied to the model, in order, e.g. `stations.api.servers=4`.
    public var overrides: [String]
    /// Version of the tool that made the run.
    public var toolVersion: String
    /// Wall-clock time the run took, seconds.
    public var wallSeconds: Double
    /// Index of this run among the replications of its invocation, from 0.
    public var replication: Int
    /// Number of replications in the invocation (≥ 1).
    public var replicationCount: Int
    /// The simulation's outcome.
    public var result: RunResult
    /// The built specification the engine ran (overrides and seed applied), so that a report
    /// of the run depends neither on today's model parser nor on files the model named (CSV
    /// profiles) still being on disk. Nil for records made without one.
    public var spec: SimulationSpec?

    public init(
        createdAt: Date, modelName: String, modelFile: String, modelText: String, modelHash: String,
        seed: UInt64, overrides: [String], toolVersion: String, wallSeconds: Double,
        replication: Int = 0, replicationCount: Int = 1, result: RunResult, spec: SimulationSpec? = nil
    ) {
        self.createdAt = createdAt
        self.modelName = modelName
        self.modelFile = modelFile
        self.modelText = modelText
        self.modelHash = modelHash
        self.seed = seed
        self.overrides = overrides
        self.toolVersion = toolVersion
        self.wallSeconds = wallSeconds
        self.replication = replication
        self.replicationCount = replicationCount
        self.result = result
        self.spec = spec
    }
}
