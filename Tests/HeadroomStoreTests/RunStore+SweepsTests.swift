import Foundation
import GRDB
import HeadroomComponents
import Testing
@testable import HeadroomStore

/// Sweeps in the store: rows, points, shards and how a sweep is settled.
@Suite struct RunStoreSweepsTests {
    /// A sweep of `points` points over the fixture model.
    static func sweep(points: Int = 6, uid: String? = nil, shard: (Int, Int)? = nil, replications: Int = 2) -> SweepRecord {
        SweepRecord(
            createdAt: Date(timeIntervalSince1970: 1_750_000_000.5), modelName: "shop", modelFile: "models/shop.yaml",
            modelText: "name: shop\n", gridJSON: #"[{"path":"traffic.rate","values":["1/s","2/s"]}]"#,
            baseOverrides: ["duration=100s"], replications: replications, seed: 7, points: points, uid: uid,
            shardIndex: shard?.0, shardCount: shard?.1)
    }

    /// Stores point `point` of a sweep: `replications` runs with seeds 7 + r.
    @discardableResult
    static func storePoint(_ store: RunStore, sweepID: Int64, point: Int, replications: Int = 2) throws -> [Int64] {
        let records = (0..<replications).map { r in
            Fixtures.record(
                seed: 7 + UInt64(r), replication: r, of: replications,
                result: Fixtures.timedResult(seed: 7 + UInt64(r), windows: 3 + point))
        }
        return try store.save(records, sweepID: sweepID, point: point, overrides: ["duration=100s", "traffic.rate=\(point)/s"])
    }

    static func row(_ store: RunStore, _ id: Int64) throws -> (status: String, index: Int?, count: Int?) {
        try store.dbQueue.read { db in
            let row = try #require(try Row.fetchOne(
                db, sql: "SELECT status, shard_index, shard_count FROM sweeps WHERE id = ?", arguments: [id]))
            return (row["status"], row["shard_index"], row["shard_count"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aSweepReadsBackWithItsDefinition(kind: StoreKind) throws {
        try withStore(kind) { store in
            let record = Self.sweep(uid: "0123456789abcdef0123456789abcdef", shard: (2, 3))
            let id = try store.createSweep(record)
            let stored = try #require(try store.sweep(id: id))
            #expect(stored.record == record)
            #expect(stored.status == "running")
            #expect(stored.pointsDone == 0)
            #expect(try store.sweep(uid: "0123456789abcdef0123456789abcdef")?.id == id)
            #expect(try store.sweep(id: id + 1) == nil)

            // Without a uid, a random one of 32 hex digits.
            let other = try #require(try store.sweep(id: try store.createSweep(Self.sweep())))
            let uid = try #require(other.record.uid)
            #expect(uid.count == 32 && uid.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        }
    }

    @Test func shardOwnershipIsRoundRobin() {
        let record = Self.sweep(points: 10, shard: (2, 4))
        #expect((0..<10).filter(record.owns(point:)) == [1, 5, 9])
        #expect(record.ownedPoints == 3)
        #expect(Self.sweep(points: 2, shard: (4, 4)).ownedPoints == 0)
        #expect(Self.sweep(points: 10).ownedPoints == 10)
    }

    @Test(arguments: StoreKind.allCases)
    func pointRunsComeBackByPointAndReplication(kind: StoreKind) throws {
        try withStore(kind) { store in
            let id = try store.createSweep(Self.sweep())
            let late = try Self.storePoint(store, sweepID: id, point: 4)
            let early = try Self.storePoint(store, sweepID: id, point: 1)
            let points = try store.sweepPointRuns(sweepID: id)
            #expect(points.map(\.point) == [1, 4])
            #expect(points.map(\.runIDs) == [early, late])
            #expect(points[0].overrides == ["duration=100s", "traffic.rate=1/s"])
            // The results without their series (which only the series table holds).
            var expected = Fixtures.timedResult(seed: 8, windows: 4)
            expected.series = []
            #expect(points[0].results[1] == expected)
            #expect(points[0].results.map(\.seed) == [7, 8])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func settlingFollowsThePointsOwned(kind: StoreKind) throws {
        try withStore(kind) { store in
            // An unsharded sweep is done with all its points.
            let whole = try store.createSweep(Self.sweep(points: 3))
            try Self.storePoint(store, sweepID: whole, point: 0)
            #expect(try store.settleSweep(id: whole) == "running")
            try Self.storePoint(store, sweepID: whole, point: 2)
            try Self.storePoint(store, sweepID: whole, point: 1)
            #expect(try store.settleSweep(id: whole) == "done")

            // Shard 2 of 3 of 7 points owns 1 and 4: done with those, keeps its shard.
            let shard = try store.createSweep(Self.sweep(points: 7, uid: String(repeating: "a", count: 32), shard: (2, 3)))
            try Self.storePoint(store, sweepID: shard, point: 1)
            #expect(try store.settleSweep(id: shard) == "running")
            try Self.storePoint(store, sweepID: shard, point: 4)
            #expect(try store.settleSweep(id: shard) == "done")
            #expect(try Self.row(store, shard) == ("done", 2, 3))

            // A point of another shard: the row stands for the whole grid, which is not complete.
            try Self.storePoint(store, sweepID: shard, point: 0)
            #expect(try store.settleSweep(id: shard) == "running")
            #expect(try Self.row(store, shard) == ("running", nil, nil))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func continuingASweepFindsItsRowByUID(kind: StoreKind) throws {
        try withStore(kind) { store in
            let uid = String(repeating: "b", count: 32)
            let (id, existed) = try store.continueSweep(Self.sweep(uid: uid, shard: (1, 2)))
            #expect(!existed)
            // The same shard again: the same row, unchanged.
            let again = try store.continueSweep(Self.sweep(uid: uid, shard: (1, 2)))
            #expect(again.id == id && again.existed)
            #expect(try Self.row(store, id) == ("running", 1, 2))
            // Another shard of the same sweep: the same row, now for several shards.
            let other = try store.continueSweep(Self.sweep(uid: uid, shard: (2, 2)))
            #expect(other.id == id && other.existed)
            #expect(try Self.row(store, id) == ("running", nil, nil))
            #expect(try store.rowCount("sweeps") == 1)
        }
    }
}
