import Foundation
import GRDB

/// A saturation forecast as the command line hands it to the store, with the runs it used.
///
/// The store does not know the forecast's type (it lives in the analysis module): it keeps the
/// headline columns for SQL and the whole forecast as JSON (`result`, encoded with the store's
/// sorted snake_case encoder; read it back with ``StoredForecast/decodeResult(_:)``).
public struct ForecastRecord: Sendable {
    /// One run of the search: what it did (`light`, `search` or `relaxed`) and at which load.
    public struct Run: Sendable {
        public var record: RunRecord
        public var role: String
        public var load: Double

        public init(record: RunRecord, role: String, load: Double) {
            self.record = record
            self.role = role
            self.load = load
        }
    }

    public var createdAt: Date
    public var modelName: String
    public var modelFile: String
    public var modelText: String
    public var modelHash: String
    public var overrides: [String]
    /// `load`, or the path searched along.
    public var axis: String
    /// The objectives as JSON text.
    public var sloJSON: String
    public var seed: UInt64
    public var replications: Int
    public var toolVersion: String
    /// `ok`, `not_reached` or `fails_at_start`.
    public var status: String
    /// The load found and its confidence interval, in axis units; nil unless ok.
    public var saturation: Double?
    public var lower: Double?
    public var upper: Double?
    /// Arrivals per second at the saturation load and at the operational bound.
    public var saturationRate: Double?
    public var boundRate: Double?
    public var bottleneck: String?
    public var nextBottleneck: String?
    public var wallSeconds: Double
    /// The whole forecast, as JSON text.
    public var resultJSON: String
    public var runs: [Run]

    public init(
        createdAt: Date, modelName: String, modelFile: String, modelText: String, modelHash: String,
        overrides: [String], axis: String, sloJSON: String, seed: UInt64, replications: Int, toolVersion: String,
        status: String, saturation: Double?, lower: Double?, upper: Double?, saturationRate: Double?,
        boundRate: Double?, bottleneck: String?, nextBottleneck: String?, wallSeconds: Double, resultJSON: String,
        runs: [Run]
    ) {
        self.createdAt = createdAt
        self.modelName = modelName
        self.modelFile = modelFile
        self.modelText = modelText
        self.modelHash = modelHash
        self.overrides = overrides
        self.axis = axis
        self.sloJSON = sloJSON
        self.seed = seed
        self.replications = replications
        self.toolVersion = toolVersion
        self.status = status
        self.saturation = saturation
        self.lower = lower
        self.upper = upper
        self.saturationRate = saturationRate
        self.boundRate = boundRate
        self.bottleneck = bottleneck
        self.nextBottleneck = nextBottleneck
        self.wallSeconds = wallSeconds
        self.resultJSON = resultJSON
        self.runs = runs
    }

    /// Encodes a forecast value the way the store keeps JSON (sorted snake_case keys,
    /// non-finite numbers as strings).
    public static func encode(_ value: some Encodable) throws -> String {
        try StoreCoding.encodeJSON(value)
    }
}

/// A forecast read back: its row, and the runs it used in the order they were stored.
public struct StoredForecast: Sendable, Equatable {
    public struct Run: Sendable, Equatable {
        public var runID: Int64
        public var role: String
        public var load: Double
    }

    public var id: Int64
    public var uid: String
    public var createdAt: Date
    public var modelName: String
    public var modelFile: String
    public var modelText: String
    public var overrides: [String]
    public var axis: String
    public var status: String
    public var saturation: Double?
    public var lower: Double?
    public var upper: Double?
    public var saturationRate: Double?
    public var boundRate: Double?
    public var bottleneck: String?
    public var nextBottleneck: String?
    public var replications: Int
    public var wallSeconds: Double
    public var resultJSON: String
    public var runs: [Run]

    /// Decodes ``resultJSON`` (for example into the analysis module's `SaturationForecast`).
    public func decodeResult<T: Decodable>(_ type: T.Type) throws -> T {
        try StoreCoding.decodeJSON(type, from: resultJSON)
    }
}

extension RunStore {
    /// Saves a forecast and every run it used in one transaction: each run is its own group;
    /// returns the forecast's id.
    @discardableResult
    public func save(_ forecast: ForecastRecord) throws -> Int64 {
        do {
            let rows = try forecast.runs.map { try EncodedRun($0.record) }
            let overrides = try StoreCoding.encodeJSON(forecast.overrides)
            return try dbQueue.writeWithoutTransaction { db in
                var forecastID: Int64 = 0
                try db.inTransaction(.immediate) {
                    let first = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM runs") ?? 1
                    try db.execute(sql: """
                        INSERT INTO forecasts (
                            uid, created_at, model_name, model_file, model_text, model_hash, overrides, axis, slo,
                            seed, replications, tool_version, status, saturation, ci_low, ci_high, saturation_rate,
                            bound_rate, bottleneck, next_bottleneck, wall_seconds, result_json)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [
                            StoreCoding.newUID(), StoreCoding.timestamp(forecast.createdAt), forecast.modelName,
                            forecast.modelFile, forecast.modelText, forecast.modelHash, overrides, forecast.axis,
                            forecast.sloJSON, Int64(bitPattern: forecast.seed), forecast.replications,
                            forecast.toolVersion, forecast.status, forecast.saturation, forecast.lower,
                            forecast.upper, forecast.saturationRate, forecast.boundRate, forecast.bottleneck,
                            forecast.nextBottleneck, forecast.wallSeconds, forecast.resultJSON,
                        ])
                    forecastID = db.lastInsertedRowID
                    let link = try db.cachedStatement(
                        sql: "INSERT INTO forecast_runs (forecast_id, run_id, role, load) VALUES (?, ?, ?, ?)")
                    for (offset, (row, run)) in zip(rows, forecast.runs).enumerated() {
                        let id = first + Int64(offset)
                        try Self.insert(row, id: id, groupID: id, db)
                        try link.execute(arguments: [forecastID, id, run.role, run.load])
                    }
                    return .commit
                }
                return forecastID
            }
        } catch {
            throw StoreError.writing(path, error)
        }
    }

    /// The forecast with this id, or nil.
    public func forecast(id: Int64) throws -> StoredForecast? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM forecasts WHERE id = ?", arguments: [id]) else {
                return nil
            }
            let runs = try Row.fetchAll(
                db, sql: "SELECT run_id, role, load FROM forecast_runs WHERE forecast_id = ? ORDER BY run_id",
                arguments: [id]
            ).map { StoredForecast.Run(runID: $0["run_id"], role: $0["role"], load: $0["load"]) }
            return try Self.storedForecast(row, runs: runs)
        }
    }

    /// Every forecast, newest first, without their runs.
    public func listForecasts(limit: Int = 50) throws -> [StoredForecast] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM forecasts ORDER BY created_at DESC, id DESC LIMIT ?", arguments: [limit]
            ).map { try Self.storedForecast($0, runs: []) }
        }
    }

    private static func storedForecast(_ row: Row, runs: [StoredForecast.Run]) throws -> StoredForecast {
        StoredForecast(
            id: row["id"], uid: row["uid"],
            createdAt: StoreCoding.date(fromTimestamp: row["created_at"]) ?? Date(timeIntervalSince1970: 0),
            modelName: row["model_name"], modelFile: row["model_file"], modelText: row["model_text"],
            overrides: try StoreCoding.decodeJSON([String].self, from: row["overrides"]), axis: row["axis"],
            status: row["status"], saturation: row["saturation"], lower: row["ci_low"], upper: row["ci_high"],
            saturationRate: row["saturation_rate"], boundRate: row["bound_rate"], bottleneck: row["bottleneck"],
            nextBottleneck: row["next_bottleneck"], replications: row["replications"], wallSeconds: row["wall_seconds"],
            resultJSON: row["result_json"], runs: runs)
    }
}
