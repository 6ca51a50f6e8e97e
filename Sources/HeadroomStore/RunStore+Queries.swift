import Foundation
import GRDB
import HeadroomComponents

extension RunStore {
    /// The most recent runs, newest first, optionally of one model only.
    ///
    /// Order: `created_at` descending; runs of one invocation stay together, by replication.
    ///
    /// - parameters:
    ///   - limit: Most rows returned (`Int.max` for all; 0 or less returns none).
    ///   - model: Only runs whose model name is exactly this one; nil for all models.
    public func listRuns(limit: Int = 50, model: String? = nil) throws -> [RunListing] {
        guard limit > 0 else { return [] }
        return try read { db in
            let rows = try Row.fetchAll(db, sql: Self.listingSQL + """
                WHERE ?1 IS NULL OR r.model_name = ?1
                ORDER BY r.created_at DESC, r.group_id DESC, r.replication ASC, r.id ASC
                LIMIT ?2
                """, arguments: [model, Int64(clamping: limit)])
            return try rows.map(Self.listing)
        }
    }

    /// The listing line of the run with this id (no result decoded), or nil if there is none:
    /// a cheap way to check that a run exists.
    public func listing(id: Int64) throws -> RunListing? {
        try read { db in
            try Row.fetchOne(db, sql: Self.listingSQL + "WHERE r.id = ?", arguments: [id]).map(Self.listing)
        }
    }

    /// The run with this id and its full result, or nil if there is none.
    public func run(id: Int64) throws -> StoredRun? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id])
                .map { try Self.storedRun($0, db) }
        }
    }

    /// The built specification run `id` simulated; nil when there is no such run or it was
    /// stored without one (before migration v3). Reads that column only.
    public func spec(runID id: Int64) throws -> SimulationSpec? {
        try read { db in
            guard let text = try String.fetchOne(db, sql: "SELECT spec_json FROM runs WHERE id = ?", arguments: [id])
            else { return nil }
            do {
                return try StoreCoding.decodeJSON(SimulationSpec.self, from: text)
            } catch {
                throw Self.corrupt(id: id, "its spec_json cannot be decoded (\(error))")
            }
        }
    }

    /// All runs of one invocation (those whose `group_id` is `groupID`), by replication.
    public func runs(groupID: Int64) throws -> [StoredRun] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM runs WHERE group_id = ? ORDER BY replication, id",
                arguments: [groupID]
            ).map { try Self.storedRun($0, db) }
        }
    }

    /// Points of a run's time series, by time (points of one window in the order the run
    /// recorded them); empty when the run does not exist or nothing matches.
    ///
    /// - parameters:
    ///   - scope: Only this scope: a component name, or "" for run-wide metrics; nil for all.
    ///   - metric: Only this metric, e.g. `latency_p99`; nil for all.
    public func series(runID: Int64, scope: String? = nil, metric: String? = nil) throws -> [SeriesPoint] {
        // Conditions only for the filters given, so that SQLite can use the index
        // (run_id, scope, metric, time) for both the lookup and the order.
        var conditions = ["run_id = ?"]
        var arguments: StatementArguments = [runID]
        if let scope {
            conditions.append("scope = ?")
            _ = arguments.append(contentsOf: [scope])
        }
        if let metric {
            conditions.append("metric = ?")
            _ = arguments.append(contentsOf: [metric])
        }
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT time, scope, metric, value FROM series
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY time, seq
                """, arguments: arguments
            ).map(Self.seriesPoint)
        }
    }

    /// The (scope, metric) pairs of a run's time series, in the order they first appear (run-wide
    /// metrics and components as the run recorded them); empty when the run has no series.
    public func seriesKeys(runID: Int64) throws -> [SeriesKey] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT scope, metric FROM series WHERE run_id = ? GROUP BY scope, metric ORDER BY MIN(seq)
                """, arguments: [runID]
            ).map { SeriesKey(scope: $0["scope"], metric: $0["metric"]) }
        }
    }

    /// The alerts a run fired, in time order (as in its result); empty when the run does not
    /// exist or fired none.
    public func alerts(runID: Int64) throws -> [AlertEvent] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT name, scope, metric, threshold, fired_at, resolved_at, peak FROM alerts
                WHERE run_id = ? ORDER BY fired_at, rowid
                """, arguments: [runID]
            ).map { row in
                AlertEvent(
                    name: try row.decode(forColumn: "name"), scope: try row.decode(forColumn: "scope"),
                    metric: try row.decode(forColumn: "metric"),
                    threshold: try row.decode(Double?.self, forColumn: "threshold") ?? .nan,
                    firedAt: try row.decode(forColumn: "fired_at"),
                    resolvedAt: try row.decode(forColumn: "resolved_at"),
                    peak: try row.decode(Double?.self, forColumn: "peak") ?? .nan)
            }
        }
    }

    /// How many runs the store holds, optionally of one model only.
    public func count(model: String? = nil) throws -> Int {
        try read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM runs WHERE ?1 IS NULL OR model_name = ?1",
                arguments: [model]) ?? 0
        }
    }

    // MARK: Decoding rows

    /// Runs `body` in a read transaction, translating failures into ``StoreError``.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try dbQueue.read(body)
        } catch {
            throw StoreError.reading(path, error)
        }
    }

    /// The columns of a ``RunListing``, from `runs r`; the caller appends WHERE and ORDER.
    private static let listingSQL = """
        SELECT r.id, r.created_at, r.model_name, r.seed, r.status, r.status_reason, r.verdict,
               r.simulated_seconds, r.wall_seconds, r.events, r.group_id, r.replication,
               r.replication_count,
               (SELECT value FROM run_metrics WHERE run_id = r.id AND metric = 'throughput') AS throughput,
               (SELECT value FROM run_metrics WHERE run_id = r.id AND metric = 'latency_p99') AS p99
        FROM runs r

        """

    private static func listing(_ row: Row) throws -> RunListing {
        RunListing(
            id: try row.decode(forColumn: "id"),
            createdAt: try date(row),
            modelName: try row.decode(forColumn: "model_name"),
            seed: UInt64(bitPattern: try row.decode(Int64.self, forColumn: "seed")),
            status: try status(row),
            statusReason: try row.decode(forColumn: "status_reason"),
            verdict: (try row.decode(String?.self, forColumn: "verdict")).flatMap(Verdict.init(rawValue:)),
            simulatedSeconds: try row.decode(forColumn: "simulated_seconds"),
            wallSeconds: try row.decode(forColumn: "wall_seconds"),
            events: UInt64(bitPattern: try row.decode(Int64.self, forColumn: "events")),
            // NULL stands for the NaN that SQLite cannot store.
            throughput: try row.decode(Double?.self, forColumn: "throughput") ?? .nan,
            p99: try row.decode(Double?.self, forColumn: "p99") ?? .nan,
            groupID: try row.decode(forColumn: "group_id"),
            replication: try row.decode(forColumn: "replication"),
            replicationCount: try row.decode(forColumn: "replication_count"))
    }

    /// A row of `series` (NULL stands for NaN).
    private static func seriesPoint(_ row: Row) throws -> SeriesPoint {
        SeriesPoint(
            time: try row.decode(forColumn: "time"), scope: try row.decode(forColumn: "scope"),
            metric: try row.decode(forColumn: "metric"),
            value: try row.decode(Double?.self, forColumn: "value") ?? .nan)
    }

    /// A run row with its result; the series, which `result_json` leaves out, comes from the
    /// `series` table in the order it was saved.
    private static func storedRun(_ row: Row, _ db: Database) throws -> StoredRun {
        let id: Int64 = try row.decode(forColumn: "id")
        var result: RunResult
        let overrides: [String]
        let spec: SimulationSpec?
        do {
            result = try StoreCoding.decodeJSON(RunResult.self, from: try row.decode(forColumn: "result_json"))
            overrides = try StoreCoding.decodeJSON([String].self, from: try row.decode(forColumn: "overrides"))
            let specJSON: String? = try row.decode(forColumn: "spec_json")
            spec = try specJSON.map { try StoreCoding.decodeJSON(SimulationSpec.self, from: $0) }
        } catch {
            throw corrupt(id: id, "its JSON cannot be decoded (\(error))")
        }
        result.series = try Row.fetchAll(
            db, sql: "SELECT time, scope, metric, value FROM series WHERE run_id = ? ORDER BY seq", arguments: [id]
        ).map(seriesPoint)
        return StoredRun(
            id: id,
            createdAt: try date(row),
            modelName: try row.decode(forColumn: "model_name"),
            modelFile: try row.decode(forColumn: "model_file"),
            modelText: try row.decode(forColumn: "model_text"),
            modelHash: try row.decode(forColumn: "model_hash"),
            seed: UInt64(bitPattern: try row.decode(Int64.self, forColumn: "seed")),
            overrides: overrides,
            toolVersion: try row.decode(forColumn: "tool_version"),
            status: try status(row),
            statusReason: try row.decode(forColumn: "status_reason"),
            simulatedSeconds: try row.decode(forColumn: "simulated_seconds"),
            warmupSeconds: try row.decode(forColumn: "warmup_seconds"),
            wallSeconds: try row.decode(forColumn: "wall_seconds"),
            events: UInt64(bitPattern: try row.decode(Int64.self, forColumn: "events")),
            groupID: try row.decode(forColumn: "group_id"),
            replication: try row.decode(forColumn: "replication"),
            replicationCount: try row.decode(forColumn: "replication_count"),
            result: result, spec: spec)
    }

    private static func date(_ row: Row) throws -> Date {
        let id: Int64 = try row.decode(forColumn: "id")
        let text: String = try row.decode(forColumn: "created_at")
        guard let date = StoreCoding.date(fromTimestamp: text) else {
            throw corrupt(id: id, "created_at '\(text)' is not an ISO-8601 UTC timestamp")
        }
        return date
    }

    private static func status(_ row: Row) throws -> RunStatus {
        let id: Int64 = try row.decode(forColumn: "id")
        let text: String = try row.decode(forColumn: "status")
        guard let status = RunStatus(rawValue: text) else {
            throw corrupt(id: id, "status '\(text)' is unknown")
        }
        return status
    }

    /// A row that the schema allowed but this version cannot read; the path is added by `read`.
    private static func corrupt(id: Int64, _ reason: String) -> any Error {
        RowError(message: "run \(id): \(reason)")
    }
}

/// A row that cannot be turned into a value; ``StoreError/reading(_:_:)`` adds the path.
struct RowError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
