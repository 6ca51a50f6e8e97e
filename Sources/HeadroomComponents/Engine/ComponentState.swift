import HeadroomKernel
import RealModule

/// Run-time state and counters of a cache component (its entries live in the engine's columns).
struct CacheState: BitwiseCopyable {
    /// Most entries; Int32.max when unbounded.
    var capacity: Int32 = .max
    /// Time to live, seconds.
    var ttl: Double = 0
    /// First entry slot of this cache in the entry columns.
    var offset: Int = 0
    var count: Int32 = 0
    /// Most- and least-recently used keys; -1 when empty.
    var head: Int32 = -1
    var tail: Int32 = -1
    var hits: UInt64 = 0
    var misses: UInt64 = 0
    var sets: UInt64 = 0
    var evictions: UInt64 = 0
    var expirations: UInt64 = 0
    var invalidations: UInt64 = 0
    /// Hits and misses since the last time-series window (counted through warm-up too).
    var windowHits: UInt64 = 0
    var windowMisses: UInt64 = 0

    mutating func resetStatistics() {
        hits = 0; misses = 0; sets = 0; evictions = 0; expirations = 0; invalidations = 0
    }
}

/// Run-time state and counters of a database component.
struct DatabaseState: BitwiseCopyable {
    var shards: Int32 = 1
    var replicas: Int32 = 0
    /// Round-robin position over replicas.
    var nextReplica: UInt32 = 0
    /// Queries slower than this count as slow, seconds; +∞ counts none.
    var slowQuery: Double = .infinity
    /// First slot of this database in the per-key columns (replication visibility, key shards).
    var keyOffset: Int = 0
    /// First slot of this database in the tenant-shard column.
    var tenantOffset: Int = 0
    /// Random stream of replication lags.
    var lagStream: Int32 = 0
    var reads: UInt64 = 0
    var writes: UInt64 = 0
    var replicaReads: UInt64 = 0
    var staleReads: UInt64 = 0
    var slowQueries: UInt64 = 0
    /// Writes and consistent reads fail until this time (a primary failover), seconds.
    var primaryDownUntil: Double = -.infinity

    mutating func resetStatistics() {
        reads = 0; writes = 0; replicaReads = 0; staleReads = 0; slowQueries = 0
    }
}

/// Run-time counters of a job queue component.
struct QueueState: BitwiseCopyable {
    var attempts: Int32 = 1
    var failure: Double = 0
    /// Random stream of failures and backoffs.
    var stream: Int32 = 0
    var enqueued: UInt64 = 0
    var completed: UInt64 = 0
    var rejected: UInt64 = 0
    var failedAttempts: UInt64 = 0
    var retries: UInt64 = 0
    var deadLetters: UInt64 = 0
    /// Time a job holds a worker per attempt, seconds.
    var processing = Tally()
    /// Enqueue to success or dead letter, retries included, seconds.
    var jobTime = Tally()

    mutating func resetStatistics() {
        enqueued = 0; completed = 0; rejected = 0; failedAttempts = 0; retries = 0; deadLetters = 0
        processing.reset(); jobTime.reset()
    }
}

/// Run-time state of one app server's fleet and of the replica choice in front of it.
struct BalancerState: BitwiseCopyable {
    var policy: BalancingPolicy = .roundRobin
    var next: UInt32 = 0
    var sticky = false
    /// The load balancer's own random stream, or the app server's when it has none.
    var stream: Int32 = 0
    /// Index of this balancer's weights in the engine's weight table; -1 if none.
    var weightsOffset: Int32 = -1
    /// First slot of this server's replicas in the engine's replica and rotation columns.
    var replicaOffset: Int32 = 0
    /// Replicas there is room for.
    var maxReplicas: Int32 = 1
    /// Replicas the balancer sends to (listed first in the rotation column).
    var rotationCount: Int32 = 1
    /// Replicas in the fleet (running, starting or draining): what costs money.
    var provisioned: Int32 = 1
    /// Replicas ordered by an autoscaler that are still being provisioned.
    var pending: Int32 = 0
    /// Whether a load balancer with health checks fronts this server.
    var healthChecked = false
    /// Rolling deploy: the replica being replaced, or -1.
    var deploying: Int32 = -1
    /// Rolling deploy: seconds a replica stays stopped.
    var restart: Double = 0
    /// When an autoscaler last changed this fleet, seconds.
    var lastScale: Double = -.infinity
}

/// One app-server replica as the system sees it.
struct ReplicaState: BitwiseCopyable {
    /// Part of the fleet (started and not scaled away).
    var provisioned = false
    /// Running: a crashed or stopped replica is not.
    var alive = false
    /// The balancer sends it requests.
    var inRotation = false
    /// Leaving gracefully: stops once its in-flight requests are done.
    var draining = false
    /// Consecutive failed and passed health checks.
    var fails: Int32 = 0
    var passes: Int32 = 0
}

/// Draws an index in 0 ..< count: uniformly, or by Zipf popularity through its CDF (O(log n)).
struct PopularityTable: Sendable {
    let count: Int
    /// Cumulative probabilities; empty for uniform.
    let cdf: [Double]

    init(_ popularity: Popularity) {
        count = popularity.count
        if popularity.zipf == 0 {
            cdf = []
        } else {
            var weights = (1...popularity.count).map { 1 / Double.pow(Double($0), popularity.zipf) }
            let total = weights.reduce(0, +)
            var running = 0.0
            for i in weights.indices {
                running += weights[i] / total
                weights[i] = running
            }
            weights[weights.count - 1] = 1
            cdf = weights
        }
    }

    @inline(__always)
    func sample(_ rng: inout RandomStream) -> Int32 {
        let u = rng.nextOpenUnit()
        if cdf.isEmpty { return Int32(min(Int(u * Double(count)), count - 1)) }
        var lo = 0
        var hi = count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cdf[mid] < u { lo = mid + 1 } else { hi = mid }
        }
        return Int32(lo)
    }
}
