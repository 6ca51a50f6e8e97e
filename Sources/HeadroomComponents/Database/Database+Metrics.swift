/// What a database declares and reports: per shard its primary and read replicas; reads,
/// writes, stale reads, slow queries, and how the load spreads over nodes and shards.
extension DatabaseSpec {
    /// Shard by shard, the primary then each replica (`db.shard1.replica2`; without shards
    /// `db.primary`, `db.replica1`); a shard's replicas form one group. Each is sized by its
    /// role's key: `primary_cores` (a sharded database's primaries by `shard_cores.S`, one per
    /// shard) and `replica_cores`.
    func resourceDeclarations(component name: String) -> [ResourceDeclaration] {
        var out: [ResourceDeclaration] = []
        for shard in 0..<shards {
            let prefix = shards == 1 ? name : "\(name).shard\(shard)"
            let shardIndex = shards == 1 ? nil : shard
            let primaryKey = shards == 1 ? "primary_cores" : "shard_cores.\(shard)"
            out.append(.init(name: "\(prefix).primary", component: name, type: .database, role: .primary,
                             shard: shardIndex, sizedBy: ResourceDeclaration.sizingKey(name, primaryKey),
                             group: "\(prefix).primary"))
            for node in stride(from: 1, through: replicas, by: 1) {
                out.append(.init(name: "\(prefix).replica\(node)", component: name, type: .database, role: .replica,
                                 replica: node, shard: shardIndex,
                                 sizedBy: ResourceDeclaration.sizingKey(name, "replica_cores"),
                                 group: "\(prefix).replicas"))
            }
        }
        return out
    }

    /// `factor` times the cores of the nodes `resource`'s key sizes: a shard's primary, every
    /// primary of an unsharded database, or the read replicas.
    func relaxed(_ resource: ResourceDeclaration, by factor: Int) -> DatabaseSpec {
        var database = self
        switch resource.role {
        case .replica:
            database.replicaCores = cores(shard: 0, node: 1) * factor
        case .primary where resource.shard != nil:
            let shard = resource.shard ?? 0
            database.shardCores[shard] = cores(shard: shard, node: 0) * factor
        case .primary:
            database.primaryCores = cores(shard: 0, node: 0) * factor
        case .servers, .threads, .cores, .connections, .cacheServers, .workers:
            database.cores *= factor
        }
        return database
    }
}

extension Engine {
    /// Reads, writes, replica and stale reads, slow queries, each node role's utilization, and
    /// with shards each shard's utilization and queries and the shard imbalance.
    func databaseMetrics(_ db: DatabaseSpec, _ index: Int, mine: [ResourceResult], metrics: inout [String: Double]) {
        let d = databases[index]
        metrics["reads"] = Double(d.reads)
        metrics["writes"] = Double(d.writes)
        metrics["replica_reads"] = Double(d.replicaReads)
        metrics["stale_reads"] = Double(d.staleReads)
        metrics["stale_read_ratio"] = d.replicaReads > 0 ? Double(d.staleReads) / Double(d.replicaReads) : 0
        metrics["slow_queries"] = Double(d.slowQueries)
        let nodes = 1 + db.replicas
        for node in 0..<nodes {
            let role = node == 0 ? "primary" : "replica\(node)"
            let same = stride(from: node, to: mine.count, by: nodes).map { mine[$0] }
            metrics["\(role)_utilization"] = ResourceResult.combined(role, same).utilization
        }
        if db.shards > 1 {
            for shard in 0..<db.shards {
                let nodesOfShard = Array(mine[(shard * nodes)..<((shard + 1) * nodes)])
                let s = ResourceResult.combined("shard", nodesOfShard)
                metrics["shard\(shard)_utilization"] = s.utilization
                metrics["shard\(shard)_queries"] = Double(s.completions)
            }
            let utilizations = (0..<db.shards).map { metrics["shard\($0)_utilization"]! }
            let mean = utilizations.reduce(0, +) / Double(db.shards)
            metrics["shard_imbalance"] = mean > 0 ? utilizations.max()! / mean : 0
        }
    }

    /// Per window: utilization and mean queue over all its nodes.
    func databaseWindowMetrics(name: String, _ u: WindowUsage, span: Double, to window: inout WindowPoints) {
        window.add(name, "utilization", u.servers > 0 ? u.busy / span / u.servers : 0)
        window.add(name, "queue", u.queue / span)
    }
}

extension DatabaseSpec {
    /// The units of a database's metrics: utilizations and `stale_read_ratio` ratios,
    /// `shard_imbalance` a factor, the rest counts.
    static func metricUnit(_ key: String) -> MetricUnit {
        if key.hasSuffix("utilization") || key == "stale_read_ratio" { return .ratio }
        return key == "shard_imbalance" ? .number : .count
    }
}
