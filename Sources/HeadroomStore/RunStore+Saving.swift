import Foundation
import GRDB
import HeadroomComponents

extension RunStore {
    /// Writes `records` in one transaction and returns their ids, in order.
    ///
    /// The records form one group (the replications of one invocation): they get consecutive
    /// ids, and each one's `group_id` is the id of the first. With the run rows go their metric,
    /// histogram, time-series and alert rows. If anything fails, nothing at all is written.
    ///
    /// - throws: ``StoreError`` (``StoreError/Kind/writeFailed``), e.g. when a record breaks a
    ///   constraint of the schema (a `modelHash` that is not 16 lowercase hex digits, a
    ///   `replication` outside `0..<replicationCount`, two classes or components with one name).
    @discardableResult
    public func save(_ records: [RunRecord]) throws -> [Int64] {
        try save(records, alsoWriting: nil)
    }

    /// ``save(_:)``, also running `extra` with the group id inside the same transaction.
    func save(_ records: [RunRecord], alsoWriting extra: ((Database, Int64) throws -> Void)?) throws -> [Int64] {
        guard !records.isEmpty else { return [] }
        do {
            // Encode before touching the database: an encoding error writes nothing either.
            let rows = try records.map(EncodedRun.init)
            return try dbQueue.writeWithoutTransaction { db in
                var ids: [Int64] = []
                // IMMEDIATE takes the write lock before reading MAX(id), so that another process
                // cannot take the same ids between the read and the inserts.
                try db.inTransaction(.immediate) {
                    ids = []
                    let first = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM runs") ?? 1
                    for (offset, row) in rows.enumerated() {
                        let id = first + Int64(offset)
                        try Self.insert(row, id: id, groupID: first, db)
                        ids.append(id)
                    }
                    try extra?(db, first)
                    return .commit
                }
                return ids
            }
        } catch {
            throw StoreError.writing(path, error)
        }
    }

    /// Inserts one run row and its metric, histogram, series and alert rows.
    static func insert(_ run: EncodedRun, id: Int64, groupID: Int64, _ db: Database) throws {
        let record = run.record
        let result = record.result
        try db.cachedStatement(sql: """
            INSERT INTO runs (
                id, created_at, model_name, model_file, model_text, model_hash, seed, overrides,
                tool_version, status, status_reason, simulated_seconds, warmup_seconds, wall_seconds,
                events, group_id, replication, replication_count, result_json, uid, spec_json, verdict)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).execute(arguments: [
            id, StoreCoding.timestamp(record.createdAt), record.modelName, record.modelFile,
            record.modelText, record.modelHash, Int64(bitPattern: record.seed), run.overridesJSON,
            record.toolVersion, result.status.rawValue, result.statusReason, result.simulatedSeconds,
            result.warmupSeconds, record.wallSeconds,
            // A count past Int64.max turns negative and fails the CHECK instead of trapping.
            Int64(bitPattern: result.events), groupID, record.replication, record.replicationCount,
            run.resultJSON, StoreCoding.newUID(), run.specJSON, result.verdict?.rawValue,
        ])

        let runMetric = try db.cachedStatement(
            sql: "INSERT INTO run_metrics (run_id, metric, value) VALUES (?, ?, ?)")
        for (metric, value) in result.runMetrics {
            try runMetric.execute(arguments: [id, metric, value])
        }

        let classMetric = try db.cachedStatement(
            sql: "INSERT INTO class_metrics (run_id, class, metric, value) VALUES (?, ?, ?, ?)")
        for requestClass in result.classes {
            for (metric, value) in requestClass.metricRows {
                try classMetric.execute(arguments: [id, requestClass.name, metric, value])
            }
        }

        let componentMetric = try db.cachedStatement(sql: """
            INSERT INTO component_metrics (run_id, component, kind, metric, value) VALUES (?, ?, ?, ?, ?)
            """)
        let resourceMetric = try db.cachedStatement(sql: """
            INSERT INTO resource_metrics (run_id, component, resource, metric, value) VALUES (?, ?, ?, ?, ?)
            """)
        for component in result.components {
            for (metric, value) in component.metricRows {
                try componentMetric.execute(arguments: [id, component.name, component.kind.rawValue, metric, value])
            }
            for resource in component.resources {
                for (metric, value) in resource.metricRows {
                    try resourceMetric.execute(arguments: [id, component.name, resource.name, metric, value])
                }
            }
        }

        let bucket = try db.cachedStatement(
            sql: "INSERT INTO latency_histogram (run_id, class, seconds, count) VALUES (?, ?, ?, ?)")
        let histograms = [("", result.histogram)] + result.classes.map { ($0.name, $0.histogram) }
        for (className, histogram) in histograms {
            for entry in histogram {
                try bucket.execute(arguments: [id, className, entry.seconds, Int64(bitPattern: entry.count)])
            }
        }

        let point = try db.cachedStatement(
            sql: "INSERT INTO series (run_id, seq, time, scope, metric, value) VALUES (?, ?, ?, ?, ?, ?)")
        for (seq, entry) in result.series.enumerated() {
            try point.execute(arguments: [id, seq, entry.time, entry.scope, entry.metric, entry.value])
        }

        let alert = try db.cachedStatement(sql: """
            INSERT INTO alerts (run_id, name, scope, metric, threshold, fired_at, resolved_at, peak)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for event in result.alerts {
            try alert.execute(arguments: [
                id, event.name, event.scope, event.metric, event.threshold, event.firedAt, event.resolvedAt,
                event.peak,
            ])
        }
    }
}

/// A record with its JSON columns already encoded.
struct EncodedRun {
    var record: RunRecord
    var overridesJSON: String
    var resultJSON: String
    var specJSON: String?

    init(_ record: RunRecord) throws {
        self.record = record
        overridesJSON = try StoreCoding.encodeJSON(record.overrides)
        // The series can run to hundreds of thousands of points: they live in the `series`
        // table only, and reading a run puts them back (see `RunStore.storedRun`).
        var result = record.result
        result.series = []
        resultJSON = try StoreCoding.encodeJSON(result)
        specJSON = try record.spec.map { try StoreCoding.encodeJSON($0) }
    }
}
