import HeadroomAnalysis
import HeadroomComponents
import HeadroomKernel
import Testing

/// SaaS components against queueing theory. Each test builds a spec directly, fixes its seed,
/// and states its tolerance; run lengths give standard errors several times smaller than the
/// tolerance (release build: see README).
@Suite struct ComponentTheoryTests {
    static func relative(_ simulated: Double, _ expected: Double) -> Double { abs(simulated - expected) / expected }

    /// `replicas` single-thread, single-core app servers behind a load balancer; each request
    /// does Exp(1 s) of CPU.
    static func balanced(_ policy: BalancingPolicy, replicas: Int, rate: Double, duration: Double, seed: UInt64 = 1)
        -> SimulationSpec
    {
        SimulationSpec(
            name: "lb", duration: duration, warmup: duration / 100, seed: seed,
            components: [
                ComponentSpec(name: "lb", kind: .loadBalancer(LoadBalancerSpec(policy: policy, backend: 1))),
                ComponentSpec(name: "app", kind: .appServer(AppServerSpec(replicas: replicas, threads: 1, cores: 1))),
            ],
            classes: [ClassSpec(name: "r", rate: rate, steps: [.work(server: 1, service: .exponential(mean: 1))])])
    }

    /// Random routing splits a Poisson stream into k Poisson streams of λ/k: each replica is an
    /// M/M/1 queue. k = 3, λ = 2.4/s, μ = 1/s: ρ = 0.8, W = 5 s. 2.4 M requests; tolerance 3 %.
    @Test func randomRoutingIsKIndependentMM1Queues() {
        let result = Simulation.run(Self.balanced(.random, replicas: 3, rate: 2.4, duration: 1_000_000))
        let theory = MM1(lambda: 0.8, mu: 1)
        #expect(Self.relative(result.latency.mean, theory.meanResponse) < 0.03)
        let app = result.components[1]
        #expect(Self.relative(app.utilization, theory.utilization) < 0.01)
        for replica in app.resources where replica.name.hasSuffix("threads") {
            #expect(Self.relative(replica.utilization, 0.8) < 0.02, "\(replica.name)")
        }
        #expect(Self.relative(result.latency.p99, theory.responseQuantile(0.99)) < 0.05)
    }

    /// Round robin feeds each replica Erlang-k interarrivals, less variable than random's
    /// Poisson split, so waits are lower at the same load (docs/theory.md §9.2).
    @Test func roundRobinWaitsLessThanRandom() {
        let random = Simulation.run(Self.balanced(.random, replicas: 3, rate: 2.4, duration: 200_000))
        let roundRobin = Simulation.run(Self.balanced(.roundRobin, replicas: 3, rate: 2.4, duration: 200_000))
        #expect(roundRobin.latency.mean < 0.85 * random.latency.mean)
        #expect(Self.relative(roundRobin.components[1].utilization, 0.8) < 0.02)
    }

    /// Power of two choices beats random by far at high load (the supermarket model): at ρ = 0.9
    /// over 10 replicas its p99 is well below random's.
    @Test func powerOfTwoChoicesCutsTheTail() {
        let random = Simulation.run(Self.balanced(.random, replicas: 10, rate: 9, duration: 50_000))
        let twoChoices = Simulation.run(Self.balanced(.powerOfTwo, replicas: 10, rate: 9, duration: 50_000))
        let least = Simulation.run(Self.balanced(.leastConnections, replicas: 10, rate: 9, duration: 50_000))
        #expect(twoChoices.latency.p99 < 0.5 * random.latency.p99)
        #expect(least.latency.p99 <= twoChoices.latency.p99 * 1.05)
        // The supermarket model's mean (large N, d = 2) is an approximation for N = 10: within 25 %.
        let supermarket = QueueingTheory.powerOfChoicesResponse(rho: 0.9, choices: 2)
        #expect(Self.relative(twoChoices.latency.mean, supermarket) < 0.25)
    }

    /// A TTL cache under Poisson requests of rate r per key, unlimited capacity, no writes, entry
    /// set at the miss: hit ratio rT/(1 + rT). 100 keys, 100/s in all (r = 1/s), T = 2 s: 2/3.
    /// 1 M lookups: standard error about 0.05 %; tolerance 1 % relative.
    @Test func ttlCacheHitRatioMatchesTheory() {
        let spec = SimulationSpec(
            name: "ttl", duration: 10_000, warmup: 100, seed: 3,
            components: [ComponentSpec(name: "cache", kind: .cache(CacheSpec(ttl: 2, service: .constant(0), servers: 1)))],
            classes: [ClassSpec(name: "get", rate: 100, steps: [.cacheGet(cache: 0, hit: [], miss: [.cacheSet(cache: 0)])],
                                keys: Popularity(count: 100))])
        let result = Simulation.run(spec)
        let hitRate = result.components[0].metrics["hit_rate"]!
        #expect(Self.relative(hitRate, QueueingTheory.ttlCacheHitRatio(rate: 1, ttl: 2)) < 0.01)
        #expect(result.components[0].metrics["evictions"] == 0)
    }

    /// With invalidations at rate w per key the hit ratio is r(1 − e^{−wT}) / (w + r(1 − e^{−wT})).
    /// Reads 1/s and writes 0.25/s per key, T = 2 s.
    @Test func invalidationLowersTheHitRatioAsTheoryPredicts() {
        let spec = SimulationSpec(
            name: "ttl-writes", duration: 10_000, warmup: 100, seed: 4,
            components: [ComponentSpec(name: "cache", kind: .cache(CacheSpec(ttl: 2, service: .constant(0), servers: 1)))],
            classes: [
                ClassSpec(name: "get", rate: 100, steps: [.cacheGet(cache: 0, hit: [], miss: [.cacheSet(cache: 0)])],
                          keys: Popularity(count: 100)),
                ClassSpec(name: "update", rate: 25, steps: [.invalidate(cache: 0)], keys: Popularity(count: 100)),
            ])
        let result = Simulation.run(spec)
        let expected = QueueingTheory.ttlCacheHitRatio(rate: 1, ttl: 2, invalidationRate: 0.25)
        #expect(Self.relative(result.components[0].metrics["hit_rate"]!, expected) < 0.01)
        #expect(result.components[0].metrics["invalidations"]! > 0)
    }

    /// A bounded LRU cache holds at most its capacity and evicts; Zipf popularity keeps the hot
    /// keys, so its hit rate stays well above the uniform share capacity/keys.
    @Test func lruCapacityEvictsAndKeepsHotKeys() {
        let spec = SimulationSpec(
            name: "lru", duration: 2_000, warmup: 100, seed: 5,
            components: [ComponentSpec(name: "cache", kind: .cache(CacheSpec(ttl: 3600, capacity: 100, service: .constant(0))))],
            classes: [ClassSpec(name: "get", rate: 500, steps: [.cacheGet(cache: 0, hit: [], miss: [.cacheSet(cache: 0)])],
                                keys: Popularity(count: 10_000, zipf: 1.1))])
        let cache = Simulation.run(spec).components[0]
        #expect(cache.metrics["entries"]! <= 100)
        #expect(cache.metrics["evictions"]! > 0)
        #expect(cache.metrics["hit_rate"]! > 0.3)  // uniform keys would give 1 %
    }

    /// A pool of c connections in front of a database with exponential query time (and cores to
    /// spare) is an M/M/c queue with c = pool size: M/M/4 at ρ = 0.8, W ≈ 1.7455 s. Tolerance 2 %.
    @Test func poolInFrontOfDatabaseIsMMc() {
        let spec = SimulationSpec(
            name: "pool", duration: 500_000, warmup: 1_000, seed: 6,
            components: [
                ComponentSpec(name: "pool", kind: .pool(PoolSpec(size: 4))),
                ComponentSpec(name: "db", kind: .database(DatabaseSpec(cores: 64))),
            ],
            classes: [ClassSpec(name: "q", rate: 3.2, steps: [
                .hold(pool: 0, steps: [.read(database: 1, service: .exponential(mean: 1), consistent: true)]),
            ])])
        let result = Simulation.run(spec)
        let theory = MMc(lambda: 3.2, mu: 1, c: 4)
        #expect(Self.relative(result.latency.mean, theory.meanResponse) < 0.02)
        let pool = result.components[0]
        #expect(Self.relative(pool.metrics["usage"]!, 0.8) < 0.01)
        #expect(Self.relative(pool.metrics["in_use"]! + pool.metrics["idle"]!, 4) < 1e-9)
        #expect(Self.relative(pool.metrics["waiting"]!, theory.meanInQueue) < 0.03)
    }

    /// An app server with one thread and no backlog rejects every request that finds it busy:
    /// an M/M/1/1 loss system, blocking = Erlang B(1, a) = a/(1 + a). a = 0.5: 1/3. Tolerance 2 %.
    @Test func fullBacklogRejectsLikeErlangB() {
        let spec = SimulationSpec(
            name: "backlog", duration: 200_000, warmup: 100, seed: 7,
            components: [ComponentSpec(name: "app", kind: .appServer(AppServerSpec(replicas: 1, threads: 1, cores: 1, backlog: 0)))],
            classes: [ClassSpec(name: "r", rate: 0.5, steps: [.work(server: 0, service: .exponential(mean: 1))])])
        let result = Simulation.run(spec)
        let blocking = Double(result.requests.rejected) / Double(result.requests.arrived)
        #expect(Self.relative(blocking, QueueingTheory.erlangB(c: 1, a: 0.5)) < 0.02)
    }

    /// Jobs that fail with probability f and get n attempts make (1 − fⁿ)/(1 − f) attempts each
    /// on average, and fⁿ of them end in the dead-letter queue. f = 0.3, n = 3. Tolerance 2 %.
    @Test func retriesAndDeadLettersMatchTheory() {
        let spec = SimulationSpec(
            name: "jobs", duration: 100_000, warmup: 100, seed: 8,
            components: [ComponentSpec(name: "jobs", kind: .queue(QueueSpec(
                workers: 4, job: [.delay(.exponential(mean: 0.1))], failure: 0.3, attempts: 3, backoff: .constant(0.5))))],
            classes: [ClassSpec(name: "api", rate: 2, steps: [.enqueue(queue: 0)])])
        let result = Simulation.run(spec)
        let q = result.components[0].metrics
        let finished = q["jobs_completed"]! + q["dead_letters"]!
        let attempts = (finished + q["retries"]!) / finished
        #expect(Self.relative(attempts, QueueingTheory.expectedAttempts(failureProbability: 0.3, maxAttempts: 3)) < 0.02)
        #expect(Self.relative(q["dead_letters"]! / finished, 0.027) < 0.1)
        // The API request returns at once: it does not wait for its job.
        #expect(result.latency.max == 0)
    }

    /// A replica read of a key written less than the lag ago is stale. Writes are Poisson at w
    /// per key and the lag is a constant L, so a read is stale with probability 1 − e^{−wL}.
    /// w = 0.5/s, L = 0.2 s: 0.0952. Tolerance 5 % relative.
    @Test func staleReadsFollowReplicationLag() {
        let spec = SimulationSpec(
            name: "lag", duration: 20_000, warmup: 100, seed: 9,
            components: [ComponentSpec(name: "db", kind: .database(DatabaseSpec(
                cores: 64, replicas: 2, replicationLag: .constant(0.2))))],
            classes: [
                ClassSpec(name: "read", rate: 100, steps: [.read(database: 0, service: .constant(0.001), consistent: false)],
                          keys: Popularity(count: 100)),
                ClassSpec(name: "write", rate: 50, steps: [.write(database: 0, service: .constant(0.001))],
                          keys: Popularity(count: 100)),
            ])
        let db = Simulation.run(spec).components[0].metrics
        #expect(Self.relative(db["stale_read_ratio"]!, 1 - Double.exp(-0.5 * 0.2)) < 0.05)
        #expect(db["replica_reads"]! == db["reads"]!)
    }
}
