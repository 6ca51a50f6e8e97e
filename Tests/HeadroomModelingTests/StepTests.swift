import HeadroomComponents
import HeadroomKernel
@testable import HeadroomModeling
import Testing

/// Every step kind read into its `Step`, naming components by index, nesting kept.
@Suite("Steps")
struct StepTests {
    /// One of each component, at these indices: 0 s (station), 1 lb, 2 app, 3 pool, 4 cache,
    /// 5 db (two shards), 6 jobs.
    static let components = """
          s: { type: station, service: 1ms }
          lb: { type: load_balancer, backend: app }
          app: { type: app_server, replicas: 2 }
          pool: { type: pool, size: 4 }
          cache: { type: cache, ttl: 1m }
          db: { type: database, shards: 2 }
          jobs: { type: queue, workers: 1, job: [ { delay: 1s } ] }
        """

    /// The steps of the one flow `flow` (YAML lines indented by 4).
    func steps(_ flow: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Step] {
        try loadSpec(model(components: Self.components, flow: flow), sourceLocation: sourceLocation).classes[0].steps
    }

    @Test func visit() throws {
        #expect(try steps("    - visit: s") == [.visit(station: 0, service: .constant(seconds("1ms")))])
        #expect(try steps("    - { visit: s, time: 3ms }") == [.visit(station: 0, service: .constant(seconds("3ms")))])
    }

    @Test func work() throws {
        #expect(try steps("""
                - work: app
                  time: { p50: 3ms, p99: 20ms }
            """) == [.work(server: 2, service: .lognormal(p50: seconds("3ms"), p99: seconds("20ms")))])
    }

    static let delays: [(String, Distribution)] = [
        ("200ms", .constant(seconds("200ms"))),
        ("{ exponential: 80ms }", .exponential(mean: seconds("80ms"))),
        ("{ uniform: [1s, 2s] }", .uniform(min: 1, max: 2)),
        ("{ p50: 100ms, p99: 1s }", .lognormal(p50: seconds("100ms"), p99: 1)),
        ("0", .constant(0)),
    ]

    @Test("delay takes any distribution form", arguments: delays)
    func delay(text: String, distribution: Distribution) throws {
        #expect(try steps("    - delay: \(text)") == [.delay(distribution)])
    }

    @Test func holdAPoolAroundSteps() throws {
        #expect(try steps("""
                - with: pool
                  do:
                    - { read: db, time: 5ms }
                    - { write: db, time: 6ms }
            """) == [.hold(pool: 3, steps: [
                .read(database: 5, service: .constant(seconds("5ms")), consistent: false),
                .write(database: 5, service: .constant(seconds("6ms"))),
            ])])
    }

    @Test func cacheGetWithEitherOrBothOrNeitherArm() throws {
        let set = Step.cacheSet(cache: 4)
        let visit = Step.visit(station: 0, service: .constant(seconds("1ms")))
        #expect(try steps("""
                - cache_get: cache
                  on_miss: [ { visit: s }, { cache_set: cache } ]
            """) == [.cacheGet(cache: 4, hit: [], miss: [visit, set])])
        #expect(try steps("""
                - cache_get: cache
                  on_hit: [ { visit: s } ]
            """) == [.cacheGet(cache: 4, hit: [visit], miss: [])])
        #expect(try steps("""
                - cache_get: cache
                  on_hit: [ { visit: s } ]
                  on_miss: [ { cache_set: cache } ]
            """) == [.cacheGet(cache: 4, hit: [visit], miss: [set])])
        #expect(try steps("    - cache_get: cache") == [.cacheGet(cache: 4, hit: [], miss: [])])
        #expect(try steps("    - { cache_get: cache, on_hit: [], on_miss: }") == [.cacheGet(cache: 4, hit: [], miss: [])])
    }

    @Test func cacheSetAndInvalidate() throws {
        #expect(try steps("""
                - cache_set: cache
                - invalidate: cache
            """) == [.cacheSet(cache: 4), .invalidate(cache: 4)])
    }

    @Test func readsAreOnReplicasUnlessConsistent() throws {
        #expect(try steps("""
                - { read: db, time: 1ms }
                - { read: db, time: 1ms, consistent: true }
                - { read: db, time: 1ms, consistent: false }
            """) == [
                .read(database: 5, service: .constant(seconds("1ms")), consistent: false),
                .read(database: 5, service: .constant(seconds("1ms")), consistent: true),
                .read(database: 5, service: .constant(seconds("1ms")), consistent: false),
            ])
    }

    @Test func writeAndCrossShard() throws {
        #expect(try steps("""
                - write: db
                  time: { exponential: 12ms }
                - cross_shard: db
                  time: 20ms
            """) == [
                .write(database: 5, service: .exponential(mean: seconds("12ms"))),
                .crossShard(database: 5, service: .constant(seconds("20ms"))),
            ])
    }

    @Test func enqueue() throws {
        #expect(try steps("    - enqueue: jobs") == [.enqueue(queue: 6)])
    }

    @Test func parallelNamedArmsKeepFileOrder() throws {
        #expect(try steps("""
                - parallel:
                    sms:   [ { delay: 500ms } ]
                    email: [ { delay: 300ms }, { visit: s } ]
                    push:  [ { delay: 80ms } ]
            """) == [.parallel([
                [.delay(.constant(seconds("500ms")))],
                [.delay(.constant(seconds("300ms"))), .visit(station: 0, service: .constant(seconds("1ms")))],
                [.delay(.constant(seconds("80ms")))],
            ])])
    }

    @Test func parallelListOfStepLists() throws {
        #expect(try steps("""
                - parallel:
                    - [ { delay: 1s } ]
                    - - cache_set: cache
                      - enqueue: jobs
            """) == [.parallel([[.delay(.constant(1))], [.cacheSet(cache: 4), .enqueue(queue: 6)]])])
    }

    @Test func branchArmsHoldAnyStep() throws {
        #expect(try steps("""
                - branch:
                    - p: 25%
                      do: [ { work: app, time: 1ms }, { enqueue: jobs } ]
                    - p: 50%
                      do: [ { invalidate: cache } ]
            """) == [.branch([
                BranchArm(probability: 0.25, steps: [.work(server: 2, service: .constant(seconds("1ms"))), .enqueue(queue: 6)]),
                BranchArm(probability: 0.5, steps: [.invalidate(cache: 4)]),
            ])])
    }

    @Test func deepNestingKeepsIndicesAndOrder() throws {
        #expect(try steps("""
                - work: app
                  time: 1ms
                - cache_get: cache
                  on_miss:
                    - with: pool
                      do:
                        - parallel:
                            a: [ { read: db, time: 2ms, consistent: true } ]
                            b:
                              - branch:
                                  - { p: 10%, do: [ { delay: 1s } ] }
                    - cache_set: cache
            """) == [
                .work(server: 2, service: .constant(seconds("1ms"))),
                .cacheGet(cache: 4, hit: [], miss: [
                    .hold(pool: 3, steps: [.parallel([
                        [.read(database: 5, service: .constant(seconds("2ms")), consistent: true)],
                        [.branch([BranchArm(probability: 0.1, steps: [.delay(.constant(1))])])],
                    ])]),
                    .cacheSet(cache: 4),
                ]),
            ])
    }

    @Test func jobsTakeEveryStepButWork() throws {
        let text = """
            duration: 100s
            traffic: { rate: 1/s }
            components:
              s: { type: station, service: 1ms }
              pool: { type: pool, size: 1 }
              cache: { type: cache, ttl: 1m }
              db: { type: database }
              other: { type: queue, workers: 1, job: [ { delay: 1ms } ] }
              jobs:
                type: queue
                workers: 1
                job:
                  - visit: s
                  - delay: 1ms
                  - with: pool
                    do: [ { read: db, time: 1ms }, { write: db, time: 1ms }, { cross_shard: db, time: 1ms } ]
                  - cache_get: cache
                    on_miss: [ { cache_set: cache } ]
                  - invalidate: cache
                  - enqueue: other
                  - parallel: [ [ { delay: 1ms } ], [ { delay: 2ms } ] ]
                  - branch: [ { p: 50%, do: [ { delay: 1ms } ] } ]
            flows:
              default: [ { enqueue: jobs } ]
            """
        let spec = try loadSpec(text)
        guard case .queue(let queue) = spec.components[5].kind else {
            Issue.record("expected a queue, found \(spec.components[5])")
            return
        }
        #expect(queue.job.count == 8)
        #expect(queue.job[0] == .visit(station: 0, service: .constant(seconds("1ms"))))
        #expect(queue.job[5] == .enqueue(queue: 4))
        #expect(spec.classes[0].steps == [.enqueue(queue: 5)])
    }
}
