import Foundation
import HeadroomComponents

/// A run read back from the store: every column of its row plus its full, decoded result.
public struct StoredRun: Sendable, Equatable {
    /// The run's id.
    public var id: Int64
    /// When the run was made (millisecond precision).
    public var createdAt: Date
    /// The model's name.
    public var modelName: String
    /// The model file as the user named it.
    public var modelFile: String
    /// The full text of the model file.
    public var modelText: String
    /// Fingerprint of ``modelText``, 16 hex digits.
    public var modelHash: String
    /// The run's seed.
    public var seed: UInt64
    /// Command-line overrides applied to the model, in order.
    public var overrides: [String]
    /// Version of the tool that made the run.
    public var toolVersion: String
    /// `ok` or `unstable`.
    public var status: RunStatus
    /// Why the run is unstable; nil when ok.
    public var statusReason: String?
    /// Simulated time reached, seconds.
    public var simulatedSeconds: Double
    /// Warm-up discarded from statistics, seconds.
    public var warmupSeconds: Double
    /// Wall-clock time the run took, seconds.
    public var wallSeconds: Double
    /// Events processed, warm-up included.
    public var events: UInt64
    /// Id of the first run of the same invocation; equal to ``id`` for a single run.
    public var groupID: Int64
    /// Index of this run among its invocation's replications, from 0.
    public var replication: Int
    /// Number of replications in the invocation.
    public var replicationCount: Int
    /// The full result, exactly as saved.
    public var result: RunResult
    /// The built specification the run used; nil for runs stored before stores kept it
    /// (migration v3) or saved without one.
    public var spec: SimulationSpec?

    /// The record this run was saved from (``createdAt`` rounded to the millisecond).
    public var record: RunRecord {
        RunRecord(
            createdAt: createdAt, modelName: modelName, modelFile: modelFile, modelText: modelText,
            modelHash: modelHash, seed: seed, overrides: overrides, toolVersion: toolVersion,
            wallSeconds: wallSeconds, replication: replication, replicationCount: replicationCount,
            result: result, spec: spec)
    }
}
