import Foundation
import GRDB
import HeadroomComponents

/// A sweep as created: what it runs.
public struct SweepRecord: Sendable, Equatable {
    public var createdAt: Date
    public var modelName: String
    public var modelFile: String
    /// The model file's full text: `headroom sweep --resume` runs this, not the file on disk.
    public var modelText: String
    /// The axes as JSON text (`[{"path": ..., "values": [...]}]`).
    public var gridJSON: String
    public var baseOverrides: [String]
    public var replications: Int
    /// The base seed: replication r of every point runs with seed + r.
    public var seed: UInt64
    /// Points in the whole grid (of every shard).
    public var points: Int
    /// The identity that survives `headroom merge`: 32 lowercase hex digits. Nil on creation
    /// gives a random one (an unsharded sweep); the shards of a sharded sweep pass the digest
    /// they share.
    public var uid: String?
    /// Which of ``shardCount`` fixed partitions of the grid this row stands for, from 1; nil
    /// for a whole grid (an unsharded sweep, or a merge of several shards).
    public var shardIndex: Int?
    /// N of `--shard I/N`; nil when ``shardIndex`` is.
    public var shardCount: Int?

    public init(
        createdAt: Date, modelName: String, modelFile: String, modelText: String, gridJSON: String,
        baseOverrides: [String], replications: Int, seed: UInt64, points: Int, uid: String? = nil,
        shardIndex: Int? = nil, shardCount: Int? = nil
    ) {
        self.createdAt = createdAt
        self.modelName = modelName
        self.modelFile = modelFile
        self.modelText = modelText
        self.gridJSON = gridJSON
        self.baseOverrides = baseOverrides
        self.replications = replications
        self.seed = seed
        self.points = points
        self.uid = uid
        self.shardIndex = shardIndex
        self.shardCount = shardCount
    }

    /// Whether the grid point with this index (from 0) is this row's to run (see
    /// ``owns(point:shardIndex:shardCount:)``).
    public func owns(point: Int) -> Bool {
        Self.owns(point: point, shardIndex: shardIndex, shardCount: shardCount)
    }

    /// How many of the grid's points are this row's to run.
    public var ownedPoints: Int {
        (0..<points).filter { owns(point: $0) }.count
    }

    /// Every point of a whole grid; for shard I of N the points p with p mod N = I − 1 (the
    /// round-robin partition of `SweepShard` in HeadroomAnalysis, which this module cannot see).
    static func owns(point: Int, shardIndex: Int?, shardCount: Int?) -> Bool {
        guard let shardIndex, let shardCount, shardCount >= 1 else { return true }
        return point % shardCount == shardIndex - 1
    }
}

/// A sweep read back from the store: its definition, state and how far it got.
public struct StoredSweep: Sendable, Equatable {
    public var id: Int64
    /// What it runs; ``SweepRecord/uid`` is always set.
    public var record: SweepRecord
    /// `running` until every point the row owns is stored, then `done`.
    public var status: String
    /// Points stored (of any shard).
    public var pointsDone: Int
}

/// One line of `headroom sweeps`.
public struct SweepListing: Sendable, Equatable {
    public var id: Int64
    public var createdAt: Date
    public var modelName: String
    public var points: Int
    public var pointsDone: Int
    public var status: String
    /// `--shard I/N` of the row; nil for a whole grid.
    public var shardIndex: Int?
    public var shardCount: Int?
}

/// A finished point of a sweep.
public struct SweepPoint: Sendable, Equatable {
    public var point: Int
    public var overrides: [String]
    public var groupID: Int64
}

/// A finished point of a sweep with its runs' results, by replication.
public struct SweepPointRuns: Sendable {
    /// The point's index in the grid, from 0.
    public var point: Int
    /// Base overrides, then the point's axis values, as `PATH=VALUE`.
    public var overrides: [String]
    /// The runs' ids, by replication.
    public var runIDs: [Int64]
    /// The runs' results, by replication, without their time series (read one run with
    /// ``RunStore/run(id:)`` for that).
    public var results: [RunResult]
}

extension RunStore {
    /// Creates a sweep with status `running`; returns its id.
    ///
    /// - throws: ``StoreError`` when writing fails, e.g. when a sweep with the record's uid is
    ///   already stored (see ``continueSweep(_:)``).
    public func createSweep(_ sweep: SweepRecord) throws -> Int64 {
        do {
            let base = try StoreCoding.encodeJSON(sweep.baseOverrides)
            return try dbQueue.write { db in
                try Self.insertSweep(sweep, baseOverridesJSON: base, db)
            }
        } catch {
            throw StoreError.writing(path, error)
        }
    }

    /// The sweep with the record's uid if the store has one (another run of the same shard, or
    /// of another shard of the same sweep), else a new one: returns its id and whether it existed.
    ///
    /// A row that held another shard than the record's now holds several, so its shard columns
    /// become NULL (the whole grid is its to run), as ``merge(from:)`` does. The record must
    /// have a uid.
    public func continueSweep(_ sweep: SweepRecord) throws -> (id: Int64, existed: Bool) {
        guard let uid = sweep.uid else { return (try createSweep(sweep), false) }
        do {
            let base = try StoreCoding.encodeJSON(sweep.baseOverrides)
            return try dbQueue.write { db in
                if let row = try Row.fetchOne(
                    db, sql: "SELECT id, shard_index, shard_count FROM sweeps WHERE uid = ?", arguments: [uid])
                {
                    let id: Int64 = row["id"]
                    let index: Int? = row["shard_index"]
                    let count: Int? = row["shard_count"]
                    if index != sweep.shardIndex || count != sweep.shardCount {
                        try db.execute(
                            sql: "UPDATE sweeps SET shard_index = NULL, shard_count = NULL WHERE id = ?", arguments: [id])
                    }
                    return (id, true)
                }
                return (try Self.insertSweep(sweep, baseOverridesJSON: base, db), false)
            }
        } catch {
            throw StoreError.writing(path, error)
        }
    }

    private static func insertSweep(_ sweep: SweepRecord, baseOverridesJSON: String, _ db: Database) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO sweeps (created_at, model_name, model_file, model_text, grid, base_overrides,
                                replications, seed, points, status, uid, shard_index, shard_count)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)
            """, arguments: [
                StoreCoding.timestamp(sweep.createdAt), sweep.modelName, sweep.modelFile, sweep.modelText,
                sweep.gridJSON, baseOverridesJSON, sweep.replications, Int64(bitPattern: sweep.seed), sweep.points,
                sweep.uid ?? StoreCoding.newUID(), sweep.shardIndex, sweep.shardCount,
            ])
        return db.lastInsertedRowID
    }

    /// Saves the runs of one sweep point and the point's row in one transaction; returns the run ids.
    @discardableResult
    public func save(_ records: [RunRecord], sweepID: Int64, point: Int, overrides: [String]) throws -> [Int64] {
        let overridesJSON: String
        do {
            overridesJSON = try StoreCoding.encodeJSON(overrides)
        } catch {
            throw StoreError.writing(path, error)
        }
        return try save(records) { db, groupID in
            try db.execute(
                sql: "INSERT INTO sweep_points (sweep_id, point, overrides, group_id) VALUES (?, ?, ?, ?)",
                arguments: [sweepID, point, overridesJSON, groupID])
        }
    }

    /// Marks a sweep `done`.
    public func markSweepDone(id: Int64) throws {
        do {
            try dbQueue.write { db in
                try db.execute(sql: "UPDATE sweeps SET status = 'done' WHERE id = ?", arguments: [id])
            }
        } catch {
            throw StoreError.writing(path, error)
        }
    }

    /// Sets a sweep's status and shard from the points it holds; returns the status.
    ///
    /// The shard columns become NULL once the points span more than one shard or the whole
    /// grid; the status is `done` when every point the row then owns is stored, else `running`.
    @discardableResult
    public func settleSweep(id: Int64) throws -> String {
        do {
            return try dbQueue.write { db in try Self.settleSweep(id: id, db) }
        } catch {
            throw StoreError.writing(path, error)
        }
    }

    /// ``settleSweep(id:)`` inside the caller's transaction.
    static func settleSweep(id: Int64, _ db: Database) throws -> String {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT points, shard_index, shard_count FROM sweeps WHERE id = ?", arguments: [id])
        else { return "running" }
        let total: Int = row["points"]
        var index: Int? = row["shard_index"]
        var count: Int? = row["shard_count"]
        let stored = try Int.fetchAll(db, sql: "SELECT point FROM sweep_points WHERE sweep_id = ?", arguments: [id])
        if let n = count, n >= 1 {
            var shards = Set(stored.map { $0 % n + 1 })
            if let index { shards.insert(index) }
            if shards.count > 1 || stored.count >= total {
                index = nil
                count = nil
            }
        }
        let owned = (0..<total).filter { SweepRecord.owns(point: $0, shardIndex: index, shardCount: count) }
        let status = Set(stored).isSuperset(of: owned) ? "done" : "running"
        try db.execute(
            sql: "UPDATE sweeps SET status = ?, shard_index = ?, shard_count = ? WHERE id = ?",
            arguments: [status, index, count, id])
        return status
    }

    /// All sweeps, newest first, with how many points are stored.
    public func listSweeps() throws -> [SweepListing] {
        do {
            return try dbQueue.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT s.id, s.created_at, s.model_name, s.points, s.status, s.shard_index, s.shard_count,
                           (SELECT COUNT(*) FROM sweep_points p WHERE p.sweep_id = s.id) AS done
                    FROM sweeps s ORDER BY s.created_at DESC, s.id DESC
                    """
                ).map { row in
                    SweepListing(
                        id: row["id"], createdAt: StoreCoding.date(fromTimestamp: row["created_at"]) ?? Date(timeIntervalSince1970: 0),
                        modelName: row["model_name"], points: row["points"], pointsDone: row["done"], status: row["status"],
                        shardIndex: row["shard_index"], shardCount: row["shard_count"])
                }
            }
        } catch {
            throw StoreError.reading(path, error)
        }
    }

    /// The sweep with this id, or nil if there is none.
    public func sweep(id: Int64) throws -> StoredSweep? {
        do {
            return try dbQueue.read { db in
                try Row.fetchOne(db, sql: Self.sweepSQL + "WHERE s.id = ?", arguments: [id]).map(Self.storedSweep)
            }
        } catch {
            throw StoreError.reading(path, error)
        }
    }

    /// The sweep with this uid, or nil if there is none.
    public func sweep(uid: String) throws -> StoredSweep? {
        do {
            return try dbQueue.read { db in
                try Row.fetchOne(db, sql: Self.sweepSQL + "WHERE s.uid = ?", arguments: [uid]).map(Self.storedSweep)
            }
        } catch {
            throw StoreError.reading(path, error)
        }
    }

    private static let sweepSQL = """
        SELECT s.*, (SELECT COUNT(*) FROM sweep_points p WHERE p.sweep_id = s.id) AS done FROM sweeps s

        """

    private static func storedSweep(_ row: Row) throws -> StoredSweep {
        let id: Int64 = row["id"]
        let text: String = row["created_at"]
        guard let created = StoreCoding.date(fromTimestamp: text) else {
            throw RowError(message: "sweep \(id): created_at '\(text)' is not an ISO-8601 UTC timestamp")
        }
        let base: [String]
        do {
            base = try StoreCoding.decodeJSON([String].self, from: row["base_overrides"])
        } catch {
            throw RowError(message: "sweep \(id): its base overrides cannot be decoded (\(error))")
        }
        let record = SweepRecord(
            createdAt: created, modelName: row["model_name"], modelFile: row["model_file"], modelText: row["model_text"],
            gridJSON: row["grid"], baseOverrides: base, replications: row["replications"],
            seed: UInt64(bitPattern: row["seed"]), points: row["points"], uid: row["uid"],
            shardIndex: row["shard_index"], shardCount: row["shard_count"])
        return StoredSweep(id: id, record: record, status: row["status"], pointsDone: row["done"])
    }

    /// The stored points of a sweep, by point.
    public func sweepPoints(sweepID: Int64) throws -> [SweepPoint] {
        do {
            return try dbQueue.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT point, overrides, group_id FROM sweep_points WHERE sweep_id = ? ORDER BY point",
                    arguments: [sweepID]
                ).map { row in
                    SweepPoint(
                        point: row["point"], overrides: try StoreCoding.decodeJSON([String].self, from: row["overrides"]),
                        groupID: row["group_id"])
                }
            }
        } catch {
            throw StoreError.reading(path, error)
        }
    }

    /// The stored points of a sweep with their runs' results (without time series), by point;
    /// what a sweep's summary is made from, so that a resumed sweep prints the same table as
    /// one that ran without a break.
    public func sweepPointRuns(sweepID: Int64) throws -> [SweepPointRuns] {
        do {
            return try dbQueue.read { db in
                var points: [SweepPointRuns] = []
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT p.point, p.overrides, r.id, r.result_json
                    FROM sweep_points p JOIN runs r ON r.group_id = p.group_id
                    WHERE p.sweep_id = ?
                    ORDER BY p.point, r.replication, r.id
                    """, arguments: [sweepID])
                while let row = try rows.next() {
                    let point: Int = row["point"]
                    let id: Int64 = row["id"]
                    let result: RunResult
                    do {
                        result = try StoreCoding.decodeJSON(RunResult.self, from: row["result_json"])
                    } catch {
                        throw RowError(message: "run \(id): its JSON cannot be decoded (\(error))")
                    }
                    if points.last?.point != point {
                        let overrides = try StoreCoding.decodeJSON([String].self, from: row["overrides"])
                        points.append(SweepPointRuns(point: point, overrides: overrides, runIDs: [], results: []))
                    }
                    points[points.count - 1].runIDs.append(id)
                    points[points.count - 1].results.append(result)
                }
                return points
            }
        } catch {
            throw StoreError.reading(path, error)
        }
    }
}
