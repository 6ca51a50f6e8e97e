/// A hash of bytes that is the same on every machine and in every process.
///
/// Swift's `Hasher` is seeded per process, so it cannot name random streams or fingerprint
/// models. This is FNV-1a over 64 bits (Fowler, Noll, Vo), finished with SplitMix64's mixer so
/// that similar names give unrelated values.
public enum StableHash {
    /// FNV-1a, 64 bits, of the UTF-8 bytes of `text`, without the final mix.
    @inlinable
    public static func fnv1a(_ text: String, basis: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = basis
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// SplitMix64's finaliser: a bijection on 64 bits with good avalanche.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A stable 64-bit digest of `text`, printed as 16 lowercase hex digits.
    public static func hexDigest(_ text: String) -> String {
        let value = mix(fnv1a(text))
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
