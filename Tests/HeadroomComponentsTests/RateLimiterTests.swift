import HeadroomComponents
import HeadroomKernel
import Testing

/// The rate limiter against an independent token bucket (a hand-written simulation of tokens, not
/// the engine's GCRA) and against queueing theory (docs/theory.md §7.4).
@Suite struct RateLimiterTests {
    /// A limiter in front of an instant station, arrivals every `gap` seconds (or Poisson).
    func spec(_ limiter: RateLimiterSpec, interarrival: Distribution, duration: Double, warmup: Double = 0,
              seed: UInt64 = 1) -> SimulationSpec {
        SimulationSpec(
            name: "limited", duration: duration, warmup: warmup, seed: seed,
            components: [
                ComponentSpec(name: "limit", kind: .rateLimiter(limiter)),
                ComponentSpec(name: "s", kind: .station(StationSpec(name: "s", servers: 1_000))),
            ],
            classes: [ClassSpec(name: "web", interarrival: interarrival, steps: [
                .limit(limiter: 0), .visit(station: 1, service: .constant(0.001)),
            ])]
        )
    }

    /// The classic token bucket, step by step: tokens accrue at `rate` up to `burst` (full at the
    /// start); an arrival takes one whole token or is rejected. Returns how many got through.
    func tokenBucket(arrivals: [Double], rate: Double, burst: Int) -> Int {
        var tokens = Double(burst)
        var last = 0.0
        var admitted = 0
        for t in arrivals {
            tokens = min(Double(burst), tokens + (t - last) * rate)
            last = t
            // A hair below one token is one token: the bucket and GCRA differ only in rounding.
            if tokens >= 1 - 1e-9 {
                tokens -= 1
                admitted += 1
            }
        }
        return admitted
    }

    @Test(arguments: [(0.25, 1.0, 3), (0.1, 2.0, 1), (0.3, 3.0, 5), (0.05, 0.5, 10)])
    func rejectMatchesATokenBucket(gap: Double, rate: Double, burst: Int) throws {
        // Not a multiple of any gap, so the last arrival is clear of the end.
        let duration = 60.013
        let result = Simulation.run(spec(
            RateLimiterSpec(rate: rate, burst: burst), interarrival: .constant(gap), duration: duration
        ))
        let arrivals = (1...Int((duration / gap).rounded(.down))).map { Double($0) * gap }.filter { $0 <= duration }
        let expected = tokenBucket(arrivals: arrivals, rate: rate, burst: burst)
        let limiter = try #require(result.components.first { $0.name == "limit" })
        #expect(limiter.metrics["admitted"] == Double(expected))
        #expect(limiter.metrics["rejected"] == Double(arrivals.count - expected))
        #expect(result.requests.rejected == UInt64(arrivals.count - expected))
        #expect(limiter.metrics["held"] == 0)
    }

    /// Poisson arrivals at λ, burst 1, reject: a request gets through when at least T = 1/rate has
    /// passed since the last one that did, so the let-through share is 1 / (1 + λT). Within 2 %
    /// (about 100,000 arrivals a seed), three seeds.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func rejectLetsThroughOneOverOnePlusLambdaT(seed: UInt64) throws {
        let lambda = 50.0, rate = 40.0
        let result = Simulation.run(spec(
            RateLimiterSpec(rate: rate), interarrival: .exponential(mean: 1 / lambda), duration: 2_000, warmup: 10,
            seed: seed
        ))
        let limiter = try #require(result.components.first { $0.name == "limit" })
        let share = 1 - (limiter.metrics["rejected_share"] ?? 1)
        let theory = 1 / (1 + lambda / rate)
        #expect(abs(share - theory) / theory < 0.02, "let through \(share), theory \(theory)")
    }

    /// Poisson arrivals at λ, burst 1, queue without a limit: holds follow Lindley's recursion of
    /// an M/D/1 queue with service T, so the mean hold is ρT / (2(1 − ρ)) with ρ = λT. Within 5 %,
    /// three seeds; nothing is rejected.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func queueHoldsAsAnMD1Waits(seed: UInt64) throws {
        let lambda = 30.0, rate = 40.0
        let result = Simulation.run(spec(
            RateLimiterSpec(rate: rate, policy: .queue), interarrival: .exponential(mean: 1 / lambda),
            duration: 4_000, warmup: 100, seed: seed
        ))
        let limiter = try #require(result.components.first { $0.name == "limit" })
        let t = 1 / rate, rho = lambda * t
        let theory = rho * t / (2 * (1 - rho))
        let hold = try #require(limiter.metrics["hold_mean"])
        #expect(abs(hold - theory) / theory < 0.05, "mean hold \(hold), M/D/1 \(theory)")
        #expect(limiter.metrics["rejected"] == 0)
        #expect(abs((limiter.metrics["usage"] ?? 0) - rho) < 0.02)
    }

    /// Queue with `maxWait`: D arrivals twice as fast as the rate. Request n (from 1) at n·gap
    /// conforms at (n − 1)·T, so it is held (n − 1)·T − n·gap; the first whose hold would pass
    /// `maxWait` is rejected, and so is every later one that would (a rejection takes no token).
    @Test func queueRejectsWhatWouldWaitTooLong() throws {
        let gap = 0.5, t = 1.0, maxWait = 2.0, duration = 20.0
        let result = Simulation.run(spec(
            RateLimiterSpec(rate: 1 / t, policy: .queue, maxWait: maxWait), interarrival: .constant(gap),
            duration: duration
        ))
        // Worked independently: conformance times of those let through, in arrival order.
        var next = 0.0, admitted = 0, rejected = 0, holds = 0.0
        for n in 1...Int(duration / gap) {
            let arrival = Double(n) * gap
            let conform = max(next, arrival)
            if conform - arrival > maxWait { rejected += 1; continue }
            admitted += 1
            holds += conform - arrival
            next = conform + t
        }
        let limiter = try #require(result.components.first { $0.name == "limit" })
        #expect(limiter.metrics["rejected"] == Double(rejected))
        #expect(limiter.metrics["admitted"] == Double(admitted))
        #expect(abs((limiter.metrics["hold_mean"] ?? 0) - holds / Double(admitted)) < 1e-9)
        #expect(rejected > 0 && admitted > 0)
    }
}
