import HeadroomComponents
import HeadroomKernel
import Testing

/// SaaS components checked against hand-worked expectations: nested holding, fan-out, pool
/// timeouts, sharding skew, sticky sessions.
@Suite struct ComponentBehaviourTests {
    /// One request through app → pool → database, constant times, traced: the app thread is
    /// held from arrival to the end, the pool connection around the query, and the cores only
    /// for the CPU work.
    @Test func nestedHoldingTimeline() {
        let spec = SimulationSpec(
            name: "nested", duration: 1.9, seed: 1,
            components: [
                ComponentSpec(name: "app", kind: .appServer(AppServerSpec(replicas: 1, threads: 2, cores: 1))),
                ComponentSpec(name: "pool", kind: .pool(PoolSpec(size: 1))),
                ComponentSpec(name: "db", kind: .database(DatabaseSpec(cores: 1))),
            ],
            classes: [ClassSpec(name: "req", interarrival: .constant(1), steps: [
                .work(server: 0, service: .constant(0.125)),
                .hold(pool: 1, steps: [.write(database: 2, service: .constant(0.25))]),
                .work(server: 0, service: .constant(0.125)),
            ])])
        let (trace, result) = Simulation.trace(spec)
        #expect(trace.map(\.description) == [
            "1.0 #0 arrive req", "1.0 #0 start app.threads", "1.0 #0 start app.cores", "1.125 #0 release app.cores",
            "1.125 #0 start pool", "1.125 #0 start db.primary", "1.375 #0 release db.primary", "1.375 #0 release pool",
            "1.375 #0 start app.cores", "1.5 #0 release app.cores", "1.5 #0 release app.threads", "1.5 #0 done req",
        ])
        #expect(result.latency.max == 0.5)
        #expect(result.components[2].metrics["writes"] == 1)
    }

    /// Parallel arms start together and the request goes on when the slowest has finished.
    @Test func fanOutWaitsForTheSlowest() {
        let spec = SimulationSpec(
            name: "fanout", duration: 10, seed: 1,
            components: [],
            classes: [ClassSpec(name: "notify", interarrival: .constant(1), steps: [
                .parallel([[.delay(.constant(0.3))], [.delay(.constant(0.08))], [.delay(.constant(0.5))]]),
                .delay(.constant(0.1)),
            ])])
        let result = Simulation.run(spec)
        #expect(result.requests.completed == 9)
        #expect(abs(result.latency.mean - 0.6) < 1e-9)
        #expect(result.requests.inSystem == 1)
    }

    /// A cross-shard query runs on every shard at once and waits for the slowest.
    @Test func crossShardQueryTouchesEveryShard() {
        let spec = SimulationSpec(
            name: "cross", duration: 100, seed: 2,
            components: [ComponentSpec(name: "db", kind: .database(DatabaseSpec(cores: 4, shards: 4)))],
            classes: [ClassSpec(name: "report", interarrival: .constant(1), steps: [
                .crossShard(database: 0, service: .exponential(mean: 0.1)),
            ])])
        let result = Simulation.run(spec)
        let db = result.components[0]
        for shard in 0..<4 { #expect(db.metrics["shard\(shard)_queries"] == Double(result.requests.completed), "\(shard)") }
        // The max of four Exp(0.1) has mean 0.1 × (1 + 1/2 + 1/3 + 1/4) ≈ 0.208: above any one shard's 0.1.
        #expect(result.latency.mean > 0.15)
    }

    /// A pool acquire that waits past its timeout fails as a pool timeout, its own error kind,
    /// and the request lets go of the app thread it held.
    @Test func poolTimeoutIsItsOwnError() {
        let spec = SimulationSpec(
            name: "pool-timeout", duration: 2_000, seed: 3,
            components: [
                ComponentSpec(name: "app", kind: .appServer(AppServerSpec(replicas: 1, threads: 100, cores: 4))),
                ComponentSpec(name: "pool", kind: .pool(PoolSpec(size: 2, acquireTimeout: 0.5))),
                ComponentSpec(name: "db", kind: .database(DatabaseSpec(cores: 8))),
            ],
            classes: [ClassSpec(name: "r", rate: 10, steps: [
                .work(server: 0, service: .constant(0.001)),
                .hold(pool: 1, steps: [.read(database: 2, service: .exponential(mean: 0.25), consistent: true)]),
            ])])
        let result = Simulation.run(spec)
        #expect(result.requests.poolTimedOut > 0)
        #expect(result.requests.timedOut == 0)
        #expect(result.components[1].metrics["pool_timeouts"] == Double(result.requests.poolTimedOut))
        // Every thread taken was given back: none left busy beyond the requests still in flight.
        #expect(Double(result.requests.inSystem) < 100)
        #expect(result.components[1].metrics["usage"]! > 0.9)
    }

    /// The seed's naive router `charCode(tenant[0]) % N` loads shards unevenly with realistic
    /// tenant names; hashing the name spreads them evenly. 400 tenants of equal activity.
    @Test func firstCharacterShardingIsSkewedAndHashingIsNot() {
        func shardLoads(_ router: ShardRouter) -> [Int] {
            var loads = Array(repeating: 0, count: 4)
            for tenant in 0..<400 { loads[TenantNames.shard(tenant: tenant, of: 400, router: router, shards: 4)] += 1 }
            return loads
        }
        let naive = shardLoads(.firstChar)
        let hashed = shardLoads(.hash)
        #expect(Double(naive.max()!) / 100 > 1.3)
        #expect(Double(hashed.max()!) / 100 < 1.2)
        #expect(naive.reduce(0, +) == 400 && hashed.reduce(0, +) == 400)

        func imbalance(_ router: ShardRouter) -> Double {
            let spec = SimulationSpec(
                name: "shards", duration: 2_000, warmup: 100, seed: 4,
                components: [ComponentSpec(name: "db", kind: .database(DatabaseSpec(cores: 2, shards: 4, router: router)))],
                classes: [ClassSpec(name: "orders", rate: 40, steps: [.read(database: 0, service: .exponential(mean: 0.1),
                                                                            consistent: true)],
                                    tenants: Popularity(count: 400))])
            return Simulation.run(spec).components[0].metrics["shard_imbalance"]!
        }
        #expect(imbalance(.firstChar) > 1.3)
        #expect(imbalance(.hash) < 1.15)
    }

    /// Tenant names look like customers' and are unique.
    @Test func tenantNamesAreRealisticAndUnique() {
        let names = (0..<2_000).map(TenantNames.name)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.first!.isLetter && $0 == $0.lowercased() })
    }

    /// Sticky sessions pin a session to one replica: with one hot session, one replica takes
    /// nearly all of its traffic; without stickiness it spreads.
    @Test func stickySessionsPinTraffic() {
        func imbalance(sticky: Bool) -> Double {
            let spec = SimulationSpec(
                name: "sticky", duration: 1_000, seed: 5,
                components: [
                    ComponentSpec(name: "lb", kind: .loadBalancer(LoadBalancerSpec(policy: .roundRobin, backend: 1, sticky: sticky))),
                    ComponentSpec(name: "app", kind: .appServer(AppServerSpec(replicas: 4, threads: 50, cores: 4))),
                ],
                classes: [ClassSpec(name: "r", rate: 20, steps: [.work(server: 1, service: .constant(0.01))],
                                    sessions: Popularity(count: 50, zipf: 1.5))])
            return Simulation.run(spec).components[0].metrics["imbalance"]!
        }
        #expect(imbalance(sticky: true) > 1.5)
        #expect(imbalance(sticky: false) < 1.05)
    }

    /// Invariants that any run keeps, on a model with every component: resources are all free
    /// or accounted for at the end, counts add up.
    @Test func countsAddUpInAMixedModel() {
        let spec = SimulationSpec(
            name: "mixed", duration: 500, warmup: 0, seed: 6,
            components: [
                ComponentSpec(name: "lb", kind: .loadBalancer(LoadBalancerSpec(policy: .leastConnections, backend: 1))),
                ComponentSpec(name: "app", kind: .appServer(AppServerSpec(replicas: 2, threads: 8, cores: 2, backlog: 20))),
                ComponentSpec(name: "cache", kind: .cache(CacheSpec(ttl: 30, capacity: 50))),
                ComponentSpec(name: "pool", kind: .pool(PoolSpec(size: 4, acquireTimeout: 1))),
                ComponentSpec(name: "db", kind: .database(DatabaseSpec(cores: 2, replicas: 1, replicationLag: .constant(0.05)))),
                ComponentSpec(name: "jobs", kind: .queue(QueueSpec(workers: 2, capacity: 100, job: [.delay(.constant(0.2))],
                                                                   failure: 0.1, attempts: 2))),
            ],
            classes: [
                ClassSpec(name: "view", rate: 40, steps: [
                    .work(server: 1, service: .exponential(mean: 0.01)),
                    .cacheGet(cache: 2, hit: [], miss: [
                        .hold(pool: 3, steps: [.read(database: 4, service: .exponential(mean: 0.02), consistent: false)]),
                        .cacheSet(cache: 2),
                    ]),
                ], keys: Popularity(count: 200, zipf: 1)),
                ClassSpec(name: "update", rate: 5, steps: [
                    .work(server: 1, service: .exponential(mean: 0.02)),
                    .hold(pool: 3, steps: [.write(database: 4, service: .exponential(mean: 0.04))]),
                    .invalidate(cache: 2),
                    .enqueue(queue: 5),
                ], keys: Popularity(count: 200, zipf: 1)),
            ])
        let result = Simulation.run(spec)
        let r = result.requests
        #expect(r.arrived == r.completed + r.rejected + r.timedOut + r.poolTimedOut + r.failed + r.inSystem)
        let cache = result.components[2].metrics
        let views = result.classes[0].requests
        #expect(cache["hits"]! + cache["misses"]! >= Double(views.completed))
        #expect(cache["hits"]! + cache["misses"]! <= Double(views.arrived))
        let jobs = result.components[5].metrics
        #expect(jobs["jobs_enqueued"]! >= jobs["jobs_completed"]! + jobs["dead_letters"]!)
        #expect(result.components[4].metrics["writes"]! > 0)
    }
}
