import Foundation
import GRDB

/// A capacity plan as the command line hands it to the store, with the runs it used.
///
/// The store does not know the plan's type (it lives in the analysis module): it keeps the
/// headline columns for SQL and the whole plan as JSON (`result_json`; read it back with
/// ``StoredPlan/decodeResult(_:)``).
public struct PlanRecord: Sendable {
    /// One run of the plan: a replication of a configuration (`evaluation`) or a probe of the
    /// headroom search (`headroom`), at a traffic scale, with the configuration's overrides.
    public struct Run: Sendable {
        public var record: RunRecord
        public var role: String
        public var scale: Double
        public var configuration: [String]

        public init(record: RunRecord, role: String, scale: Double, configuration: [String]) {
            self.record = record
            self.role = role
            self.scale = scale
            self.configuration = configuration
        }
    }

    public var createdAt: Date
    public var modelName: String
    public var modelFile: String
    public var modelText: String
    public var modelHash: String
    public var overrides: [String]
    /// The planned load, a factor of the model's traffic.
    public var load: Double
    /// The objectives as JSON text.
    public var sloJSON: String
    public var seed: UInt64
    public var replications: Int
    public var toolVersion: String
    /// `met` or `unmeetable`.
    public var status: String
    /// The chosen configuration's overrides that change the model.
    public var changes: [String]
    public var currency: String
    public var costPerHour: Double
    public var currentCostPerHour: Double
    /// Seconds, mean over the replications.
    public var p99: Double
    public var errorRate: Double
    public var saturation: Double?
    public var bottleneck: String?
    public var evaluations: Int
    public var wallSeconds: Double
    /// The whole plan, as JSON text.
    public var resultJSON: String
    public var runs: [Run]

    public init(
        createdAt: Date, modelName: String, modelFile: String, modelText: String, modelHash: String,
        overrides: [String], load: Double, sloJSON: String, seed: UInt64, replications: Int, toolVersion: String,
        status: String, changes: [String], currency: String, costPerHour: Double, currentCostPerHour: Double,
        p99: Double, errorRate: Double, saturation: Double?, bottleneck: String?, evaluations: Int,
        wallSeconds: Double, resultJSON: String, runs: [Run]
    ) {
        self.createdAt = createdAt
        self.modelName = modelName
        self.modelFile = modelFile
        self.modelText = modelText
        self.modelHash = modelHash
        self.overrides = overrides
        self.load = load
        self.sloJSON = sloJSON
        self.seed = seed
        self.replications = replications
        self.toolVersion = toolVersion
        self.status = status
        self.changes = changes
        self.currency = currency
        self.costPerHour = costPerHour
        self.currentCostPerHour = currentCostPerHour
        self.p99 = p99
        self.errorRate = errorRate
        self.saturation = saturation
        self.bottleneck = bottleneck
        self.evaluations = evaluations
        self.wallSeconds = wallSeconds
        self.resultJSON = resultJSON
        self.runs = runs
    }

    /// Encodes a plan value the way the store keeps JSON (sorted snake_case keys, non-finite
    /// numbers as strings).
    public static func encode(_ value: some Encodable) throws -> String {
        try StoreCoding.encodeJSON(value)
    }
}

/// A plan read back: its row, and the runs it used in the order they were stored.
public struct StoredPlan: Sendable, Equatable {
    public struct Run: Sendable, Equatable {
        public var runID: Int64
        public var role: String
        public var scale: Double
        public var configuration: [String]
    }

    public var id: Int64
    public var uid: String
    public var createdAt: Date
    public var modelName: String
    public var modelFile: String
    public var modelText: String
    public var overrides: [String]
    public var load: Double
    public var status: String
    public var changes: [String]
    public var currency: String
    public var costPerHour: Double
    public var currentCostPerHour: Double
    public var p99: Double
    public var errorRate: Double
    public var saturation: Double?
    public var bottleneck: String?
    public var evaluations: Int
    public var wallSeconds: Double
    public var resultJSON: String
    public var runs: [Run]

    /// Decodes ``resultJSON`` (for example into the analysis module's `Plan`).
    public func decodeResult<T: Decodable>(_ type: T.Type) throws -> T {
        try StoreCoding.decodeJSON(type, from: resultJSON)
    }
}

extension RunStore {
    /// Saves a plan and every run it used in one transaction: each run is its own group;
    /// returns the plan's id.
    @discardableResult
    public func save(_ plan: PlanRecord) throws -> Int64 {
        do {
            let rows = try plan.runs.map { try EncodedRun($0.record) }
            let configurations = try plan.runs.map { try StoreCoding.encodeJSON($0.configuration) }
            let overrides = try StoreCoding.encodeJSON(plan.overrides)
            let changes = try StoreCoding.encodeJSON(plan.changes)
            return try dbQueue.writeWithoutTransaction { db in
                var planID: Int64 = 0
                try db.inTransaction(.immediate) {
                    let first = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM runs") ?? 1
                    try db.execute(sql: """
                        INSERT INTO plans (
                            uid, created_at, model_name, model_file, model_text, model_hash, overrides, load, slo,
                            seed, replications, tool_version, status, changes, currency, cost_per_hour,
                            current_cost_per_hour, p99, error_rate, saturation, bottleneck, evaluations, wall_seconds,
                            result_json)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [
                            StoreCoding.newUID(), StoreCoding.timestamp(plan.createdAt), plan.modelName,
                            plan.modelFile, plan.modelText, plan.modelHash, overrides, plan.load, plan.sloJSON,
                            Int64(bitPattern: plan.seed), plan.replications, plan.toolVersion, plan.status, changes,
                            plan.currency, plan.costPerHour, plan.currentCostPerHour, plan.p99, plan.errorRate,
                            plan.saturation, plan.bottleneck, plan.evaluations, plan.wallSeconds, plan.resultJSON,
                        ])
                    planID = db.lastInsertedRowID
                    let link = try db.cachedStatement(sql: """
                        INSERT INTO plan_runs (plan_id, run_id, role, scale, configuration) VALUES (?, ?, ?, ?, ?)
                        """)
                    for (offset, (row, run)) in zip(rows, plan.runs).enumerated() {
                        let id = first + Int64(offset)
                        try Self.insert(row, id: id, groupID: id, db)
                        try link.execute(arguments: [planID, id, run.role, run.scale, configurations[offset]])
                    }
                    return .commit
                }
                return planID
            }
        } catch {
            throw StoreError.writing(path, error)
        }
    }

    /// The plan with this id, or nil.
    public func plan(id: Int64) throws -> StoredPlan? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM plans WHERE id = ?", arguments: [id]) else {
                return nil
            }
            let runs = try Row.fetchAll(
                db, sql: "SELECT run_id, role, scale, configuration FROM plan_runs WHERE plan_id = ? ORDER BY run_id",
                arguments: [id]
            ).map { row in
                StoredPlan.Run(runID: row["run_id"], role: row["role"], scale: row["scale"],
                               configuration: try StoreCoding.decodeJSON([String].self, from: row["configuration"]))
            }
            return try Self.storedPlan(row, runs: runs)
        }
    }

    /// Every plan, newest first, without their runs.
    public func listPlans(limit: Int = 50) throws -> [StoredPlan] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM plans ORDER BY created_at DESC, id DESC LIMIT ?", arguments: [limit]
            ).map { try Self.storedPlan($0, runs: []) }
        }
    }

    private static func storedPlan(_ row: Row, runs: [StoredPlan.Run]) throws -> StoredPlan {
        StoredPlan(
            id: row["id"], uid: row["uid"],
            createdAt: StoreCoding.date(fromTimestamp: row["created_at"]) ?? Date(timeIntervalSince1970: 0),
            modelName: row["model_name"], modelFile: row["model_file"], modelText: row["model_text"],
            overrides: try StoreCoding.decodeJSON([String].self, from: row["overrides"]), load: row["load"],
            status: row["status"], changes: try StoreCoding.decodeJSON([String].self, from: row["changes"]),
            currency: row["currency"], costPerHour: row["cost_per_hour"], currentCostPerHour: row["current_cost_per_hour"],
            p99: row["p99"], errorRate: row["error_rate"], saturation: row["saturation"], bottleneck: row["bottleneck"],
            evaluations: row["evaluations"], wallSeconds: row["wall_seconds"], resultJSON: row["result_json"], runs: runs)
    }
}
