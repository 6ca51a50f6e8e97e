import HeadroomComponents
import HeadroomKernel
@testable import HeadroomModeling
import Testing

/// Every component type read into its spec: defaults when keys are left out, every key when given.
@Suite("Components")
struct ComponentTests {
    /// The component named `name` in `spec`.
    func component(_ name: String, in spec: SimulationSpec) throws -> ComponentKind {
        try #require(spec.components.first { $0.name == name }).kind
    }

    @Test func loadBalancerDefaults() throws {
        let spec = try loadSpec(model(
            components: """
                  lb: { type: load_balancer, backend: app }
                  app: { type: app_server, replicas: 3 }
                """,
            flow: "    - { work: app, time: 1ms }"
        ))
        #expect(spec.components.map(\.name) == ["lb", "app"])
        #expect(try component("lb", in: spec) == .loadBalancer(LoadBalancerSpec(
            policy: .roundRobin, backend: 1, weights: [], sticky: false
        )))
    }

    @Test func weightedStickyLoadBalancer() throws {
        let spec = try loadSpec(model(
            components: """
                  app: { type: app_server, replicas: 3 }
                  lb:
                    type: load_balancer
                    policy: weighted
                    backend: app
                    weights: [1, 1.5, 2]
                    sticky: True
                """,
            flow: "    - { work: app, time: 1ms }",
            traffic: "traffic: { classes: { default: { rate: 5/s, sessions: { count: 300 } } } }"
        ))
        #expect(try component("lb", in: spec) == .loadBalancer(LoadBalancerSpec(
            policy: .weighted, backend: 0, weights: [1, 1.5, 2], sticky: true
        )))
        #expect(spec.classes[0].sessions == Popularity(count: 300, zipf: 0))
    }

    @Test("every balancing policy", arguments: BalancingPolicy.allCases)
    func balancingPolicy(policy: BalancingPolicy) throws {
        let weights = policy == .weighted ? ", weights: [1, 2]" : ""
        let spec = try loadSpec(model(
            components: """
                  app: { type: app_server, replicas: 2 }
                  lb: { type: load_balancer, policy: \(policy.rawValue), backend: app\(weights) }
                """,
            flow: "    - { work: app, time: 1ms }"
        ))
        guard case .loadBalancer(let lb) = try component("lb", in: spec) else {
            Issue.record("expected a load balancer")
            return
        }
        #expect(lb.policy == policy)
        #expect(lb.weights == (policy == .weighted ? [1, 2] : []))
    }

    @Test func appServerDefaultsAndKeys() throws {
        let spec = try loadSpec(model(
            components: """
                  small: { type: app_server }
                  big: { type: app_server, replicas: 4, threads: 16, cores: 2, backlog: 0 }
                """,
            flow: """
                    - { work: small, time: 1ms }
                    - { work: big, time: 1ms }
                """
        ))
        #expect(try component("small", in: spec) == .appServer(AppServerSpec(replicas: 1, threads: 1, cores: 1, backlog: nil)))
        #expect(try component("big", in: spec) == .appServer(AppServerSpec(replicas: 4, threads: 16, cores: 2, backlog: 0)))
    }

    @Test func poolDefaultsAndKeys() throws {
        let spec = try loadSpec(model(
            components: """
                  a: { type: pool, size: 20 }
                  b: { type: pool, size: 5, acquire_timeout: 250ms }
                  s: { type: station, service: 1ms }
                """,
            flow: """
                    - { with: a, do: [ { visit: s } ] }
                    - { with: b, do: [ { visit: s } ] }
                """
        ))
        #expect(try component("a", in: spec) == .pool(PoolSpec(size: 20, acquireTimeout: nil)))
        #expect(try component("b", in: spec) == .pool(PoolSpec(size: 5, acquireTimeout: seconds("250ms"))))
    }

    @Test func cacheDefaultsAndKeys() throws {
        let spec = try loadSpec(model(
            components: """
                  plain: { type: cache, ttl: 1h }
                  tuned: { type: cache, ttl: 5m, capacity: 1000, service: { exponential: 1ms }, servers: 2 }
                """,
            flow: """
                    - cache_set: plain
                    - cache_get: tuned
                """
        ))
        #expect(try component("plain", in: spec) == .cache(CacheSpec(
            ttl: 3600, capacity: nil, service: .constant(0.0002), servers: 1
        )))
        #expect(try component("plain", in: spec) == .cache(CacheSpec(ttl: 3600)))  // the engine's defaults too
        #expect(try component("tuned", in: spec) == .cache(CacheSpec(
            ttl: 300, capacity: 1000, service: .exponential(mean: seconds("1ms")), servers: 2
        )))
    }

    @Test func databaseDefaultsAndKeys() throws {
        let spec = try loadSpec(model(
            components: """
                  plain: { type: database }
                  db:
                    type: database
                    cores: 8
                    replicas: 2
                    replication_lag: { exponential: 50ms }
                    slow_query: 100ms
                    shards: 4
                    router: tenant
                    queue_capacity: 1000
                """,
            flow: """
                    - { read: plain, time: 1ms }
                    - { write: db, time: 1ms }
                """
        ))
        #expect(try component("plain", in: spec) == .database(DatabaseSpec(
            cores: 1, replicas: 0, replicationLag: .constant(0), slowQuery: nil, shards: 1, router: .hash, queueCapacity: nil
        )))
        #expect(try component("plain", in: spec) == .database(DatabaseSpec()))  // the engine's defaults too
        #expect(try component("db", in: spec) == .database(DatabaseSpec(
            cores: 8, replicas: 2, replicationLag: .exponential(mean: seconds("50ms")), slowQuery: seconds("100ms"),
            shards: 4, router: .tenant, queueCapacity: 1000
        )))
    }

    @Test("every shard router", arguments: ShardRouter.allCases)
    func shardRouter(router: ShardRouter) throws {
        let spec = try loadSpec(model(
            components: "  db: { type: database, shards: 3, router: \(router.rawValue) }",
            flow: "    - { cross_shard: db, time: 5ms }"
        ))
        #expect(try component("db", in: spec) == .database(DatabaseSpec(shards: 3, router: router)))
    }

    @Test func queueDefaultsAndKeys() throws {
        let spec = try loadSpec(model(
            components: """
                  s: { type: station, service: 1ms }
                  plain: { type: queue, workers: 2, job: [ { delay: 1s } ] }
                  jobs:
                    type: queue
                    workers: 5
                    capacity: 10000
                    failure: 2%
                    attempts: 3
                    backoff: { exponential: 500ms }
                    job:
                      - visit: s
                      - enqueue: plain
                """,
            flow: "    - enqueue: jobs"
        ))
        #expect(try component("plain", in: spec) == .queue(QueueSpec(
            workers: 2, capacity: nil, job: [.delay(.constant(1))], failure: 0, attempts: 1, backoff: .constant(1)
        )))
        #expect(try component("jobs", in: spec) == .queue(QueueSpec(
            workers: 5, capacity: 10000, job: [.visit(station: 0, service: .constant(seconds("1ms"))), .enqueue(queue: 1)],
            failure: 0.02, attempts: 3, backoff: .exponential(mean: seconds("500ms"))
        )))
    }

    @Test func classPopularities() throws {
        let spec = try loadSpec(model(
            components: "  s: { type: station, service: 1ms }",
            flow: "    - visit: s",
            traffic: """
                traffic:
                  rate: 10/s
                  classes:
                    default:
                      share: 100%
                      keys: { count: 100000, zipf: 1.1 }
                      tenants: { count: 500, zipf: 0 }
                      sessions: { count: 20_000 }
                """
        ))
        #expect(spec.classes[0].keys == Popularity(count: 100_000, zipf: 1.1))
        #expect(spec.classes[0].tenants == Popularity(count: 500, zipf: 0))
        #expect(spec.classes[0].sessions == Popularity(count: 20_000, zipf: 0))
        #expect(spec.classes[0].rate == 10)
    }

    @Test func classesWithoutPopularitiesHaveNone() throws {
        let spec = try loadSpec(minimalModel)
        #expect(spec.classes[0].keys == nil)
        #expect(spec.classes[0].tenants == nil)
        #expect(spec.classes[0].sessions == nil)
    }

    @Test func componentsKeepFileOrder() throws {
        let spec = try loadSpec(saasModel)
        #expect(spec.components.map(\.name) == ["lb", "app", "products", "pool", "db", "orders", "notifications"])
        #expect(spec.components.map(\.kind.typeName) == [
            "load_balancer", "app_server", "cache", "pool", "database", "database", "queue",
        ])
    }
}
