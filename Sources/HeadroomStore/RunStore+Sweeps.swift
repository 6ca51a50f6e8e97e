import Foundation
import GRDB

/// A sweep as created: what it runs.
public struct SweepRecord: Sendable, Equatable {
    public var createdAt: Date
    public var modelName: String
    public var modelFile: String
    public var modelText: String
    /// The axes as JSON text (`[{"path": ..., "values": [...]}]`).
    public var gridJSON: String
    public var baseOverrides: [String]
    public var replications: Int
    public var seed: UInt64
    public var points: Int

    public init(
        createdAt: Date, modelName: String, modelFile: String, modelText: String, gridJSON: String,
        baseOverrides: [String], replications: Int, seed: UInt64, points: Int
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
    }
}

/// One line of `headroom sweeps`.
public struct SweepListing: Sendable, Equatable {
    public var id: Int64
    public var createdAt: Date
    public var modelName: String
    public var points: Int
    public var pointsDone: Int
    public var status: String
}

/// A finished point of a sweep.
public struct SweepPoint: Sendable, Equatable {
    public var point: Int
    public var overrides: [String]
    public var groupID: Int64
}

extension RunStore {
    /// Creates a sweep with status `running`; returns its id.
    public func createSweep(_ sweep: SweepRecord) throws -> Int64 {
        do {
            let grid = sweep.gridJSON
            let base = try StoreCoding.encodeJSON(sweep.baseOverrides)
            return try dbQueue.write { db in
                try db.execute(sql: """
                    INSERT INTO sweeps (created_at, model_name, model_file, model_text, grid, base_overrides,
                                        replications, seed, points, status, uid)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)
                    """, arguments: [
                        StoreCoding.timestamp(sweep.createdAt), sweep.modelName, sweep.modelFile, sweep.modelText,
                        grid, base, sweep.replications, Int64(bitPattern: sweep.seed), sweep.points,
                        StoreCoding.newUID(),
                    ])
                return db.lastInsertedRowID
            }
        } catch {
            throw StoreError.writing(path, error)
        }
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

    /// All sweeps, newest first, with how many points are stored.
    public func listSweeps() throws -> [SweepListing] {
        do {
            return try dbQueue.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT s.id, s.created_at, s.model_name, s.points, s.status,
                           (SELECT COUNT(*) FROM sweep_points p WHERE p.sweep_id = s.id) AS done
                    FROM sweeps s ORDER BY s.created_at DESC, s.id DESC
                    """
                ).map { row in
                    SweepListing(
                        id: row["id"], createdAt: StoreCoding.date(fromTimestamp: row["created_at"]) ?? Date(timeIntervalSince1970: 0),
                        modelName: row["model_name"], points: row["points"], pointsDone: row["done"], status: row["status"])
                }
            }
        } catch {
            throw StoreError.reading(path, error)
        }
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
}
