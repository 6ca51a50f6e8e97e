import Foundation
import GRDB
import HeadroomComponents
import Testing
@testable import HeadroomStore

/// Saving and reading runs. Every test body runs against an in-memory and an on-disk store.
@Suite struct RunStoreTests {
    @Test(arguments: StoreKind.allCases)
    func migrationsCreateTheSchema(kind: StoreKind) throws {
        try withStore(kind) { store in
            let (tables, applied, foreignKeys, cascade) = try store.dbQueue.read { db in
                (
                    try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"),
                    try RunStore.migrator.appliedMigrations(db),
                    try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"),
                    try String.fetchAll(db, sql: """
                        SELECT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f
                        WHERE f."table" = 'runs' AND f.on_delete = 'CASCADE' ORDER BY m.name
                        """)
                )
            }
            #expect(tables == [
                "alerts", "class_metrics", "component_metrics", "forecast_runs", "forecasts", "grdb_migrations",
                "latency_histogram", "plan_runs", "plans", "resource_metrics", "run_metrics", "runs", "series",
                "sweep_points", "sweeps",
            ])
            #expect(applied == ["v1", "v2", "v3", "v4"])
            #expect(foreignKeys == true)
            #expect(cascade == [
                "alerts", "class_metrics", "component_metrics", "latency_histogram", "resource_metrics",
                "run_metrics", "series",
            ])
            #expect(try store.count() == 0)
            #expect(try store.listRuns().isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func saveThenLoadRoundTripsTheRecord(kind: StoreKind) throws {
        try withStore(kind) { store in
            let record = Fixtures.record(seed: 7)
            let ids = try store.save([record])
            #expect(ids.count == 1)
            let stored = try #require(try store.run(id: ids[0]))
            #expect(stored.result == record.result)
            #expect(stored.record == record)
            #expect(stored.id == ids[0])
            #expect(stored.groupID == ids[0])
            #expect(stored.replication == 0 && stored.replicationCount == 1)
            #expect(stored.status == .ok && stored.statusReason == nil)
            #expect(stored.simulatedSeconds == 100 && stored.warmupSeconds == 10 && stored.events == 123_456)
            #expect(try store.run(id: ids[0] + 1) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func awkwardValuesRoundTrip(kind: StoreKind) throws {
        try withStore(kind) { store in
            var result = Fixtures.result(seed: .max, status: .unstable, statusReason: "queue at db passed 1000000")
            result.events = UInt64(Int64.max)
            result.components[1].load.meanWait = .nan
            result.components[1].load.meanResponse = .infinity
            result.components[1].metrics["stale_read_ratio"] = -.infinity
            result.components[1].resources[1].meanResponse = .nan
            var record = Fixtures.record(seed: .max, at: -1.5, result: result)
            record.modelText = "name: \"café ☕️\"\n# ünïcödé, quotes ' \" and back\\slash\n"
            record.overrides = ["a/b=\"c\"", "", "x=√2"]
            let id = try store.save([record])[0]

            let stored = try #require(try store.run(id: id))
            #expect(stored.seed == .max && stored.result.seed == .max)
            #expect(stored.events == UInt64(Int64.max))
            #expect(stored.status == .unstable && stored.statusReason == "queue at db passed 1000000")
            #expect(stored.createdAt == record.createdAt)
            #expect(stored.modelText == record.modelText)
            #expect(stored.overrides == record.overrides)
            #expect(stored.result.components[1].meanWait.isNaN)
            #expect(stored.result.components[1].meanResponse == .infinity)
            #expect(stored.result.components[1].metrics["stale_read_ratio"] == -.infinity)
            #expect(stored.result.components[1].resources[1].meanResponse.isNaN)
            var comparable = stored.result
            comparable.components[1].load.meanWait = 0
            comparable.components[1].resources[1].meanResponse = 0
            result.components[1].load.meanWait = 0
            result.components[1].resources[1].meanResponse = 0
            #expect(comparable == result)
            // SQLite has no NaN: the metric row holds NULL.
            let (meanWait, meanResponse) = try store.dbQueue.read { db in
                (
                    try DatabaseValue.fetchOne(
                        db, sql: "SELECT value FROM component_metrics WHERE run_id = ? AND component = 'db' AND metric = 'mean_wait'",
                        arguments: [id]),
                    try DatabaseValue.fetchOne(
                        db, sql: """
                            SELECT value FROM resource_metrics
                            WHERE run_id = ? AND component = 'db' AND resource = 'db.replica1' AND metric = 'mean_response'
                            """,
                        arguments: [id])
                )
            }
            #expect(meanWait == .null)
            #expect(meanResponse == .null)
            #expect(try store.double(
                "SELECT value FROM component_metrics WHERE run_id = ? AND component = 'db' AND metric = 'stale_read_ratio'",
                [id]) == -.infinity)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func recordsSavedTogetherFormAGroup(kind: StoreKind) throws {
        try withStore(kind) { store in
            let single = try store.save([Fixtures.record(seed: 1)])
            let records = (0..<3).map { Fixtures.record(seed: 10 + UInt64($0), replication: $0, of: 3) }
            let ids = try store.save(records)
            #expect(ids == [single[0] + 1, single[0] + 2, single[0] + 3])
            let group = try store.runs(groupID: ids[0])
            #expect(group.map(\.id) == ids)
            #expect(group.allSatisfy { $0.groupID == ids[0] && $0.replicationCount == 3 })
            #expect(group.map(\.replication) == [0, 1, 2])
            #expect(group.map(\.seed) == [10, 11, 12])
            #expect(try store.run(id: single[0])?.groupID == single[0])
            let next = try store.save([Fixtures.record()])
            #expect(next == [ids[2] + 1])
            #expect(try store.run(id: next[0])?.groupID == next[0])
            #expect(try store.save([]) == [])
            #expect(try store.count() == 5)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func listRunsIsNewestFirstAndFilters(kind: StoreKind) throws {
        try withStore(kind) { store in
            let old = try store.save([Fixtures.record(model: "shop", at: 1_000)])[0]
            let middle = try store.save([
                Fixtures.record(model: "blog", at: 2_000, result: Fixtures.result(throughput: 12.5, p99: 0.125))
            ])[0]
            let group = try store.save((0..<3).map { Fixtures.record(model: "shop", at: 3_000, replication: $0, of: 3) })

            let all = try store.listRuns()
            #expect(all.map(\.id) == group + [middle, old])
            #expect(all.map(\.modelName) == ["shop", "shop", "shop", "blog", "shop"])
            #expect(try store.listRuns(limit: 2).map(\.id) == Array(group.prefix(2)))
            #expect(try store.listRuns(limit: 0).isEmpty)
            #expect(try store.listRuns(limit: .max).count == 5)
            #expect(try store.listRuns(model: "shop").map(\.id) == group + [old])
            #expect(try store.listRuns(limit: 1, model: "blog").map(\.id) == [middle])
            #expect(try store.listRuns(model: "nope").isEmpty)
            #expect(try store.count(model: "shop") == 4)

            let blog = try #require(all.first { $0.id == middle })
            #expect(blog == RunListing(
                id: middle, createdAt: Date(timeIntervalSince1970: 2_000), modelName: "blog", seed: 42,
                status: .ok, statusReason: nil, simulatedSeconds: 100, wallSeconds: 0.75, events: 123_456,
                throughput: 12.5, p99: 0.125, groupID: middle, replication: 0, replicationCount: 1))
            #expect(all.prefix(3).map(\.replication) == [0, 1, 2])
            #expect(all.prefix(3).allSatisfy { $0.groupID == group[0] && $0.replicationCount == 3 })
        }
    }

    @Test(arguments: StoreKind.allCases)
    func metricRowsHoldTheResultsNumbers(kind: StoreKind) throws {
        try withStore(kind) { store in
            let result = Fixtures.result()
            let id = try store.save([Fixtures.record(result: result)])[0]
            func run(_ metric: String) throws -> Double? {
                try store.double("SELECT value FROM run_metrics WHERE run_id = ? AND metric = ?", [id, metric])
            }
            func perClass(_ name: String, _ metric: String) throws -> Double? {
                try store.double(
                    "SELECT value FROM class_metrics WHERE run_id = ? AND class = ? AND metric = ?", [id, name, metric])
            }
            func component(_ name: String, _ metric: String) throws -> Double? {
                try store.double(
                    "SELECT value FROM component_metrics WHERE run_id = ? AND component = ? AND metric = ?",
                    [id, name, metric])
            }

            #expect(try run("throughput") == 99.9)
            #expect(try run("latency_mean") == 0.163)
            #expect(try run("latency_p50") == 0.05)
            #expect(try run("latency_p90") == 0.45)
            #expect(try run("latency_p99") == 0.25)
            #expect(try run("latency_p999") == 0.8)
            #expect(try run("latency_max") == 1.25)
            #expect(try run("latency_count") == 9_990)
            #expect(try run("requests_arrived") == 10_010)
            #expect(try run("requests_completed") == 9_990)
            #expect(try run("requests_rejected") == 10)
            #expect(try run("requests_timed_out") == 5)
            #expect(try run("requests_pool_timed_out") == 3)
            #expect(try run("requests_failed") == 1)
            #expect(try run("requests_in_system") == 4)
            #expect(try run("requests_client_timed_out") == 0)
            #expect(try run("requests_retries") == 0)
            #expect(try run("amplification") == 1)
            #expect(try run("cost") == 0)
            // No SLO, no recovery rows.
            #expect(try run("recovery_peak_backlog") == nil)
            #expect(try store.rowCount("run_metrics") == 19)

            #expect(try perClass("browse", "throughput") == 59.9)
            #expect(try perClass("browse", "requests_failed") == 1)
            #expect(try perClass("checkout", "latency_mean") == 1.0 / 3.0)
            #expect(try perClass("checkout", "latency_p99") == 0.75)
            #expect(try perClass("checkout", "requests_timed_out") == 2)
            #expect(try perClass("browse", "requests_pool_timed_out") == 1)
            #expect(try perClass("checkout", "requests_pool_timed_out") == 2)
            #expect(try perClass("browse", "requests_retries") == 0)
            #expect(try perClass("checkout", "amplification") == 1)
            #expect(try store.rowCount("class_metrics") == 2 * 18)

            let expected: [String: Double] = [
                "servers": 2, "utilization": 0.4, "mean_busy": 0.8, "mean_queue": 3.2, "max_queue": 40,
                "mean_in_station": 4.0, "arrivals": 4_000, "completions": 4_000, "rejected": 0, "timed_out": 0,
                "throughput": 40, "mean_wait": 0.08, "mean_response": 0.1,
            ]
            for (metric, value) in expected {
                #expect(try component("db", metric) == value, "db.\(metric)")
            }
            #expect(try component("api", "servers") == 4)
            #expect(try component("api", "max_queue") == 17)
            #expect(try component("api", "timed_out") == 5)
            #expect(try component("cache", "hit_rate") == 0.9)
            #expect(try component("lb", "replica1_share") == 0.55)
            // 13 load fields per component, plus each component's own metrics.
            #expect(try store.rowCount("component_metrics") == 4 * 13 + 10 + 6 + 4)
            #expect(try store.rowCount("resource_metrics") == 2 * 13)

            let histogram = try store.dbQueue.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT class, seconds, count FROM latency_histogram WHERE run_id = ? ORDER BY class, seconds",
                    arguments: [id]
                ).map { "\($0["class"] as String)|\($0["seconds"] as Double)|\($0["count"] as Int64)" }
            }
            #expect(histogram == [
                "|0.0401|3000", "|0.3|4900", "|1.25|2090",
                "browse|0.0401|3000", "browse|0.0902|2900", "browse|0.61|90",
                "checkout|0.3|2000", "checkout|1.25|2000",
            ])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func runColumnsAndJSONAreReadableWithSQL(kind: StoreKind) throws {
        try withStore(kind) { store in
            let id = try store.save([Fixtures.record(seed: .max, at: 1_750_000_000.123)])[0]
            let row = try #require(try store.dbQueue.read { try Row.fetchOne($0, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]) })
            #expect(row["created_at"] as String == "2025-06-15T15:06:40.123Z")
            #expect(row["seed"] as Int64 == -1)  // UInt64.max as its Int64 bit pattern
            #expect(row["status"] as String == "ok")
            #expect(row["model_hash"] as String == "0123456789abcdef")
            #expect(row["overrides"] as String == #"["stations.api.servers=4","duration=100s"]"#)
            let json: String = row["result_json"]
            #expect(json.hasPrefix(#"{"alerts":[],"classes":[{"histogram":"#))
            #expect(json.contains(#""simulated_seconds":100"#))
            #expect(json.contains(#""timed_out":5"#))
            #expect(json.contains(#""pool_timed_out":3"#))
            // Components are flat: the load's fields, kind, resources and metrics side by side.
            #expect(json.contains(#""hit_rate":0.9"#))
            #expect(json.contains(#""kind":"database""#))
            #expect(try store.double("SELECT json_extract(result_json, '$.components[1].shard0_utilization') FROM runs WHERE id = ?", [id]) == 0.4)
            #expect(try store.double("SELECT json_extract(result_json, '$.components[1].mean_busy') FROM runs WHERE id = ?", [id]) == 0.8)
            #expect(try store.dbQueue.read {
                try String.fetchOne($0, sql: "SELECT json_extract(result_json, '$.components[1].resources[1].name') FROM runs WHERE id = ?", arguments: [id])
            } == "db.replica1")
            #expect(json.contains(#""seed":18446744073709551615"#))
            #expect(try store.double("SELECT json_extract(result_json, '$.latency.p99') FROM runs WHERE id = ?", [id]) == 0.25)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func deletingARunDeletesItsRows(kind: StoreKind) throws {
        try withStore(kind) { store in
            let ids = try store.save([Fixtures.record(), Fixtures.record()])
            try store.dbQueue.write { try $0.execute(sql: "DELETE FROM runs WHERE id = ?", arguments: [ids[0]]) }
            #expect(try store.allRowCounts() == [
                "runs": 1, "run_metrics": 19, "class_metrics": 36, "component_metrics": 72, "resource_metrics": 26,
                "latency_histogram": 8, "series": 0, "alerts": 0,
            ])
        }
    }

    /// Records that break a constraint of the schema, each with the words the error must contain.
    static let invalidRecords: [(String, RunRecord)] = {
        var badReplication = Fixtures.record(replication: 2, of: 2)
        badReplication.modelName = "bad replication"
        var badHash = Fixtures.record()
        badHash.modelHash = "0123456789ABCDEF"
        var duplicateClass = Fixtures.record()
        duplicateClass.result.classes.append(duplicateClass.result.classes[0])
        var tooManyEvents = Fixtures.record()
        tooManyEvents.result.events = .max
        var duplicateResource = Fixtures.record()
        duplicateResource.result.components[1].resources.append(duplicateResource.result.components[1].resources[0])
        return [
            ("replication", badReplication), ("model_hash", badHash), ("UNIQUE", duplicateClass),
            ("events", tooManyEvents), ("resource_metrics", duplicateResource),
        ]
    }()

    @Test(arguments: StoreKind.allCases)
    func aFailedSaveWritesNothing(kind: StoreKind) throws {
        try withStore(kind) { store in
            let first = try store.save([Fixtures.record()])
            let before = try store.allRowCounts()
            for (words, invalid) in Self.invalidRecords {
                // The invalid record comes last, after a valid one that must be rolled back.
                let error = #expect(throws: StoreError.self) {
                    try store.save([Fixtures.record(replication: 0, of: 2), invalid])
                }
                #expect(error?.kind == .writeFailed)
                #expect(error?.message.contains("'\(store.path)'") == true)
                #expect(error?.message.contains(words) == true, "\(error?.message ?? "")")
                #expect(try store.allRowCounts() == before)
            }
            // The store is still usable and ids carry on.
            #expect(try store.save([Fixtures.record()]) == [first[0] + 1])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aDatabaseFromANewerVersionIsRefused(kind: StoreKind) throws {
        try withQueue(kind) { dbQueue, path in
            let store = try RunStore(dbQueue: dbQueue, path: path)
            try store.save([Fixtures.record()])
            // What a later version would do: apply a migration this one does not know.
            try dbQueue.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v8'), ('v9')")
                try db.execute(sql: "CREATE TABLE budgets (id INTEGER PRIMARY KEY)")
            }
            let schema = try dbQueue.read { try String.fetchAll($0, sql: "SELECT name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY name") }

            let error = #expect(throws: StoreError.self) { try RunStore(dbQueue: dbQueue, path: path) }
            #expect(error?.kind == .newerVersion)
            #expect(error?.path == path)
            #expect(error?.message.contains("'\(path)'") == true)
            #expect(error?.message.contains("newer version") == true)
            #expect(error?.message.contains("v8, v9") == true)
            #expect(try dbQueue.read { try String.fetchAll($0, sql: "SELECT name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY name") } == schema)
            #expect(try store.count() == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aForeignSQLiteDatabaseIsRefused(kind: StoreKind) throws {
        try withQueue(kind) { dbQueue, path in
            try dbQueue.write { try $0.execute(sql: "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')") }
            let error = #expect(throws: StoreError.self) { try RunStore(dbQueue: dbQueue, path: path) }
            #expect(error?.kind == .notARunStore)
            #expect(error?.message.contains("'\(path)'") == true)
            #expect(error?.message.contains("notes") == true)
            let tables = try dbQueue.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master") }
            #expect(tables == ["notes"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theStoreCanBeSharedBetweenTasks(kind: StoreKind) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = kind == .inMemory ? try RunStore.inMemory() : try RunStore(path: directory.path("runs.sqlite"))
        let ids = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for task in 0..<8 {
                group.addTask {
                    try store.save((0..<2).map { Fixtures.record(seed: UInt64(task), replication: $0, of: 2) })
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(Set(ids).count == 16)
        #expect(try store.count() == 16)
        for id in ids {
            let run = try #require(try store.run(id: id))
            let group = try store.runs(groupID: run.groupID)
            #expect(group.map(\.replication) == [0, 1])
            #expect(group.map(\.seed) == [run.seed, run.seed])
        }
    }
}
