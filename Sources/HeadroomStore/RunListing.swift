import Foundation
import HeadroomComponents

/// One line of a run listing: the run's identity and headline numbers, without its full result.
public struct RunListing: Sendable, Equatable {
    /// The run's id.
    public var id: Int64
    /// When the run was made (millisecond precision).
    public var createdAt: Date
    /// The model's name.
    public var modelName: String
    /// The run's seed.
    public var seed: UInt64
    /// `ok` or `unstable`.
    public var status: RunStatus
    /// Why the run is unstable; nil when ok.
    public var statusReason: String?
    /// What the run says about the system; nil for runs stored before runs carried one.
    public var verdict: Verdict?
    /// Simulated time reached, seconds.
    public var simulatedSeconds: Double
    /// Wall-clock time the run took, seconds.
    public var wallSeconds: Double
    /// Events processed, warm-up included.
    public var events: UInt64
    /// Completed requests per simulated second after warm-up (NaN if the run recorded NaN).
    public var throughput: Double
    /// 99th percentile response time of all classes, seconds (NaN if the run recorded NaN).
    public var p99: Double
    /// Id of the first run of the same invocation; equal to ``id`` for a single run.
    public var groupID: Int64
    /// Index of this run among its invocation's replications, from 0.
    public var replication: Int
    /// Number of replications in the invocation.
    public var replicationCount: Int
}
