/// What a database costs under the `cost:` section's prices (see ``CostSpec``).
extension DatabaseSpec {
    /// Every node of every shard for an hour: its role's price plus its cores at the core price.
    func costPerHour(_ prices: CostSpec) -> Double {
        var total = 0.0
        for shard in 0..<shards {
            total += prices.databasePrimary + Double(cores(shard: shard, node: 0)) * prices.databaseCore
            if replicas > 0 {
                total += Double(replicas) * (prices.databaseReplica + Double(cores(shard: shard, node: 1)) * prices.databaseCore)
            }
        }
        return total
    }
}
