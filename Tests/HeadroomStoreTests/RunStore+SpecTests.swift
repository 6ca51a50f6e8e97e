import Foundation
import GRDB
import HeadroomComponents
import HeadroomKernel
import Testing
@testable import HeadroomStore

/// Runs keep the built specification they simulated (migration v3): saved and read back
/// exactly, absent for runs stored without one or before v3, carried over by merges.
@Suite struct RunStoreSpecTests {
    /// A spec with something of every part: components of each kind, a profile, steps nested.
    static let spec: SimulationSpec = {
        var spec = SimulationSpec(
            name: "shop", duration: 600, warmup: 60, seed: 42,
            components: [
                ComponentSpec(name: "app", kind: .appServer(AppServerSpec(replicas: 2, threads: 8, cores: 2))),
                ComponentSpec(name: "pool", kind: .pool(PoolSpec(size: 10, acquireTimeout: 2))),
                ComponentSpec(name: "cache", kind: .cache(CacheSpec(ttl: 60, capacity: 1000))),
                ComponentSpec(name: "db", kind: .database(DatabaseSpec(
                    cores: 4, replicas: 1, replicationLag: .lognormal(p50: 0.01, p99: 0.2), shards: 2, router: .firstChar))),
            ],
            classes: [
                ClassSpec(
                    name: "view", rate: 100,
                    steps: [
                        .work(server: 0, service: .mixture(weights: [0.9, 0.1], components: [.exponential(mean: 0.002), .constant(0.05)])),
                        .cacheGet(cache: 2, hit: [], miss: [.hold(pool: 1, steps: [.read(database: 3, service: .gamma(shape: 2, scale: 0.003), consistent: false)]), .cacheSet(cache: 2)]),
                    ],
                    keys: Popularity(count: 5000, zipf: 1.1),
                    profile: .spike(start: 100, duration: 60, factor: 3, rise: 5)),
            ])
        spec.slo = ServiceLevel(p99: 0.5, errorRate: 0.01)
        return spec
    }()

    @Test(arguments: StoreKind.allCases)
    func theSpecRoundTrips(kind: StoreKind) throws {
        try withStore(kind) { store in
            var record = Fixtures.record(seed: 42)
            record.spec = Self.spec
            let plain = Fixtures.record(seed: 43)
            let ids = try store.save([record, plain])
            let stored = try #require(try store.run(id: ids[0]))
            #expect(stored.spec == Self.spec)
            #expect(stored.record == record)
            #expect(try store.spec(runID: ids[0]) == Self.spec)
            // Saved without one: none comes back.
            #expect(try store.run(id: ids[1])?.spec == nil)
            #expect(try store.spec(runID: ids[1]) == nil)
            #expect(try store.spec(runID: ids[1] + 10) == nil)
        }
    }

    /// A store written before v3 is migrated: its runs read back with no spec, new runs keep one.
    @Test func aVersion2StoreGainsTheColumn() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("old.sqlite")
        do {
            let store = try RunStore(path: path)
            try store.save([Fixtures.record(seed: 1)])
            // Undo v3 by hand, as a store written by the previous version would be.
            try store.dbQueue.write { db in
                try db.execute(sql: "ALTER TABLE runs DROP COLUMN spec_json")
                try db.execute(sql: "ALTER TABLE runs DROP COLUMN verdict")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v3'")
            }
        }
        let store = try RunStore(path: path)
        #expect(try store.run(id: 1)?.spec == nil)
        #expect(try store.listRuns().first?.verdict == nil)
        var record = Fixtures.record(seed: 2)
        record.spec = Self.spec
        record.result.verdict = .sloMissed
        let id = try store.save([record])[0]
        #expect(try store.run(id: id)?.spec == Self.spec)
        #expect(try store.listing(id: id)?.verdict == .sloMissed)
    }

    @Test(arguments: StoreKind.allCases)
    func mergeCarriesTheSpec(kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let inputPath = directory.path("in.sqlite")
        let input = try RunStore(path: inputPath)
        var record = Fixtures.record(seed: 5)
        record.spec = Self.spec
        try input.save([record])
        try withStore(kind) { output in
            try output.save([Fixtures.record(seed: 99)])
            _ = try output.merge(from: inputPath)
            let copied = try #require(try output.listRuns().first { $0.seed == 5 })
            #expect(try output.spec(runID: copied.id) == Self.spec)
        }
    }
}
