import HeadroomKernel
import Testing

@Suite("RandomStream")
struct RandomStreamTests {
    /// Reference outputs from a Python transcription of the published C code (SplitMix64 to fill
    /// the state, then xoshiro256**), which reproduces Vigna's vector for the state (1, 2, 3, 4):
    /// 11520, 0, 1509978240, 1215971899390074240.
    @Test func matchesTheReferenceGenerator() {
        var zero = RandomStream(rawSeed: 0)
        #expect((0..<4).map { _ in zero.next() } == [
            0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a, 0x1a5f_849d_4933_e6e0, 0x6aa5_94f1_262d_2d2c,
        ])
        var fortyTwo = RandomStream(rawSeed: 42)
        #expect((0..<4).map { _ in fortyTwo.next() } == [
            0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e, 0xae17_5332_39e4_99a1, 0xecb8_ad47_03b3_60a1,
        ])
    }

    /// Pins the (seed, name) derivation: changing it would silently change every run's draws.
    @Test func namedStreamDerivationIsPinned() {
        var rng = RandomStream(seed: 42, name: "arrivals")
        #expect((0..<4).map { _ in rng.next() } == [
            0xa00e_e881_8062_bd90, 0xd7c5_a57a_54b7_c7f2, 0xad2f_4fb3_fe78_6df7, 0x1c76_211d_f81d_f7fb,
        ])
    }

    @Test func sameSeedAndNameGiveTheSameSequence() {
        var a = RandomStream(seed: 7, name: "db.primary")
        var b = RandomStream(seed: 7, name: "db.primary")
        for _ in 0..<10_000 { #expect(a.next() == b.next()) }
    }

    @Test func differentNamesOrSeedsGiveDifferentSequences() {
        let names = ["db.primary", "db.replica", "db.primary ", "lb", "cache", "", "a", "b"]
        var firsts = Set<[UInt64]>()
        for seed: UInt64 in [0, 1, 2] {
            for name in names {
                var rng = RandomStream(seed: seed, name: name)
                firsts.insert((0..<4).map { _ in rng.next() })
            }
        }
        #expect(firsts.count == 3 * names.count)
        // And the streams are not shifted copies of one another: no overlap in the first 10,000.
        var a = RandomStream(seed: 7, name: "db.primary")
        var b = RandomStream(seed: 7, name: "db.replica")
        let fromA = Set((0..<10_000).map { _ in a.next() })
        let fromB = (0..<10_000).map { _ in b.next() }
        #expect(fromB.allSatisfy { !fromA.contains($0) })
    }

    /// 1,000,000 draws: mean within 5 SE of ½ (SE = √(1/12)/√n ≈ 2.9e−4), variance within 5 SE of
    /// 1/12 (SE = √((1/80 − 1/144)/n) ≈ 7.5e−5, from the uniform's fourth central moment 1/80).
    @Test func openUnitIsStrictlyInsideAndUniform() {
        var rng = RandomStream(seed: 3, name: "unit")
        let n = 1_000_000
        var sum = 0.0
        var sumSquares = 0.0
        var inside = true
        var buckets = [Int](repeating: 0, count: 10)
        for _ in 0..<n {
            let u = rng.nextOpenUnit()
            inside = inside && u > 0 && u < 1
            sum += u
            sumSquares += u * u
            buckets[Int(u * 10)] += 1
        }
        #expect(inside)
        let mean = sum / Double(n)
        let variance = (sumSquares - Double(n) * mean * mean) / Double(n - 1)
        #expect(abs(mean - 0.5) <= 5 * (1.0 / 12 / Double(n)).squareRoot())
        #expect(abs(variance - 1.0 / 12) <= 5 * ((1.0 / 80 - 1.0 / 144) / Double(n)).squareRoot())
        // Each tenth gets 10 % of the draws, within 5 binomial SE (SE = √(0.09/n) = 3e−4).
        for count in buckets { #expect(abs(Double(count) / Double(n) - 0.1) <= 5 * 0.0003) }
    }

    @Test func openUnitExtremesAreNeitherZeroNorOne() {
        // The generator's extremes are (0 + ½)/2⁵² and (2⁵² − ½)/2⁵²: both strictly inside (0, 1).
        let smallest = Double(UInt64(0) >> 12) * 0x1p-52 + 0x1p-53
        let largest = Double(UInt64.max >> 12) * 0x1p-52 + 0x1p-53
        #expect(smallest > 0)
        #expect(largest < 1)
    }

    @Test func worksAsASystemRandomNumberGenerator() {
        var a = RandomStream(seed: 5, name: "shuffle")
        var b = RandomStream(seed: 5, name: "shuffle")
        #expect(Array(0..<100).shuffled(using: &a) == Array(0..<100).shuffled(using: &b))
        let x = Int.random(in: 0..<10, using: &a)
        #expect((0..<10).contains(x))
    }
}

@Suite("StableHash")
struct RandomStreamStableHashTests {
    /// Published FNV-1a 64-bit test vectors (Fowler, Noll and Vo's test suite).
    @Test(arguments: [
        ("", UInt64(0xcbf2_9ce4_8422_2325)),
        ("a", 0xaf63_dc4c_8601_ec8c),
        ("foobar", 0x8594_4171_f739_67e8),
    ])
    func fnv1aMatchesPublishedVectors(text: String, expected: UInt64) {
        #expect(StableHash.fnv1a(text) == expected)
    }

    @Test func hashesUTF8Bytes() {
        // "é" is two UTF-8 bytes, C3 A9; composed and decomposed forms are different byte strings.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte: UInt8 in [0xc3, 0xa9] { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        #expect(StableHash.fnv1a("\u{e9}") == h)
    }

    @Test func mixIsSplitMix64() {
        // SplitMix64 seeded with 0 first outputs 0xe220a8397b1dcdaf; `mix` is that finaliser.
        #expect(StableHash.mix(0) == 0xe220_a839_7b1d_cdaf)
    }

    @Test func hexDigestIsSixteenLowercaseHexDigits() {
        #expect(StableHash.hexDigest("arrivals") == "ff296b98b6dbd2cb")
        var sawLeadingZero = false
        for i in 0..<500 {
            let name = "component-\(i)"
            let digest = StableHash.hexDigest(name)
            #expect(digest.count == 16)
            #expect(digest.allSatisfy { "0123456789abcdef".contains($0) })
            #expect(UInt64(digest, radix: 16) == StableHash.mix(StableHash.fnv1a(name)))
            sawLeadingZero = sawLeadingZero || digest.hasPrefix("0")
        }
        // About 1 in 16 digests starts with 0: the padding is exercised.
        #expect(sawLeadingZero)
        #expect(StableHash.hexDigest("model") == StableHash.hexDigest("model"))
        #expect(StableHash.hexDigest("model") != StableHash.hexDigest("model2"))
    }
}
