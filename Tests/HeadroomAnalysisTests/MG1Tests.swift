import HeadroomAnalysis
import HeadroomKernel
import Testing

/// Relative agreement within `tolerance` (absolute near 0).
private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= tolerance * Swift.max(abs(a), abs(b), 1)
}

@Suite("M/G/1 Pollaczek–Khinchine")
struct MG1Tests {
    /// M/D/1 at ρ = 0.8 with service 1 s: Wq = ρ/(2(1 − ρ))·E[S] = 0.8/0.4 = 2 s.
    @Test func deterministicService() {
        let q = MG1(lambda: 0.8, meanService: 1, scv: 0)
        #expect(close(q.meanWait, 2))
        #expect(close(q.meanResponse, 3))
        #expect(close(q.meanInQueue, 1.6))
        #expect(close(q.meanInSystem, 2.4))
        #expect(close(MG1(lambda: 0.8, service: .constant(1)).meanWait, 2))
    }

    @Test func exponentialServiceIsMM1() {
        for (lambda, mean) in [(0.8, 1.0), (50.0, 0.01), (0.1, 9.0)] {
            let g = MG1(lambda: lambda, service: .exponential(mean: mean))
            let m = MM1(lambda: lambda, mu: 1 / mean)
            #expect(close(g.meanWait, m.meanWait))
            #expect(close(g.meanResponse, m.meanResponse))
            #expect(close(g.meanInSystem, m.meanInSystem))
        }
    }

    @Test func serviceFromADistribution() {
        // Erlang-2, SCV ½: Wq = 0.8·1.5/(2·0.2) = 3 s.
        #expect(close(MG1(lambda: 0.8, service: .erlang(k: 2, mean: 1)).meanWait, 3))
        // Lognormal with SCV 4 (mean 1, sd 2): Wq = 0.8·5/0.4 = 10 s.
        #expect(close(MG1(lambda: 0.8, service: .lognormal(mean: 1, sd: 2)).meanWait, 10, 1e-11))
        // Pareto with shape 2 has infinite variance: so has the wait.
        #expect(MG1(lambda: 0.1, service: .pareto(shape: 2, scale: 1)).meanWait == .infinity)
    }

    @Test func unstable() {
        let q = MG1(lambda: 2, meanService: 0.5, scv: 0)
        #expect(!q.isStable)
        #expect(q.meanWait == .infinity)
        #expect(q.throughput == 2)
    }
}
