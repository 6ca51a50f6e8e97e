/// One independent stream of pseudo-random numbers, named and seeded.
///
/// The generator is xoshiro256** (Blackman and Vigna, 2018): 256 bits of state, period 2^256 − 1,
/// about a nanosecond a draw. Each component and each traffic class owns one stream derived from
/// (run seed, stable name), so adding or resizing one component leaves every other stream — and so
/// every other component's draws — unchanged: common random numbers across what-if variants.
public struct RandomStream: RandomNumberGenerator, Sendable, BitwiseCopyable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// The stream for `name` in a run seeded with `seed`.
    ///
    /// The state is filled by SplitMix64 from a stable hash of the name mixed with the seed, as the
    /// xoshiro authors recommend; the state can never be all zero.
    public init(seed: UInt64, name: String) {
        self.init(rawSeed: StableHash.mix(seed) ^ StableHash.fnv1a(name))
    }

    /// A stream seeded directly from 64 bits (tests and derived streams).
    public init(rawSeed: UInt64) {
        var x = rawSeed
        func next() -> UInt64 {
            x &+= 0x9e37_79b9_7f4a_7c15
            var z = x
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        s0 = next(); s1 = next(); s2 = next(); s3 = next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// The next 64 random bits.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform double in the open interval (0, 1): never 0, never 1, so `log(u)` is finite.
    ///
    /// Uses the top 52 bits: (k + 0.5) / 2^52 for k in 0 ..< 2^52.
    @inlinable @inline(__always)
    public mutating func nextOpenUnit() -> Double {
        Double(next() >> 12) * 0x1p-52 + 0x1p-53
    }

    @inlinable @inline(__always)
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 &- k))
    }
}
