import HeadroomComponents
import HeadroomKernel
@testable import HeadroomModeling
import Testing

/// The seed's full SaaS architecture (`saasModel`) loads into exactly the expected spec, and the
/// engine runs it.
@Suite("The SaaS model")
struct SaaSModelTests {
    static var expected: SimulationSpec {
        let poolRead = Step.hold(pool: 3, steps: [
            .read(database: 4, service: .exponential(mean: seconds("5ms")), consistent: false),
        ])
        let notify = QueueSpec(
            workers: 5, capacity: 10000,
            job: [
                poolRead,
                .parallel([
                    [.delay(.constant(seconds("300ms")))],
                    [.delay(.constant(seconds("80ms")))],
                    [.delay(.constant(seconds("500ms")))],
                ]),
            ],
            failure: 0.02, attempts: 3, backoff: .constant(1)
        )
        let catalogue = Popularity(count: 100_000, zipf: 1.1)
        let sessions = Popularity(count: 20_000, zipf: 0)
        let share = { (percent: Double) in percent / 100 * 1200 }
        return SimulationSpec(
            name: "saas", duration: 600, warmup: 60, seed: 7, maxInSystem: 200_000,
            components: [
                ComponentSpec(name: "lb", kind: .loadBalancer(LoadBalancerSpec(policy: .leastConnections, backend: 1))),
                ComponentSpec(name: "app", kind: .appServer(AppServerSpec(replicas: 4, threads: 16, cores: 2, backlog: 100))),
                ComponentSpec(name: "products", kind: .cache(CacheSpec(
                    ttl: 3600, capacity: 50000, service: .constant(seconds("200us")), servers: 1
                ))),
                ComponentSpec(name: "pool", kind: .pool(PoolSpec(size: 20, acquireTimeout: 2))),
                ComponentSpec(name: "db", kind: .database(DatabaseSpec(
                    cores: 8, replicas: 2, replicationLag: .exponential(mean: seconds("50ms")),
                    slowQuery: seconds("100ms")
                ))),
                ComponentSpec(name: "orders", kind: .database(DatabaseSpec(
                    cores: 4, shards: 3, router: .firstChar, queueCapacity: 1000
                ))),
                ComponentSpec(name: "notifications", kind: .queue(notify)),
            ],
            classes: [
                ClassSpec(
                    name: "view_product", rate: share(85),
                    steps: [
                        .work(server: 1, service: .lognormal(p50: seconds("3ms"), p99: seconds("20ms"))),
                        .cacheGet(cache: 2, hit: [], miss: [poolRead, .cacheSet(cache: 2)]),
                    ],
                    keys: catalogue, sessions: sessions
                ),
                ClassSpec(
                    name: "update_product", rate: share(5),
                    steps: [
                        .work(server: 1, service: .constant(seconds("4ms"))),
                        .hold(pool: 3, steps: [
                            .write(database: 4, service: .exponential(mean: seconds("12ms"))),
                            .read(database: 4, service: .constant(seconds("2ms")), consistent: true),
                        ]),
                        .invalidate(cache: 2),
                        .enqueue(queue: 6),
                    ],
                    keys: catalogue, sessions: sessions
                ),
                ClassSpec(
                    name: "tenant_orders", rate: share(10),
                    steps: [
                        .work(server: 1, service: .constant(seconds("2ms"))),
                        .read(database: 5, service: .exponential(mean: seconds("8ms")), consistent: false),
                        .branch([BranchArm(probability: 0.2, steps: [
                            .write(database: 5, service: .constant(seconds("10ms"))),
                        ])]),
                    ],
                    tenants: Popularity(count: 500, zipf: 1.2), sessions: sessions
                ),
                ClassSpec(
                    name: "monthly_report", rate: 1.0 / 60,
                    steps: [
                        .work(server: 1, service: .constant(seconds("50ms"))),
                        .crossShard(database: 5, service: .uniform(min: seconds("100ms"), max: seconds("300ms"))),
                        .delay(.constant(seconds("200ms"))),
                    ]
                ),
            ]
        )
    }

    @Test func buildsTheExpectedSpec() throws {
        let spec = try loadSpec(saasModel)
        let expected = Self.expected
        // Component by component and class by class first, so a difference names its place.
        #expect(spec.components.count == expected.components.count)
        for (built, wanted) in zip(spec.components, expected.components) {
            #expect(built == wanted)
        }
        #expect(spec.classes.count == expected.classes.count)
        for (built, wanted) in zip(spec.classes, expected.classes) {
            #expect(built.name == wanted.name)
            #expect(abs(built.rate - wanted.rate) <= 1e-9 * wanted.rate)
            #expect(built.steps == wanted.steps)
            #expect(built.keys == wanted.keys)
            #expect(built.tenants == wanted.tenants)
            #expect(built.sessions == wanted.sessions)
        }
        #expect((spec.name, spec.duration, spec.warmup, spec.seed, spec.maxInSystem) == ("saas", 600, 60, 7, 200_000))
        // Without time keys: the default window, the seed's alerts for its pool and queue, no
        // SLO, timeline, autoscalers, profiles or clients.
        #expect(spec.window == 6)
        #expect(spec.alerts == AlertRule.seedDefaults(pools: ["pool"], queues: ["notifications"]))
        #expect(spec.slo == nil && spec.timeline.isEmpty && spec.autoscalers.isEmpty)
        #expect(spec.classes.allSatisfy { $0.profile == nil && $0.client == nil })
    }

    @Test func theEngineRunsIt() throws {
        let spec = try ModelLoader.load(
            text: saasModel, file: "saas.yaml", overrides: ["duration=20s", "warmup=2s"]
        ).spec
        let result = Simulation.run(spec)
        #expect(result.status == .ok)
        #expect(result.requests.completed > 10_000)
    }

    @Test func stickySessionsWithEveryWorkingClassSessioned() throws {
        // monthly_report works on app without sessions: give it some, then sticky loads.
        let text = saasModel
            .replacingFirst("policy: least_connections, backend: app", with: "backend: app, sticky: true")
            .replacingFirst("monthly_report: { rate: 1/m }", with: "monthly_report: { rate: 1/m, sessions: { count: 10 } }")
        let spec = try loadSpec(text)
        #expect(spec.components[0].kind == .loadBalancer(LoadBalancerSpec(policy: .roundRobin, backend: 1, sticky: true)))
    }
}
