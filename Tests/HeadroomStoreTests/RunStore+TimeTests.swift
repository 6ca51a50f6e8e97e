import Foundation
import GRDB
import HeadroomComponents
import Testing
@testable import HeadroomStore

/// What a run over time adds: its series, alerts, recovery figures, cost, retries and client
/// timeouts. Every storage test runs against an in-memory and an on-disk store.
@Suite struct RunStoreTimeTests {
    @Test(arguments: StoreKind.allCases)
    func aRunOverTimeRoundTripsExactly(kind: StoreKind) throws {
        try withStore(kind) { store in
            let record = Fixtures.record(result: Fixtures.timedResult())
            let id = try store.save([record])[0]
            let stored = try #require(try store.run(id: id))
            #expect(stored.result == record.result)
            #expect(stored.record == record)
            #expect(stored.result.series.count == 10 * Fixtures.seriesKeys.count)
            #expect(stored.result.alerts.map(\.resolvedAt) == [70, nil, nil])
            #expect(stored.result.recovery == Fixtures.recovery)
            #expect(stored.result.cost == 12.345)
            #expect(stored.result.requests.retries == 500 && stored.result.requests.clientTimedOut == 37)
            #expect(stored.result.classes.map(\.requests.retries) == [300, 200])
            #expect(try store.runs(groupID: id).map(\.result) == [record.result])
        }
    }

    @Test func aRunOverTimeSurvivesReopeningTheFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("runs.sqlite")
        let results = (0..<3).map { Fixtures.timedResult(seed: 40 + UInt64($0), windows: 4 + $0) }
        let ids = try RunStore(path: path).save(
            results.enumerated().map { Fixtures.record(seed: 40 + UInt64($0), replication: $0, of: 3, result: $1) })
        let reopened = try RunStore(path: path)
        #expect(try reopened.runs(groupID: ids[0]).map(\.result) == results)
        for (id, result) in zip(ids, results) {
            // Each run has its own points: none leak between the runs of a group.
            #expect(try reopened.run(id: id)?.result.series == result.series)
            #expect(try reopened.series(runID: id).count == result.series.count)
            #expect(try reopened.alerts(runID: id) == result.alerts)
        }
    }

    /// `result_json` leaves the points to the `series` table; everything else is in it.
    @Test(arguments: StoreKind.allCases)
    func resultJSONHoldsAllButTheSeriesPoints(kind: StoreKind) throws {
        try withStore(kind) { store in
            let id = try store.save([Fixtures.record(result: Fixtures.timedResult())])[0]
            let json = try #require(try store.dbQueue.read {
                try String.fetchOne($0, sql: "SELECT result_json FROM runs WHERE id = ?", arguments: [id])
            })
            #expect(json.contains(#""series":[]"#))
            #expect(json.contains(#""cost":12.345"#))
            #expect(json.contains(#""client_timed_out":37"#))
            #expect(json.contains(#""retries":500"#))
            #expect(try store.double("SELECT json_extract(result_json, '$.recovery.peak_backlog') FROM runs WHERE id = ?", [id]) == 1_234)
            #expect(try store.double("SELECT json_extract(result_json, '$.recovery.slo_holds_again_at') FROM runs WHERE id = ?", [id]) == 60)
            #expect(try store.double("SELECT json_array_length(result_json, '$.alerts') FROM runs WHERE id = ?", [id]) == 3)
            #expect(try store.double("SELECT json_extract(result_json, '$.alerts[0].fired_at') FROM runs WHERE id = ?", [id]) == 40)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func seriesRowsHoldEveryPoint(kind: StoreKind) throws {
        try withStore(kind) { store in
            let result = Fixtures.timedResult()
            let id = try store.save([Fixtures.record(result: result)])[0]
            let rows = try store.dbQueue.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT seq, time, scope, metric, value FROM series WHERE run_id = ? ORDER BY seq",
                    arguments: [id])
            }
            #expect(rows.count == result.series.count)
            #expect(try store.rowCount("series") == 90)
            for (seq, (row, point)) in zip(rows, result.series).enumerated() {
                #expect(row["seq"] as Int == seq)
                #expect(row["time"] as Double == point.time)
                #expect(row["scope"] as String == point.scope)
                #expect(row["metric"] as String == point.metric)
                #expect(row["value"] as Double == point.value)
            }
            // Readable with plain SQL, run-wide metrics under scope ''.
            #expect(try store.double(
                "SELECT value FROM series WHERE run_id = ? AND scope = '' AND metric = 'latency_p99' AND time = 40",
                [id]) == 2.0 / 3.0 * 10 + 0.3)
            #expect(try store.double(
                "SELECT MAX(value) FROM series WHERE run_id = ? AND scope = 'db' AND metric = 'queue'", [id])
                == 8.0 / 3.0 * 10 + 0.5)
            #expect(try store.double("SELECT MAX(time) FROM series WHERE run_id = ?", [id]) == 95.5)
            // The lookup by run, scope, metric and time uses the index.
            let plan = try store.dbQueue.read { db in
                try Row.fetchAll(db, sql: """
                    EXPLAIN QUERY PLAN SELECT time, value FROM series
                    WHERE run_id = 1 AND scope = 'db' AND metric = 'queue' ORDER BY time
                    """).map { $0["detail"] as String }
            }
            #expect(plan.joined().contains("series_run_scope_metric_time"), "\(plan)")
            #expect(!plan.joined().contains("TEMP B-TREE"), "\(plan)")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func seriesQueriesFilterAndOrderByTime(kind: StoreKind) throws {
        try withStore(kind) { store in
            let result = Fixtures.timedResult()
            let id = try store.save([Fixtures.record(result: result)])[0]
            _ = try store.save([Fixtures.record(result: Fixtures.timedResult(seed: 9, windows: 2))])

            #expect(try store.series(runID: id) == result.series)
            let p99 = try store.series(runID: id, scope: "", metric: "latency_p99")
            #expect(p99 == result.series.filter { $0.scope == "" && $0.metric == "latency_p99" })
            #expect(p99.map(\.time) == [10, 20, 30, 40, 50, 60, 70, 80, 90, 95.5])
            #expect(try store.series(runID: id, scope: "db").map(\.metric) == Array(
                repeating: ["utilization", "queue"], count: 10).flatMap { $0 })
            let utilization = try store.series(runID: id, metric: "utilization")
            #expect(utilization.count == 20)
            #expect(Set(utilization.map(\.scope)) == ["api", "db"])
            #expect(utilization.map(\.time) == utilization.map(\.time).sorted())
            // Nothing matches: empty, not an error.
            #expect(try store.series(runID: id, scope: "nope").isEmpty)
            #expect(try store.series(runID: id, scope: "api", metric: "hit_rate").isEmpty)
            #expect(try store.series(runID: 999).isEmpty)

            let keys = try store.seriesKeys(runID: id)
            #expect(keys.map(\.scope) == Fixtures.seriesKeys.map(\.scope))
            #expect(keys.map(\.metric) == Fixtures.seriesKeys.map(\.metric))
            #expect(keys.map(\.name).prefix(5) == ["throughput", "latency_p99", "error_rate", "in_system", "api.utilization"])
            #expect(try store.seriesKeys(runID: 999).isEmpty)
        }
    }

    /// Points saved out of time order read back in their order with the run, and by time from
    /// the series query.
    @Test(arguments: StoreKind.allCases)
    func theSeriesKeepsItsOrderAndTheQuerySortsByTime(kind: StoreKind) throws {
        try withStore(kind) { store in
            var result = Fixtures.timedResult(windows: 4)
            result.series.reverse()
            let id = try store.save([Fixtures.record(result: result)])[0]
            #expect(try store.run(id: id)?.result == result)
            let sorted = try store.series(runID: id)
            #expect(sorted.map(\.time) == result.series.map(\.time).sorted())
            #expect(sorted.count == result.series.count)
            // Points of one window keep their saved order.
            #expect(sorted.prefix(2).map(\.metric) == ["hit_rate", "queue"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func awkwardSeriesValuesRoundTrip(kind: StoreKind) throws {
        try withStore(kind) { store in
            var result = Fixtures.timedResult(windows: 2)
            result.series[0].value = .nan
            result.series[1].value = .infinity
            result.series[2].value = -.infinity
            result.series[3].value = 0.1 + 0.2
            result.series[4].value = .leastNonzeroMagnitude
            result.series[5].value = .greatestFiniteMagnitude
            result.series[6].scope = "café ☕️, \"quoted\""
            let id = try store.save([Fixtures.record(result: result)])[0]
            let stored = try #require(try store.run(id: id)).result
            #expect(stored.series[0].value.isNaN)
            var comparable = stored
            comparable.series[0].value = 0
            result.series[0].value = 0
            #expect(comparable == result)
            // SQLite has no NaN: the row holds NULL, which reads back as NaN.
            let value = try store.dbQueue.read { db in
                try DatabaseValue.fetchOne(db, sql: "SELECT value FROM series WHERE run_id = ? AND seq = 0", arguments: [id])
            }
            #expect(value == .null)
            #expect(try store.series(runID: id, scope: "", metric: "throughput").first?.value.isNaN == true)
            #expect(try store.series(runID: id, scope: "café ☕️, \"quoted\"").count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func alertRowsAndQuery(kind: StoreKind) throws {
        try withStore(kind) { store in
            let result = Fixtures.timedResult()
            let id = try store.save([Fixtures.record(result: result)])[0]
            #expect(try store.alerts(runID: id) == result.alerts)
            #expect(try store.alerts(runID: 999).isEmpty)
            let rows = try store.dbQueue.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM alerts WHERE run_id = ? ORDER BY fired_at, rowid", arguments: [id])
            }
            #expect(rows.map { $0["name"] as String } == ["p99 high", "db queue", "api busy"])
            #expect(rows.map { $0["scope"] as String } == ["", "db", "api"])
            #expect(rows.map { $0["metric"] as String } == ["latency_p99", "queue", "utilization"])
            #expect(rows.map { $0["threshold"] as Double } == [0.5, 1.0 / 3.0, 0.8])
            #expect(rows.map { $0["fired_at"] as Double } == [40, 40, 50.5])
            // Still firing at the end: NULL.
            #expect(rows.map { $0["resolved_at"] as Double? } == [70, nil, nil])
            #expect(rows.map { $0["peak"] as Double } == result.alerts.map(\.peak))
            // A run without alerts has no rows, and an empty list in its result.
            let quiet = try store.save([Fixtures.record()])[0]
            #expect(try store.alerts(runID: quiet).isEmpty)
            #expect(try store.run(id: quiet)?.result.alerts == [])
            #expect(try store.rowCount("alerts") == 3)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func recoveryCostAndRetriesAreMetricRows(kind: StoreKind) throws {
        try withStore(kind) { store in
            let id = try store.save([Fixtures.record(result: Fixtures.timedResult())])[0]
            func run(_ metric: String) throws -> Double? {
                try store.double("SELECT value FROM run_metrics WHERE run_id = ? AND metric = ?", [id, metric])
            }
            func perClass(_ name: String, _ metric: String) throws -> Double? {
                try store.double(
                    "SELECT value FROM class_metrics WHERE run_id = ? AND class = ? AND metric = ?", [id, name, metric])
            }
            #expect(try run("recovery_peak_backlog") == 1_234)
            #expect(try run("recovery_seconds_in_violation") == 30)
            #expect(try run("recovery_first_violation") == 30)
            #expect(try run("recovery_slo_holds_again_at") == 60)
            #expect(try run("recovery_time_to_recover") == 30)
            #expect(try run("recovery_violated_at_end") == 0)
            #expect(try run("recovery_requests_lost") == 512)
            #expect(try run("cost") == 12.345)
            #expect(try run("requests_client_timed_out") == 37)
            #expect(try run("requests_retries") == 500)
            #expect(try run("amplification") == 10_010.0 / 9_510.0)
            #expect(try store.rowCount("run_metrics") == 19 + 7)

            #expect(try perClass("browse", "requests_retries") == 300)
            #expect(try perClass("browse", "requests_client_timed_out") == 30)
            #expect(try perClass("checkout", "requests_retries") == 200)
            #expect(try perClass("checkout", "requests_client_timed_out") == 7)
            #expect(try perClass("browse", "amplification") == 6_000.0 / 5_700.0)
            #expect(try perClass("browse", "cost") == nil)
            #expect(try perClass("browse", "recovery_peak_backlog") == nil)
            #expect(try store.rowCount("class_metrics") == 2 * 18)
        }
    }

    /// Optional recovery figures get a row only when present; a run that never recovered says so.
    @Test(arguments: StoreKind.allCases)
    func recoveryRowsFollowWhatTheRunKnows(kind: StoreKind) throws {
        try withStore(kind) { store in
            let neverBroke = Recovery(
                peakBacklog: 3, secondsInViolation: 0, firstViolation: nil, sloHoldsAgainAt: nil, timeToRecover: 0,
                violatedAtEnd: false, requestsLost: 0)
            let stillBroken = Recovery(
                peakBacklog: 90_000, secondsInViolation: 65.5, firstViolation: 30, sloHoldsAgainAt: nil,
                timeToRecover: 65.5, violatedAtEnd: true, requestsLost: 7_000)
            let results = [
                Fixtures.timedResult(recovery: neverBroke), Fixtures.timedResult(recovery: stillBroken),
                Fixtures.timedResult(recovery: nil),
            ]
            let ids = try store.save(results.enumerated().map { Fixtures.record(replication: $0, of: 3, result: $1) })
            func metrics(_ id: Int64) throws -> [String: Double] {
                try store.dbQueue.read { db in
                    let rows = try Row.fetchAll(
                        db, sql: "SELECT metric, value FROM run_metrics WHERE run_id = ? AND metric LIKE 'recovery%'",
                        arguments: [id])
                    return Dictionary(uniqueKeysWithValues: rows.map { ($0["metric"] as String, $0["value"] as Double) })
                }
            }
            #expect(try metrics(ids[0]) == [
                "recovery_peak_backlog": 3, "recovery_seconds_in_violation": 0, "recovery_time_to_recover": 0,
                "recovery_violated_at_end": 0, "recovery_requests_lost": 0,
            ])
            #expect(try metrics(ids[1]) == [
                "recovery_peak_backlog": 90_000, "recovery_seconds_in_violation": 65.5, "recovery_first_violation": 30,
                "recovery_time_to_recover": 65.5, "recovery_violated_at_end": 1, "recovery_requests_lost": 7_000,
            ])
            #expect(try metrics(ids[2]).isEmpty)
            #expect(try store.runs(groupID: ids[0]).map(\.result) == results)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func deletingARunDeletesItsSeriesAndAlerts(kind: StoreKind) throws {
        try withStore(kind) { store in
            let ids = try store.save([Fixtures.record(result: Fixtures.timedResult()), Fixtures.record()])
            _ = try store.save([Fixtures.record(result: Fixtures.timedResult(windows: 3))])
            #expect(try store.rowCount("series") == 90 + 27)
            #expect(try store.rowCount("alerts") == 6)
            try store.dbQueue.write { try $0.execute(sql: "DELETE FROM runs WHERE id = ?", arguments: [ids[0]]) }
            #expect(try store.rowCount("series") == 27)
            #expect(try store.rowCount("alerts") == 3)
            #expect(try store.series(runID: ids[0]).isEmpty)
        }
    }

    /// A point the schema refuses (a NaN time) fails the whole save: no run, no metric rows, no
    /// points of the valid run saved with it.
    @Test(arguments: StoreKind.allCases)
    func aBadPointWritesNothing(kind: StoreKind) throws {
        try withStore(kind) { store in
            try store.save([Fixtures.record(result: Fixtures.timedResult())])
            let before = try store.allRowCounts()
            var bad = Fixtures.timedResult(windows: 2)
            bad.series[5].time = .nan
            let error = #expect(throws: StoreError.self) {
                try store.save([
                    Fixtures.record(replication: 0, of: 2, result: Fixtures.timedResult()),
                    Fixtures.record(replication: 1, of: 2, result: bad),
                ])
            }
            #expect(error?.kind == .writeFailed)
            #expect(error?.message.contains("series.time") == true, "\(error?.message ?? "")")
            #expect(try store.allRowCounts() == before)
        }
    }

    /// A long run: many points are saved and read back in reasonable time.
    @Test func aLongSeriesRoundTrips() throws {
        try withStore(.onDisk) { store in
            var result = Fixtures.result()
            result.series = (0..<5_000).flatMap { w in
                Fixtures.seriesKeys.map { SeriesPoint(time: Double(w + 1), scope: $0.scope, metric: $0.metric, value: Double(w) / 7) }
            }
            let id = try store.save([Fixtures.record(result: result)])[0]
            #expect(try store.run(id: id)?.result == result)
            #expect(try store.series(runID: id, scope: "db", metric: "queue").count == 5_000)
            // The JSON stays small: the points are not in it.
            #expect(try store.double("SELECT length(result_json) FROM runs WHERE id = ?", [id])! < 20_000)
        }
    }
}
