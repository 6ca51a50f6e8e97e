import HeadroomKernel

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

extension ComponentTables {
    /// Database `index`: shards, replicas, the slow-query bound, its blocks of the per-key and
    /// per-tenant columns with every key's and tenant's shard, its lag stream and lag.
    mutating func addDatabase(_ component: ComponentSpec, _ db: DatabaseSpec, index: Int) {
        databases[index].shards = Int32(db.shards)
        databases[index].replicas = Int32(db.replicas)
        databases[index].slowQuery = db.slowQuery ?? .infinity
        databases[index].keyOffset = databaseCount * keySpace
        databases[index].tenantOffset = databaseCount * tenantSpace
        databases[index].lagStream = stream("lag/" + component.name)
        databaseCount += 1
        for key in 0..<keySpace {
            keyShard.append(Int32(TenantNames.shard(key: key, of: keySpace, router: db.router, shards: db.shards)))
        }
        for tenant in 0..<tenantSpace {
            tenantShard.append(Int32(TenantNames.shard(
                tenant: tenant, of: tenantSpace, router: db.router, shards: db.shards)))
        }
        replicationLags[index] = db.replicationLag
    }
}

/// Database routing (shard, primary or replica) and replication lag.
extension Engine {
    /// `route` access kinds (the instruction's `b`).
    static let replicaRead: Int32 = 0
    static let consistentRead: Int32 = 1
    static let write: Int32 = 2

    /// Chooses the node of database `db` for the request's key: its shard's primary for writes
    /// and consistent reads, else the shard's replicas in turn. A replica read of a key written
    /// less than the replication lag ago is counted as stale.
    /// Returns false, with nothing routed, when the access needs the primary and it is failing
    /// over.
    mutating func route(_ slot: Int32, database db: Int, access: Int32) -> Bool {
        let state = databases[db]
        if access != Engine.replicaRead && calendar.now < state.primaryDownUntil { return false }
        let s = Int(slot)
        let shard: Int32
        if state.shards == 1 {
            shard = 0
        } else if routesByTenant[Int(slotClass[s])] {
            shard = tenantShard[state.tenantOffset + Int(registers[s * registerCount + Int(Layout.tenantRegister)])]
        } else {
            shard = keyShard[state.keyOffset + key(slot)]
        }
        var node: Int32 = 0
        if access == Engine.consistentRead {
            if measuring { databases[db].reads &+= 1 }
        } else if access == Engine.replicaRead {
            if measuring { databases[db].reads &+= 1 }
            if state.replicas > 0 {
                node = 1 + Int32(state.nextReplica % UInt32(state.replicas))
                databases[db].nextReplica = state.nextReplica &+ 1
                if measuring {
                    databases[db].replicaReads &+= 1
                    if visibleAt[state.keyOffset + key(slot)] > calendar.now { databases[db].staleReads &+= 1 }
                }
            }
        }
        registers[s * registerCount + Int(Layout.nodeRegister)] = shard * (1 + state.replicas) + node
        return true
    }

    /// A write finished on the primary: replicas see it after a draw of the lag.
    mutating func replicate(_ slot: Int32, database db: Int) {
        if measuring { databases[db].writes &+= 1 }
        let lag = replicationLags[db].sample(&streams[Int(databases[db].lagStream)])
        let e = databases[db].keyOffset + key(slot)
        visibleAt[e] = max(visibleAt[e], calendar.now + lag)
    }

    /// Counts a query of database `db` that took `duration` seconds as slow when it is.
    @inline(__always)
    mutating func countSlowQuery(_ duration: Double, database db: Int) {
        if measuring, duration > databases[db].slowQuery {
            databases[db].slowQueries &+= 1
        }
    }

    // MARK: Timeline

    /// Replication lag of database `c` becomes `lag` from now on.
    mutating func setReplicationLag(database c: Int, _ lag: Distribution) {
        replicationLags[c] = lag
    }

    /// The primaries of database `c` fail over: writes and consistent reads fail for `duration`
    /// seconds, and queries running on or waiting for a primary are cut off.
    mutating func failover(database c: Int, duration: Double) {
        databases[c].primaryDownUntil = calendar.now + duration
        let nodes = Int(databases[c].replicas) + 1
        var primaries: Set<Int> = []
        for shard in 0..<Int(databases[c].shards) { primaries.insert(Int(layout.base[c]) + shard * nodes) }
        kill(onResources: primaries)
    }
}

extension Layout {
    /// A database's nodes, shard by shard, primary first: node n of shard s at
    /// `base + s·(1 + replicas) + n`.
    mutating func addDatabase(_ db: DatabaseSpec, index: Int) {
        for shard in 0..<db.shards {
            for node in 0...db.replicas {
                let cores = db.cores(shard: shard, node: node)
                add(ResourceState(servers: cores, capacity: db.queueCapacity.map { cores + $0 }, timeout: nil), index)
            }
        }
    }
}
