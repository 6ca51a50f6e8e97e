import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomKernel
import HeadroomModeling
import Testing

/// `Explanation` against the operational laws and the closed forms of docs/theory.md (§1, §3).
struct ExplainTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func load(_ name: String) throws -> SimulationSpec {
        try ModelLoader.load(file: root.appendingPathComponent("models/textbook/\(name).yaml").path).spec
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func jacksonDemandsUtilizationsAndBottleneck() throws {
        let e = Explanation(spec: try Self.load("jackson"))
        #expect(e.resources.map(\.name) == ["a", "b", "c"])
        #expect(Self.close(e.rate, 0.8))
        for (r, d) in zip(e.resources, [1.0, 4.0, 2.0]) {
            #expect(Self.close(r.demand, d), "\(r.name) demand \(r.demand)")
            #expect(Self.close(r.visits, 1))
            #expect(Self.close(r.utilization, 0.8), "\(r.name) U \(r.utilization)")
            #expect(Self.close(r.offeredLoad, 0.8 * d))
            #expect(r.closedForm!.exact)
        }
        // min(1/1, 4/4, 2/2) = 1 req/s; the first station attaining it is named.
        #expect(Self.close(e.maxThroughput, 1))
        #expect(e.bottleneck == "a")
        #expect(Self.close(e.headroom, 1.25))
        // Each station an independent M/M/c at λ (open Jackson network).
        #expect(Self.close(e.resources[0].response!, 5))
        #expect(Self.close(e.resources[1].response!, MMc(lambda: 0.8, mu: 0.25, c: 4).meanResponse))
        #expect(Self.close(e.resources[2].response!, MMc(lambda: 0.8, mu: 0.5, c: 2).meanResponse))
        #expect(e.bottleneckLine.contains("bottleneck: a — saturates at 1 req/s, 1.25× today's 0.8 req/s"), "\(e.bottleneckLine)")
    }

    @Test func mm1AndMMcMatchClosedForms() throws {
        let one = Explanation(spec: try Self.load("mm1")).resources[0]
        let mm1 = MM1(lambda: 0.8, mu: 1)
        #expect(Self.close(one.response!, mm1.meanResponse))
        #expect(Self.close(one.closedForm!.wait!, mm1.meanWait))
        #expect(Self.close(one.utilization, 0.8))

        let many = Explanation(spec: try Self.load("mmc")).resources[0]
        let mmc = MMc(lambda: 3.2, mu: 1, c: 4)
        #expect(many.servers == 4)
        #expect(Self.close(many.response!, mmc.meanResponse))
        #expect(Self.close(many.closedForm!.wait!, mmc.meanWait))
        #expect(Self.close(many.utilization, 0.8))
    }

    @Test func unstableStationHasNoMMcFigures() {
        let spec = SimulationSpec(
            name: "over", duration: 10, stations: [StationSpec(name: "s")],
            classes: [ClassSpec(name: "r", rate: 2, steps: [.visit(station: 0, service: .exponential(mean: 1))])])
        let e = Explanation(spec: spec)
        #expect(Self.close(e.resources[0].utilization, 2))
        #expect(e.resources[0].response == nil)
        #expect(Self.close(e.headroom, 0.5))
    }

    @Test func branchWeightsVisits() {
        let spec = SimulationSpec(
            name: "branch", duration: 10,
            stations: [StationSpec(name: "fast"), StationSpec(name: "slow", servers: 2)],
            classes: [ClassSpec(name: "r", rate: 10, steps: [
                .branch([
                    BranchArm(probability: 0.3, steps: [.visit(station: 0, service: .exponential(mean: 0.01))]),
                    BranchArm(probability: 0.7, steps: [.visit(station: 1, service: .constant(0.1))]),
                ]),
            ])])
        let e = Explanation(spec: spec)
        #expect(Self.close(e.resources[0].visits, 0.3))
        #expect(Self.close(e.resources[0].demand, 0.003))
        #expect(Self.close(e.resources[1].visits, 0.7))
        #expect(Self.close(e.resources[1].demand, 0.07))
        #expect(Self.close(e.resources[1].utilization, 10 * 0.07 / 2))
        #expect(e.resources[0].closedForm!.exact)
        #expect(!e.resources[1].closedForm!.exact)
        #expect(e.bottleneck == "slow")
        #expect(Self.close(e.maxThroughput, 2 / 0.07))
    }

    @Test func poolInFrontOfDatabase() {
        let spec = SimulationSpec(
            name: "pool", duration: 10,
            components: [
                ComponentSpec(name: "pool", kind: .pool(PoolSpec(size: 4))),
                ComponentSpec(name: "db", kind: .database(DatabaseSpec(cores: 2, replicas: 2))),
            ],
            classes: [
                ClassSpec(name: "w", rate: 20, steps: [.hold(pool: 0, steps: [.write(database: 1, service: .constant(0.01))])]),
                ClassSpec(name: "r", rate: 60, steps: [
                    .hold(pool: 0, steps: [.read(database: 1, service: .constant(0.02), consistent: false)]),
                ]),
            ])
        let e = Explanation(spec: spec)
        #expect(e.resources.map(\.name) == ["pool", "db.primary", "db.replica1", "db.replica2"])
        let pool = e.resources[0]
        // Held for the inner step's mean: 20·0.01 + 60·0.02 = 1.4 Erlangs over 80 req/s.
        #expect(Self.close(pool.offeredLoad, 1.4))
        #expect(Self.close(pool.demand, 1.4 / 80))
        #expect(Self.close(pool.utilization, 1.4 / 4))
        #expect(Self.close(e.resources[1].offeredLoad, 0.2))
        #expect(Self.close(e.resources[2].offeredLoad, 0.6))
        #expect(Self.close(e.resources[3].offeredLoad, 0.6))
        #expect(Self.close(e.resources[2].utilization, 0.3))
        // Bounds: pool 4/(1.4/80) ≈ 228.6, primary 2/(0.2/80) = 800, replicas 2/(0.6/80) ≈ 266.7.
        #expect(e.bottleneck == "pool")
        #expect(Self.close(e.maxThroughput, 4 / (1.4 / 80)))
        #expect(e.notes.contains { $0.contains("lower bound") })
    }

    static func cacheSpec() -> SimulationSpec {
        SimulationSpec(
            name: "cache", duration: 10,
            components: [
                ComponentSpec(name: "cache", kind: .cache(CacheSpec(ttl: 60, service: .constant(0.001)))),
                ComponentSpec(name: "db", kind: .database(DatabaseSpec(cores: 1))),
            ],
            classes: [ClassSpec(name: "get", rate: 100, steps: [
                .cacheGet(cache: 0, hit: [], miss: [.read(database: 1, service: .constant(0.005), consistent: true), .cacheSet(cache: 0)]),
            ])])
    }

    /// Without a run the hit ratio comes from the TTL: one key at r = 100/s, T = 60 s hits with
    /// rT/(1 + rT) (docs/theory.md §10.1), and the load behind the cache follows the misses.
    @Test func cacheWithoutRunUsesTheTTLHitRatio() {
        let e = Explanation(spec: Self.cacheSpec())
        let cache = e.resources[0]
        let db = e.resources[1]
        let h = 100.0 * 60 / (1 + 100.0 * 60)
        #expect(db.name == "db.primary")
        #expect(Self.close(e.hitRates["cache"]!, h))
        #expect(Self.close(cache.visits, 1 + (1 - h)))  // a get, and a set on each miss
        #expect(Self.close(db.visits, 1 - h))
        #expect(Self.close(db.utilization, 100 * (1 - h) * 0.005))
        #expect(e.notes.contains { $0.contains("TTL") })
    }

    /// Zipf keys with invalidations: the ratio is the request-weighted mean of the per-key ratios,
    /// each with its own lookup and invalidation rates, summed here term by term.
    @Test func cacheHitRatioOverZipfKeysWithInvalidations() {
        let spec = SimulationSpec(
            name: "zipf", duration: 10,
            components: [
                ComponentSpec(name: "cache", kind: .cache(CacheSpec(ttl: 30, service: .constant(0.0002)))),
                ComponentSpec(name: "db", kind: .database(DatabaseSpec(cores: 4))),
            ],
            classes: [
                ClassSpec(name: "view", rate: 40, steps: [
                    .cacheGet(cache: 0, hit: [], miss: [.read(database: 1, service: .constant(0.004), consistent: true), .cacheSet(cache: 0)]),
                ], keys: Popularity(count: 50, zipf: 0.9)),
                ClassSpec(name: "edit", rate: 2, steps: [
                    .write(database: 1, service: .constant(0.01)), .invalidate(cache: 0),
                ], keys: Popularity(count: 50, zipf: 0.9)),
            ])
        let e = Explanation(spec: spec)
        let weights = (1...50).map { pow(Double($0), -0.9) }
        let total = weights.reduce(0, +)
        var expected = 0.0
        for w in weights {
            let p = w / total
            let r = 40 * p, inv = 2 * p
            let life = (1 - exp(-inv * 30)) / inv
            expected += p * (r * life / (1 + r * life))
        }
        #expect(Self.close(e.hitRates["cache"]!, expected, 1e-12))
        #expect(expected > 0.5 && expected < 1)
    }

    /// M/D/1: Pollaczek–Khinchine with SCV 0 gives Wq = ρS/(2(1 − ρ)), half the M/M/1 wait; the
    /// model's only station sees Poisson arrivals, so the form is exact.
    @Test func md1UsesPollaczekKhinchine() throws {
        let r = Explanation(spec: try Self.load("md1")).resources[0]
        let form = try #require(r.closedForm)
        #expect(form.name == "M/D/1")
        #expect(form.exact)
        let rho = 0.8, s = 1.0
        #expect(Self.close(form.wait!, rho * s / (2 * (1 - rho))))
        #expect(Self.close(form.response!, rho * s / (2 * (1 - rho)) + s))
        #expect(Self.close(r.utilization, 0.8))
    }

    /// M/M/1/K: the utilization of the traffic admitted, the blocking probability and W from the
    /// truncated geometric distribution, summed here state by state.
    @Test func mm1kUsesTheFiniteQueue() throws {
        let spec = try Self.load("mm1k")
        guard case .station(let station) = spec.components[0].kind else {
            Issue.record("mm1k is a station")
            return
        }
        let k = try #require(station.capacity)
        let lambda = spec.classes[0].rate
        let service = 1.0
        let rho = lambda * service
        let p = (0...k).map { pow(rho, Double($0)) }
        let norm = p.reduce(0, +)
        let blocking = p[k] / norm
        let l = (0...k).reduce(0.0) { $0 + Double($1) * p[$1] / norm }
        let carried = lambda * (1 - blocking)
        let r = Explanation(spec: spec).resources[0]
        let form = try #require(r.closedForm)
        #expect(form.name == "M/M/1/K")
        #expect(form.exact)
        #expect(Self.close(form.blocking!, blocking, 1e-9))
        #expect(Self.close(r.utilization, carried * service, 1e-9))
        #expect(Self.close(form.response!, l / carried, 1e-9))
    }

    /// M/M/c: P(wait) is Erlang C and p99 the 99th percentile of the response (docs/theory.md §3.5),
    /// checked here against the response-time tail evaluated at it.
    @Test func mmcGivesWaitProbabilityAndP99() throws {
        let r = Explanation(spec: try Self.load("mmc")).resources[0]
        let form = try #require(r.closedForm)
        let q = MMc(lambda: 3.2, mu: 1, c: 4)
        #expect(form.name == "M/M/c")
        #expect(Self.close(form.waitProbability!, q.erlangC))
        #expect(abs(q.responseSurvival(form.p99!) - 0.01) < 1e-9)
        #expect(Self.close(form.inSystem!, 3.2 * form.response!))
    }

    /// A queue with a wait timeout has no closed form here; a zero-time one waits for nothing.
    @Test func timeoutsHaveNoFormAndZeroTimeIsNotUnstable() {
        let spec = SimulationSpec(
            name: "edge", duration: 10,
            stations: [StationSpec(name: "t", servers: 1, timeout: 0.5), StationSpec(name: "z")],
            classes: [ClassSpec(name: "r", rate: 5, steps: [
                .visit(station: 0, service: .exponential(mean: 0.1)), .visit(station: 1, service: .constant(0)),
            ])])
        let e = Explanation(spec: spec)
        #expect(e.resources[0].closedForm?.name == "none")
        #expect(e.resources[0].response == nil)
        #expect(e.resources[1].closedForm?.name == "zero time")
        #expect(e.resources[1].response == 0)
        #expect(!e.text.contains("unstable"))
    }

    /// Replicas behind an even balancer are k queues with λ/k each (docs/theory.md §9.1), not one
    /// pooled M/M/c: each replica's M/M/c at its share, with c = cores per replica.
    @Test func appReplicasAreSeparateQueues() {
        let spec = SimulationSpec(
            name: "app", duration: 10,
            components: [
                ComponentSpec(name: "lb", kind: .loadBalancer(LoadBalancerSpec(policy: .random, backend: 1))),
                ComponentSpec(name: "app", kind: .appServer(AppServerSpec(replicas: 4, threads: 100, cores: 2))),
            ],
            classes: [ClassSpec(name: "r", rate: 120, steps: [.work(server: 1, service: .exponential(mean: 0.05))])])
        let r = Explanation(spec: spec).resources[0]
        let q = MMc(lambda: 30, mu: 20, c: 2)
        #expect(r.members == 4 && r.servers == 2)
        #expect(Self.close(r.utilization, 0.75))
        #expect(Self.close(r.response!, q.meanResponse))
        #expect(!r.closedForm!.exact)
        #expect(Self.close(r.maxThroughput, 8 / 0.05))
    }

    @Test func cacheWithRunUsesMeasuredHitRateAndAddsSimulatedValues() {
        let spec = Self.cacheSpec()
        var load = ResourceResult(
            name: "cache", servers: 1, utilization: 0.12, meanBusy: 0.12, meanQueue: 0, maxQueue: 1, meanInStation: 0.12,
            arrivals: 0, completions: 0, rejected: 0, timedOut: 0, throughput: 0, meanWait: 0, meanResponse: 0.0011)
        let cacheResult = ComponentResult(name: "cache", kind: .cache, load: load, metrics: ["hit_rate": 0.9])
        load.name = "db"
        load.utilization = 0.05
        let dbResult = ComponentResult(name: "db", kind: .database, load: load)
        let run = RunResult(
            model: "cache", seed: 1, status: .ok, statusReason: nil, simulatedSeconds: 10, warmupSeconds: 0, events: 0,
            requests: RequestCounts(), throughput: 100, latency: LatencySummary(), classes: [],
            components: [cacheResult, dbResult], histogram: [])
        let e = Explanation(spec: spec, run: run, runID: 7)
        #expect(Self.close(e.resources[0].visits, 1.1))
        #expect(Self.close(e.resources[1].utilization, 0.05))
        #expect(e.resources[0].simulatedUtilization == 0.12)
        #expect(e.resources[1].simulatedUtilization == 0.05)
        #expect(e.text.contains("U sim"))
    }

    @Test func enqueueRunsJobAtExpectedAttempts() {
        let spec = SimulationSpec(
            name: "q", duration: 10,
            components: [
                ComponentSpec(name: "jobs", kind: .queue(QueueSpec(
                    workers: 2, job: [.visit(station: 1, service: .constant(0.1))], failure: 0.5, attempts: 3))),
                ComponentSpec(name: "worker", kind: .station(StationSpec(name: "worker", servers: 4))),
            ],
            classes: [ClassSpec(name: "r", rate: 4, steps: [.enqueue(queue: 0)])])
        let e = Explanation(spec: spec)
        let attempts = 1.75  // 1 + 0.5 + 0.25
        #expect(Self.close(e.resources[0].arrivalRate, 4 * attempts))
        #expect(Self.close(e.resources[0].offeredLoad, 4 * attempts * 0.1))
        #expect(Self.close(e.resources[1].offeredLoad, 4 * attempts * 0.1))
    }
}
