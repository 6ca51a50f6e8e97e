import HeadroomAnalysis
import Testing

/// Relative agreement within `tolerance` (absolute near 0).
private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= tolerance * Swift.max(abs(a), abs(b), 1)
}

@Suite("M/M/1 closed forms")
struct MM1Tests {
    /// λ = 0.8, μ = 1 (docs/theory.md §2): W = 1/(μ − λ) = 5, Wq = ρ/(μ − λ) = 4,
    /// L = ρ/(1 − ρ) = 4, Lq = ρ²/(1 − ρ) = 3.2, p99 = ln(100)/0.2 = 23.0258509299404556.
    @Test func textbookNumbers() {
        let q = MM1(lambda: 0.8, mu: 1)
        #expect(close(q.rho, 0.8))
        #expect(close(q.meanResponse, 5))
        #expect(close(q.meanWait, 4))
        #expect(close(q.meanInSystem, 4))
        #expect(close(q.meanInQueue, 3.2))
        #expect(close(q.probabilityOfWaiting, 0.8))
        #expect(close(q.responseQuantile(0.99), 23.025_850_929_940_456))
        #expect(close(q.responseQuantile(0.5), 5 * 0.693_147_180_559_945_3))  // median ln 2/(μ − λ)
        #expect(close(q.responseCDF(q.responseQuantile(0.9)), 0.9))
        #expect(q.responseQuantile(0) == 0)
        #expect(q.responseQuantile(1) == .infinity)
    }

    @Test func scalesWithTheTimeUnit() {
        // Same queue in milliseconds: λ = 800/s, μ = 1000/s → W = 5 ms.
        let q = MM1(lambda: 800, mu: 1000)
        #expect(close(q.meanResponse, 0.005))
        #expect(close(q.meanInSystem, 4))
    }

    @Test func unstableQueueReportsInfinity() {
        let q = MM1(lambda: 1, mu: 1)
        #expect(!q.isStable)
        #expect(q.meanResponse == .infinity)
        #expect(q.meanInQueue == .infinity)
        #expect(q.responseQuantile(0.5) == .infinity)
        #expect(q.utilization == 1)
        #expect(q.throughput == 1)
    }

    @Test func emptyQueueIsPureService() {
        let q = MM1(lambda: 0, mu: 2)
        #expect(q.meanResponse == 0.5)
        #expect(q.meanWait == 0)
        #expect(q.meanInSystem == 0)
    }
}
