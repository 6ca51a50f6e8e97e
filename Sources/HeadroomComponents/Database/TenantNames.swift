import HeadroomKernel

/// Realistic tenant names and the shard each router gives them.
///
/// The seed's naive router takes `charCode(tenant[0]) % N`; whether that is skewed depends on
/// what names look like, so tenants get names like real SaaS customers': company names whose
/// first letters follow their uneven frequency (many s, c, m, b, p; few q, x, z). Tenant i is
/// the i-th most active (popularity is by index).
public enum TenantNames {
    /// Name stems, spread over initial letters roughly as company names are.
    static let stems = [
        "acme", "apex", "atlas", "aurora", "axis", "beacon", "blue", "bright", "brook", "byte",
        "cascade", "cedar", "cloud", "core", "crest", "crown", "cyber", "delta", "digital", "dyna",
        "eagle", "echo", "edge", "fusion", "falcon", "first", "global", "green", "grid", "harbor",
        "helix", "horizon", "icon", "insight", "iron", "jade", "keystone", "kinetic", "lumen", "lunar",
        "magna", "maple", "matrix", "meridian", "metro", "micro", "mosaic", "nexus", "north", "nova",
        "omega", "orbit", "pacific", "peak", "pilot", "pine", "pixel", "prime", "pulse", "quantum",
        "radiant", "rapid", "red", "river", "rocket", "sage", "sierra", "silver", "smart", "solar",
        "spark", "sphere", "star", "stone", "summit", "swift", "terra", "titan", "trend", "true",
        "union", "unity", "vector", "venture", "vertex", "vista", "wave", "west", "wise", "zen",
        "sun", "sky", "sea", "shift", "snap", "source", "spring", "square", "stack", "stream",
        "cardinal", "cobalt", "compass", "coral", "copper", "canyon", "capital", "carbon", "central", "citadel",
        "merit", "mint", "mobile", "momentum", "monarch", "bold", "bloom", "bridge", "boulder", "bay",
        "pioneer", "planet", "polar", "portal", "premier", "pro", "harvest", "hub", "ideal", "lake",
    ]
    static let suffixes = ["", "labs", "soft", "works", "tech", "data", "hq", "io", "systems", "group"]

    /// The name of tenant `index` (0-based): a stem and a suffix, unique for every index.
    ///
    /// Index i maps to combination (i × 7919) mod (stems × suffixes), a bijection (7919 is a
    /// prime that divides neither count), so consecutive tenants get unrelated names; past all
    /// combinations a round number is appended.
    public static func name(_ index: Int) -> String {
        let combinations = stems.count * suffixes.count
        let mixed = (index % combinations) * 7919 % combinations
        let round = index / combinations
        return stems[mixed / suffixes.count] + suffixes[mixed % suffixes.count] + (round == 0 ? "" : String(round))
    }

    /// The shard of tenant `index` of `count` under `router` with `shards` shards.
    public static func shard(tenant index: Int, of count: Int, router: ShardRouter, shards: Int) -> Int {
        let name = name(index)
        switch router {
        case .hash:
            return Int(StableHash.mix(StableHash.fnv1a(name)) % UInt64(shards))
        case .tenant:
            return index % shards
        case .range:
            // Alphabet ranges by first letter, a–z split into equal parts.
            let letter = Int(name.utf8.first! &- UInt8(ascii: "a"))
            return min(max(letter, 0) * shards / 26, shards - 1)
        case .firstChar:
            return Int(name.utf8.first!) % shards
        }
    }

    /// The shard of key `key` of `count` (requests without tenants) under `router`.
    public static func shard(key: Int, of count: Int, router: ShardRouter, shards: Int) -> Int {
        switch router {
        case .hash, .firstChar:
            return Int(StableHash.mix(UInt64(key)) % UInt64(shards))
        case .tenant:
            return key % shards
        case .range:
            return min(key * shards / max(count, 1), shards - 1)
        }
    }
}
