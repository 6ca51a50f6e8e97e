import HeadroomKernel

/// The identity (`sweeps.uid`) of a sharded sweep: a digest of what the sweep runs and of how
/// many shards it is cut into.
///
/// Every machine that runs a shard of the same sweep computes the same value without talking to
/// the others, so `headroom merge` recognises their rows as one sweep. The shard's own index is
/// left out on purpose: shards 1 … N of one sweep share the identity. Anything that changes the
/// results (model text, grid, base overrides, replications, seed) or the partition (N) changes
/// it. An unsharded sweep gets a random identity instead, so that running the same grid twice
/// keeps two sweeps.
public enum SweepIdentity {
    /// 32 lowercase hex digits, the same format as the random identities of the store.
    ///
    /// Each field goes in with its length in UTF-8 bytes, so no two different field lists give
    /// the same text; the text is hashed twice with 64-bit FNV-1a from two bases and each hash
    /// finished with SplitMix64 (``StableHash``) for 128 bits. Not cryptographic: it guards
    /// against accidents, not against someone forging a sweep.
    ///
    /// - parameters:
    ///   - modelText: the model file's full text as stored with the sweep.
    ///   - gridJSON: the axes as ``SweepGrid/json(_:)`` writes them.
    ///   - baseOverrides: the overrides every point shares, in order.
    ///   - replications: replications per point.
    ///   - seed: the base seed (replication r of every point runs with seed + r).
    ///   - shardCount: N of `--shard I/N`.
    public static func uid(
        modelText: String, gridJSON: String, baseOverrides: [String], replications: Int, seed: UInt64,
        shardCount: Int
    ) -> String {
        var fields = ["headroom-sweep-1", modelText, gridJSON, String(baseOverrides.count)]
        fields += baseOverrides
        fields += [String(replications), String(seed), String(shardCount)]
        let text = fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "\n")
        let high = StableHash.mix(StableHash.fnv1a(text))
        // A second basis (FNV's offset basis with its bits flipped) for the low half.
        let low = StableHash.mix(StableHash.fnv1a(text, basis: ~0xcbf2_9ce4_8422_2325))
        return hex(high) + hex(low)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
