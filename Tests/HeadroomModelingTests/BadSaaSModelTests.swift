import Foundation
@testable import HeadroomModeling
import Testing

/// Bad SaaS models: one per rule of the components and steps, each rejected at the right
/// position and key path, with the right message and suggestion.
@Suite("Bad SaaS models")
struct BadSaaSModelTests {
    /// An unknown `type` lists every type and suggests the nearest.
    @Test func unknownComponentTypeListsTheTypes() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              app: { type: app_sever, threads: 4 }
            flows:
              default: [ { delay: 1ms } ]
            """)
        #expect((d.line, d.column) == (4, 16))
        #expect(d.path == "components.app.type")
        #expect(d.message == "unknown component type 'app_sever' (expected one of: station, load_balancer, "
            + "app_server, pool, cache, database, queue, rate_limiter)")
        #expect(d.suggestion == "app_server")
    }

    /// An unknown balancing policy lists the policies.
    @Test func unknownPolicySuggestsTheNearest() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              lb: { type: load_balancer, policy: least_connection, backend: app }
              app: { type: app_server }
            flows:
              default: [ { work: app, time: 1ms } ]
            """)
        #expect((d.line, d.column) == (4, 38))
        #expect(d.path == "components.lb.policy")
        #expect(d.message == "unknown policy 'least_connection' (expected one of: round_robin, random, "
            + "least_connections, power_of_two, weighted)")
        #expect(d.suggestion == "least_connections")
    }

    /// An unknown shard router lists the routers.
    @Test func unknownRouterSuggestsTheNearest() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              db: { type: database, shards: 3, router: firstchar }
            flows:
              default: [ { read: db, time: 1ms } ]
            """)
        #expect((d.line, d.column) == (4, 44))
        #expect(d.path == "components.db.router")
        #expect(d.message == "unknown router 'firstchar' (expected one of: hash, tenant, range, first_char)")
        #expect(d.suggestion == "first_char")
    }

    /// A step naming no component: `dbs` is as near as `db`, but only `db` is a database.
    @Test func stepNamingAMissingComponentSuggestsOneOfTheRightType() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              app: { type: app_server }
              db: { type: database }
              dbs: { type: station, service: 1ms }
            flows:
              default:
                - work: app
                  time: 1ms
                - read: dbb
                  time: 5ms
            """)
        #expect((d.line, d.column) == (11, 13))
        #expect(d.path == "flows.default.1.read")
        #expect(d.message == "no component named 'dbb' (components: app, db, dbs)")
        #expect(d.suggestion == "db")
    }

    /// `work` on a component of another type names both types.
    @Test func workOnADatabase() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              app: { type: app_server }
              db: { type: database }
            flows:
              default:
                - work: db
                  time: 3ms
            """)
        #expect((d.line, d.column) == (8, 13))
        #expect(d.path == "flows.default.0.work")
        #expect(d.message == "'db' is a database; 'work' needs an app_server (app_server components: app)")
        #expect(d.suggestion == "app")
    }

    /// `with` holds a pool.
    @Test func holdingSomethingOtherThanAPool() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              pool: { type: pool, size: 10 }
              db: { type: database }
            flows:
              default:
                - with: db
                  do: [ { read: db, time: 1ms } ]
            """)
        #expect((d.line, d.column) == (8, 13))
        #expect(d.path == "flows.default.0.with")
        #expect(d.message == "'db' is a database; 'with' needs a pool (pool components: pool)")
        #expect(d.suggestion == "pool")
    }

    /// A job runs on the queue's workers: `work` (app-server CPU) has no thread there.
    @Test func workInsideAQueueJob() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              app: { type: app_server }
              jobs:
                type: queue
                workers: 2
                job:
                  - delay: 10ms
                  - work: app
                    time: 5ms
            flows:
              default:
                - { work: app, time: 1ms }
                - enqueue: jobs
            """)
        #expect((d.line, d.column) == (10, 9))
        #expect(d.path == "components.jobs.job.1")
        #expect(d.message == "'work' cannot run in the job of queue 'jobs': jobs run on the queue's workers, not on "
            + "app_server threads; use 'delay' or 'visit' for the job's processing time")
        #expect(d.suggestion == nil)
    }

    /// A load balancer spreads over an app server's replicas.
    @Test func loadBalancerBackendMustBeAnAppServer() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              lb: { type: load_balancer, backend: db }
              app: { type: app_server }
              db: { type: database }
            flows:
              default: [ { work: app, time: 1ms } ]
            """)
        #expect((d.line, d.column) == (4, 39))
        #expect(d.path == "components.lb.backend")
        #expect(d.message == "'db' is a database; 'backend' needs an app_server (app_server components: app)")
        #expect(d.suggestion == "app")
    }

    /// The second balancer of an app server is the error.
    @Test func twoLoadBalancersInFrontOfOneAppServer() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              app: { type: app_server, replicas: 2 }
              lb: { type: load_balancer, backend: app }
              lb2: { type: load_balancer, backend: app }
            flows:
              default: [ { work: app, time: 1ms } ]
            """)
        #expect((d.line, d.column) == (6, 40))
        #expect(d.path == "components.lb2.backend")
        #expect(d.message == "app_server 'app' already has load balancer 'lb' in front of it; "
            + "expected one load_balancer per app_server")
        #expect(d.suggestion == nil)
    }

    /// `weighted` needs one weight per replica of the backend.
    @Test func weightsCountMustMatchReplicas() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              app: { type: app_server, replicas: 4 }
              lb: { type: load_balancer, policy: weighted, backend: app, weights: [1, 1, 2] }
            flows:
              default: [ { work: app, time: 1ms } ]
            """)
        #expect((d.line, d.column) == (5, 71))
        #expect(d.path == "components.lb.weights")
        #expect(d.message == "3 weights for 4 replicas of 'app'; expected one weight per replica")
        #expect(d.suggestion == nil)
    }

    /// `weighted` without `weights` is reported at the policy.
    @Test func weightedPolicyNeedsWeights() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              app: { type: app_server, replicas: 2 }
              lb: { type: load_balancer, policy: weighted, backend: app }
            flows:
              default: [ { work: app, time: 1ms } ]
            """)
        #expect((d.line, d.column) == (5, 38))
        #expect(d.path == "components.lb.policy")
        #expect(d.message == "policy weighted needs 'weights', one per replica of 'app' (2), such as [1, 1, 2]")
        #expect(d.suggestion == nil)
    }

    /// `weights` with another policy would be silently ignored.
    @Test func weightsWithAnotherPolicy() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              app: { type: app_server, replicas: 2 }
              lb: { type: load_balancer, policy: random, backend: app, weights: [1, 2] }
            flows:
              default: [ { work: app, time: 1ms } ]
            """)
        #expect((d.line, d.column) == (5, 69))
        #expect(d.path == "components.lb.weights")
        #expect(d.message == "weights are used only with policy weighted (policy here: random); remove them or set policy: weighted")
        #expect(d.suggestion == nil)
    }

    /// `sticky: true` needs sessions on every class working on the backend (`ping` never reaches it).
    @Test func stickyNeedsSessionsOnClassesThatReachTheBackend() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic:
              rate: 100/s
              classes:
                browse: { share: 80%, sessions: { count: 1000 } }
                buy: { share: 15% }
                ping: { share: 5% }
            components:
              lb:
                type: load_balancer
                backend: app
                sticky: true
              app: { type: app_server, replicas: 3 }
              s: { type: station, service: 1ms }
            flows:
              browse: [ { work: app, time: 1ms } ]
              buy: [ { work: app, time: 2ms } ]
              ping: [ { visit: s } ]
            """)
        #expect((d.line, d.column) == (12, 13))
        #expect(d.path == "components.lb.sticky")
        #expect(d.message == "sticky sessions need sessions on every class that works on 'app'; "
            + "without: 'buy' (add sessions: { count: … })")
        #expect(d.suggestion == nil)
    }

    /// A job that enqueues its own queue spawns jobs without end.
    @Test func aJobEnqueueingItsOwnQueue() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              jobs:
                type: queue
                workers: 2
                job:
                  - delay: 10ms
                  - enqueue: jobs
            flows:
              default: [ { enqueue: jobs } ]
            """)
        #expect((d.line, d.column) == (9, 18))
        #expect(d.path == "components.jobs.job.1.enqueue")
        #expect(d.message == "the job of queue 'jobs' enqueues onto 'jobs' itself: every job would add another without end; "
            + "enqueue another queue, or use 'attempts' for retries")
        #expect(d.suggestion == nil)
    }

    /// A cycle through several queues is reported once, at its first queue; `d` feeds it but is not in it.
    @Test func queuesFeedingEachOtherInACycle() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              a: { type: queue, workers: 1, job: [ { enqueue: b } ] }
              b: { type: queue, workers: 1, job: [ { delay: 1ms }, { enqueue: c } ] }
              c: { type: queue, workers: 1, job: [ { enqueue: a } ] }
              d: { type: queue, workers: 1, job: [ { enqueue: a } ] }
            flows:
              default: [ { enqueue: d } ]
            """)
        #expect((d.line, d.column) == (4, 51))
        #expect(d.path == "components.a.job.0.enqueue")
        #expect(d.message == "enqueueing 'b' from the job of queue 'a' closes a cycle a → b → c → a: "
            + "every job would add another without end")
        #expect(d.suggestion == nil)
    }

    /// An unknown step kind lists the kinds.
    @Test func unknownStepKindListsTheKinds() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              products: { type: cache, ttl: 1h }
            flows:
              default:
                - cache_gte: products
            """)
        #expect((d.line, d.column) == (7, 7))
        #expect(d.path == "flows.default.0.cache_gte")
        #expect(d.message == "unknown step kind 'cache_gte' (expected one of: visit, work, delay, with, cache_get, cache_set, "
            + "invalidate, read, write, cross_shard, enqueue, limit, parallel, branch)")
        #expect(d.suggestion == "cache_get")
    }

    /// `read`, `write`, `cross_shard` and `work` need a `time`.
    @Test func databaseStepWithoutTime() throws {
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              db: { type: database }
            flows:
              default:
                - write: db
            """)
        #expect((d.line, d.column) == (7, 7))
        #expect(d.path == "flows.default.0")
        #expect(d.message == "missing required key 'time' (a distribution such as 5ms, { exponential: 5ms } or { p50: 3ms, p99: 20ms })")
        #expect(d.suggestion == nil)
    }

    @Test func wrongTypesForCacheQueueAndStationSteps() throws {
        let found = diagnostics("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              s: { type: station, service: 1ms }
              db: { type: database }
            flows:
              default:
                - invalidate: db
                - enqueue: s
                - visit: db
            """)
        #expect(found.map { "\($0.line ?? 0):\($0.column ?? 0) \($0.path)" } == [
            "8:19 flows.default.0.invalidate", "9:16 flows.default.1.enqueue", "10:14 flows.default.2.visit",
        ])
        #expect(found[0].message == "'db' is a database; 'invalidate' needs a cache (the model has no cache)")
        #expect(found[0].suggestion == nil)
        #expect(found[1].message == "'s' is a station; 'enqueue' needs a queue (the model has no queue)")
        #expect(found[2].message == "'db' is a database; 'visit' needs a station (station components: s)")
        #expect(found[2].suggestion == "s")
    }

    /// Each step kind that names a component, given one of the wrong type.
    static let wrongTargets: [(step: String, needs: String)] = [
        ("{ visit: q }", "a station"), ("{ work: q, time: 1ms }", "an app_server"),
        ("{ with: q, do: [ { delay: 1ms } ] }", "a pool"), ("{ cache_get: q }", "a cache"), ("{ cache_set: q }", "a cache"),
        ("{ invalidate: q }", "a cache"), ("{ read: q, time: 1ms }", "a database"), ("{ write: q, time: 1ms }", "a database"),
        ("{ cross_shard: q, time: 1ms }", "a database"),
    ]

    @Test("every step kind checks its component's type", arguments: wrongTargets)
    func wrongTarget(step: String, needs: String) throws {
        let key = String(step.dropFirst(2).prefix { $0 != ":" })
        let d = try onlyDiagnostic("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              q: { type: queue, workers: 1, job: [ { delay: 1ms } ] }
            flows:
              default: [ \(step) ]
            """)
        #expect(d.path == "flows.default.0.\(key)")
        #expect((d.line, d.column) == (6, 16 + key.count + 2))
        #expect(d.message.hasPrefix("'q' is a queue; '\(key)' needs \(needs) (the model has no "))
    }

    @Test func emptyStepListsAndArms() throws {
        let found = diagnostics("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              pool: { type: pool, size: 1 }
            flows:
              default:
                - with: pool
                  do: []
                - parallel: {}
            """)
        #expect(found.count == 2)
        #expect((found[0].line, found[0].column, found[0].path) == (8, 11, "flows.default.0.do"))
        #expect(found[0].message == "expected at least one step, found an empty list")
        #expect((found[1].line, found[1].column, found[1].path) == (9, 17, "flows.default.1.parallel"))
        #expect(found[1].message == "expected at least one arm, found an empty mapping")
    }

    @Test func badPopularities() throws {
        let found = diagnostics("""
            duration: 100s
            traffic:
              rate: 1/s
              classes:
                default: { share: 100%, keys: { count: 0 }, tenants: { count: 10, zip: 1 }, sessions: { count: 5, zipf: -1 } }
            components:
              s: { type: station, service: 1ms }
            flows:
              default: [ { visit: s } ]
            """)
        #expect(found.map { "\($0.line ?? 0):\($0.column ?? 0) \($0.path)" } == [
            "5:44 traffic.classes.default.keys.count", "5:71 traffic.classes.default.tenants.zip",
            "5:109 traffic.classes.default.sessions.zipf",
        ])
        #expect(found[0].message == "expected an integer ≥ 1, found 0")
        #expect(found[1].message == "unknown key 'zip' (expected one of: count, zipf)")
        #expect(found[1].suggestion == "zipf")
        #expect(found[2].message == "expected a number ≥ 0, found '-1'")
    }

    @Test func componentValuesOutOfRangeAndMissingKeys() throws {
        let found = diagnostics("""
            duration: 100s
            traffic: { rate: 1/s }
            components:
              app: { type: app_server, replicas: 20000, threds: 4 }
              db: { type: database }
              jobs: { type: queue, failure: 150%, job: [] }
              c: { type: cache }
            flows:
              default:
                - { work: app, time: 1ms }
                - { read: db, time: 1ms, consistent: yes }
            """, file: "bounds.yaml")
        #expect(found.map { "\($0.line ?? 0):\($0.column ?? 0) \($0.path)" } == [
            "4:38 components.app.replicas",
            "4:45 components.app.threds",
            "6:9 components.jobs",
            "6:33 components.jobs.failure",
            "6:44 components.jobs.job",
            "7:6 components.c",
            "11:42 flows.default.1.consistent",
        ], "\(ModelError(diagnostics: found))")
        #expect(found[0].message == "expected an integer ≤ 10000, found 20000")
        #expect(found[1].message == "unknown key 'threds' (expected one of: type, replicas, threads, cores, backlog, "
            + "cost_per_hour)")
        #expect(found[1].suggestion == "threads")
        #expect(found[2].message == "missing required key 'workers' (an integer ≥ 1)")
        #expect(found[3].message == "expected a fraction from 0% to 100%, such as 30% or 0.3, found '150%'")
        #expect(found[4].message == "expected at least one step, found an empty list")
        #expect(found[5].message == "missing required key 'ttl' (a duration > 0 such as 1h)")
        #expect(found[6].message == "expected true or false, found 'yes'")
    }

    @Test func everyErrorOfASaaSModelIsReportedAtOnce() throws {
        let text = saasModel
            .replacingFirst("policy: least_connections", with: "policy: fastest")
            .replacingFirst("replicas: 4, threads: 16", with: "replicas: 0, threads: 16")
            .replacingFirst("ttl: 1h, capacity: 50000", with: "ttl: 1h, capacity: 50000, tll: 2h")
            .replacingFirst("      - with: pool", with: "      - with: poool")
            .replacingFirst("    - cache_get: products", with: "    - cache_get: db")
            .replacingFirst("    - enqueue: notifications", with: "    - enqueue: notification")
        let found = diagnostics(text, file: "saas.yaml")
        #expect(found.map { "\($0.line ?? 0):\($0.column ?? 0) \($0.path)" } == [
            "15:44 components.lb.policy",
            "16:43 components.app.replicas",
            "17:54 components.products.tll",
            "34:15 components.notifications.job.0.with",
            "46:18 flows.view_product.1.cache_get",
            "64:16 flows.update_product.3.enqueue",
        ], "\(ModelError(diagnostics: found))")
        #expect(found.map(\.suggestion) == [nil, nil, "ttl", "pool", "products", "notifications"])
        #expect(found[0].message.hasPrefix("unknown policy 'fastest' (expected one of: round_robin,"))
        #expect(found[1].message == "expected an integer ≥ 1, found 0")
        #expect(found[3].message == "no component named 'poool' (components: lb, app, products, pool, db, orders, notifications)")
        #expect(found[4].message == "'db' is a database; 'cache_get' needs a cache (cache components: products)")
    }

    /// `shard_cores` names shards the database has, by number, each with a core count.
    @Test func shardCoresNameExistingShards() throws {
        func model(_ sizes: String) -> String {
            """
            duration: 100s
            traffic: { rate: 1/s }
            components:
              db: { type: database, shards: 3, shard_cores: \(sizes) }
            flows:
              default: [ { write: db, time: 1ms } ]
            """
        }
        let missing = try onlyDiagnostic(model("{ 5: 8 }"))
        #expect((missing.line, missing.column) == (4, 51))
        #expect(missing.path == "components.db.shard_cores.5")
        #expect(missing.message == "shard 5 does not exist: the database has 3 shards (shards 0–2); "
            + "expected a shard number below shards")
        let word = try onlyDiagnostic(model("{ hot: 8 }"))
        #expect(word.path == "components.db.shard_cores.hot")
        #expect(word.message == "expected a shard number (0, 1, …) as the key, found 'hot'")
        let scalar = try onlyDiagnostic(model("8"))
        #expect(scalar.path == "components.db.shard_cores")
        #expect(scalar.message.hasPrefix("expected a mapping of shard number to cores"))
        let zero = try onlyDiagnostic(model("{ 1: 0 }"))
        #expect(zero.path == "components.db.shard_cores.1")
        // A good one builds: shard 1's primary gets its own cores, the others `cores`.
        let spec = try ModelLoader.load(text: model("{ 1: 16 }"), file: "ok.yaml").spec
        guard case .database(let db) = spec.components[0].kind else {
            Issue.record("db is a database")
            return
        }
        #expect(db.cores(shard: 1, node: 0) == 16 && db.cores(shard: 0, node: 0) == 1)
    }
}
