import Foundation
import GRDB

/// A stored sweep read back whole: what it runs (model, grid, base overrides) and where it
/// stands, for reports.
public struct SweepDefinition: Sendable, Equatable {
    public var id: Int64
    /// `running` or `done`.
    public var status: String
    /// The sweep as created; ``SweepRecord/gridJSON`` holds the axes.
    public var record: SweepRecord
}

extension RunStore {
    /// The sweep with this id, or nil if there is none.
    public func sweepDefinition(id: Int64) throws -> SweepDefinition? {
        do {
            return try dbQueue.read { db in
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT id, created_at, model_name, model_file, model_text, grid, base_overrides, replications,
                           seed, points, status
                    FROM sweeps WHERE id = ?
                    """, arguments: [id])
                else { return nil }
                let created: String = row["created_at"]
                let record = SweepRecord(
                    createdAt: StoreCoding.date(fromTimestamp: created) ?? Date(timeIntervalSince1970: 0),
                    modelName: row["model_name"], modelFile: row["model_file"], modelText: row["model_text"],
                    gridJSON: row["grid"],
                    baseOverrides: try StoreCoding.decodeJSON([String].self, from: row["base_overrides"]),
                    replications: row["replications"], seed: UInt64(bitPattern: row["seed"] as Int64),
                    points: row["points"])
                return SweepDefinition(id: row["id"], status: row["status"], record: record)
            }
        } catch {
            throw StoreError.reading(path, error)
        }
    }
}
