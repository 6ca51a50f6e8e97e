import HeadroomAnalysis
import HeadroomComponents
import Testing

/// Replications pool their latency percentiles from their full HDR histograms: exactly what one
/// histogram of all their requests gives, not the upper edge of a 1 % bin.
@Suite struct PooledPercentileTests {
    static func mm1(seed: UInt64) -> SimulationSpec {
        SimulationSpec(
            name: "mm1", duration: 20_000, warmup: 1_000, seed: seed, stations: [StationSpec(name: "s")],
            classes: [ClassSpec(name: "r", rate: 0.8, steps: [.visit(station: 0, service: .exponential(mean: 1))])])
    }

    /// A run pooled with itself holds the same requests twice: every percentile is the run's own,
    /// to the bit (the 1 % bins alone would read up to 1 % high). Several seeds.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func aRunPooledWithItselfKeepsItsPercentiles(seed: UInt64) {
        let run = Simulation.run(Self.mm1(seed: seed))
        #expect(!run.fineHistogram.isEmpty)
        let pooled = RunResult.pooled([run, run])
        #expect(pooled.latency.p50 == run.latency.p50)
        #expect(pooled.latency.p90 == run.latency.p90)
        #expect(pooled.latency.p99 == run.latency.p99)
        #expect(pooled.latency.p999 == run.latency.p999)
        #expect(pooled.classes[0].latency.p99 == run.classes[0].latency.p99)
        #expect(pooled.latency.count == 2 * run.latency.count)
    }

    /// Against a brute-force nearest-rank percentile over the expanded sample of two hand-made
    /// histograms (the value at rank ⌈p·n⌉ of the sorted sample).
    @Test func poolingMatchesTheSortedSample() {
        func result(_ buckets: [(Double, UInt64)]) -> RunResult {
            var latency = LatencySummary()
            latency.count = buckets.reduce(0) { $0 + $1.1 }
            var r = RunResult(
                model: "m", seed: 1, status: .ok, statusReason: nil, simulatedSeconds: 1, warmupSeconds: 0, events: 0,
                requests: RequestCounts(), throughput: 0, latency: latency, classes: [], components: [],
                histogram: buckets.map { HistogramBucket(seconds: $0.0, count: $0.1) })
            r.fineHistogram = r.histogram
            return r
        }
        let a = result([(0.1, 50), (0.2, 30), (1.5, 15), (4.0, 5)])
        let b = result([(0.1, 10), (0.3, 60), (2.0, 25), (9.0, 5)])
        var sample: [Double] = []
        for bucket in a.fineHistogram + b.fineHistogram { sample += Array(repeating: bucket.seconds, count: Int(bucket.count)) }
        sample.sort()
        func rank(_ p: Double) -> Double { sample[Int((p / 100 * Double(sample.count)).rounded(.up)) - 1] }
        let pooled = RunResult.pooled([a, b])
        #expect(pooled.latency.p50 == rank(50))
        #expect(pooled.latency.p90 == rank(90))
        #expect(pooled.latency.p99 == rank(99))
    }

    /// Results read back from a store carry no full histogram: pooling falls back to the 1 % bins.
    @Test func storedResultsFallBackToTheBins() {
        var run = Simulation.run(Self.mm1(seed: 4))
        run.fineHistogram = []
        let pooled = RunResult.pooled([run, run])
        #expect(pooled.fineHistogram.isEmpty)
        #expect(pooled.latency.p99 >= run.latency.p99)
        #expect(pooled.latency.p99 <= run.latency.p99 * 1.0101)
    }
}
