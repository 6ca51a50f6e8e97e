import HeadroomAnalysis
import Testing

/// Relative agreement within `tolerance` (absolute near 0).
private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= tolerance * Swift.max(abs(a), abs(b), 1)
}

@Suite("M/M/1/K and M/M/c/K")
struct FiniteQueueTests {
    /// M/M/1/10 at ρ = 0.9 (λ = 0.9, μ = 1): P_K = 0.1·0.9¹⁰/(1 − 0.9¹¹) = 0.0508137, and from the
    /// distribution (mpmath, 30 digits) L = 3.969441, W = 4.646601, Wq = 3.646601.
    @Test func mm1kTextbookNumbers() {
        let q = MM1K(lambda: 0.9, mu: 1, K: 10)
        #expect(close(q.blockingProbability, 0.050_813_731_327_412_396))
        #expect(close(q.probabilities[0], 0.145_732_358_194_671_14))
        #expect(close(q.probabilities.reduce(0, +), 1))
        #expect(close(q.throughput, 0.9 * (1 - 0.050_813_731_327_412_396)))
        #expect(close(q.meanInSystem, 3.969_440_598_586_173_8))
        #expect(close(q.meanInQueue, 3.115_172_956_780_844_9))
        #expect(close(q.meanResponse, 4.646_600_672_123_705_2))
        #expect(close(q.meanWait, 3.646_600_672_123_705_2))
        #expect(close(q.utilization, q.throughput / q.mu))
    }

    @Test func mm1kAtAndAroundRhoOne() {
        let q = MM1K(lambda: 2, mu: 2, K: 4)
        #expect(q.probabilities.allSatisfy { close($0, 0.2) })
        #expect(close(q.meanInSystem, 2))
        // Continuous through ρ = 1, where the closed form is 0/0.
        for rho in [1 - 1e-10, 1 + 1e-10, 1 - 1e-6, 1 + 1e-6] {
            let near = MM1K(lambda: rho, mu: 1, K: 4)
            #expect(close(near.blockingProbability, 0.2, 1e-5), "ρ = \(rho)")
        }
    }

    @Test func mm1kOverloadedAndLarge() {
        // ρ = 1.5, K = 2000: ρ^K overflows, yet P_K → 1 − 1/ρ = 1/3 (every arrival beyond μ is lost).
        let q = MM1K(lambda: 1.5, mu: 1, K: 2000)
        #expect(close(q.blockingProbability, 1.0 / 3, 1e-12))
        #expect(close(q.throughput, 1, 1e-12))
        #expect(q.probabilities.allSatisfy { $0.isFinite && $0 >= 0 })
    }

    @Test func mm1kAgreesWithTheBirthDeathChain() {
        for (lambda, K) in [(0.5, 1), (0.9, 10), (1.0, 7), (3.0, 5), (1.5, 300)] {
            let a = MM1K(lambda: lambda, mu: 1, K: K)
            let b = MMcK(lambda: lambda, mu: 1, c: 1, K: K)
            for n in 0...K { #expect(close(a.probabilities[n], b.probabilities[n], 1e-11)) }
            #expect(close(a.meanResponse, b.meanResponse, 1e-11))
            #expect(close(a.meanWait, b.meanWait, 1e-11))
        }
    }

    /// M/M/2/5 with λ = 3, μ = 2, worked by hand from the chain (mpmath): P_5 = 0.0851138,
    /// L = 2.005954, Lq = 0.633625, W = 0.730858, Wq = 0.230858.
    @Test func mmckTextbookNumbers() {
        let q = MMcK(lambda: 3, mu: 2, c: 2, K: 5)
        #expect(close(q.blockingProbability, 0.085_113_835_376_532_399))
        #expect(close(q.probabilities[0], 0.179_334_500_875_657))
        #expect(close(q.meanInSystem, 2.005_954_465_849_387))
        #expect(close(q.meanInQueue, 0.633_625_218_914_185_64))
        #expect(close(q.meanResponse, 0.730_857_580_398_162_33))
        #expect(close(q.meanWait, 0.230_857_580_398_162_33))
        #expect(close(q.meanBusyServers, q.throughput / q.mu))
        #expect(close(q.meanResponse - q.meanWait, 1 / q.mu))
    }

    @Test func lossSystemIsErlangB() {
        for (c, a) in [(1, 0.5), (5, 3.0), (10, 7.0), (50, 60.0)] {
            let q = MMcK(lambda: a, mu: 1, c: c, K: c)
            #expect(close(q.blockingProbability, QueueingTheory.erlangB(c: c, a: a), 1e-12), "c = \(c), a = \(a)")
            #expect(q.meanWait == 0)
            #expect(q.probabilityOfWaiting == 0)
        }
    }

    @Test func largeBufferApproachesMMc() {
        let finite = MMcK(lambda: 3.2, mu: 1, c: 4, K: 400)
        let infinite = MMc(lambda: 3.2, mu: 1, c: 4)
        #expect(finite.blockingProbability < 1e-30)
        #expect(close(finite.meanWait, infinite.meanWait, 1e-12))
        #expect(close(finite.meanInSystem, infinite.meanInSystem, 1e-12))
        #expect(close(finite.probabilityOfWaiting, infinite.erlangC, 1e-12))
    }

    @Test func noArrivals() {
        let q = MMcK(lambda: 0, mu: 2, c: 3, K: 6)
        #expect(q.probabilities[0] == 1)
        #expect(q.meanResponse == 0.5)
        #expect(q.meanWait == 0)
        #expect(MM1K(lambda: 0, mu: 2, K: 3).blockingProbability == 0)
    }
}
