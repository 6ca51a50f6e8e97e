import Foundation
import GRDB
import HeadroomComponents
import Testing
@testable import HeadroomStore

/// `RunStore.merge(from:)`: copying stores into one with new ids, matching by uid.
@Suite struct RunStoreMergeTests {
    typealias Sweeps = RunStoreSweepsTests

    /// Every table a merge writes, with its row count.
    static func counts(_ store: RunStore) throws -> [String: Int] {
        var counts = try store.allRowCounts()
        for table in ["sweeps", "sweep_points", "forecasts", "forecast_runs"] {
            counts[table] = try store.rowCount(table)
        }
        return counts
    }

    /// Everything of a store that a merge must carry over, by identity instead of id: each run
    /// (by uid) with its group (by the first run's uid), full record and the rows hanging off
    /// it; each sweep (by uid) with its points (by point, with their groups' uids); each
    /// forecast (by uid) with its runs' uids.
    static func content(_ store: RunStore) throws -> [String] {
        try store.dbQueue.read { db in
            var lines: [String] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT r.*, g.uid AS group_uid FROM runs r JOIN runs g ON g.id = r.group_id ORDER BY r.uid
                """)
            {
                let id: Int64 = row["id"]
                var fields: [String] = []
                for column in row.columnNames where column != "id" && column != "group_id" {
                    fields.append("\(column)=\(row[column] as DatabaseValue)")
                }
                lines.append("run " + fields.joined(separator: " "))
                for (table, order) in [
                    ("run_metrics", "metric"), ("class_metrics", "class, metric"),
                    ("component_metrics", "component, metric"), ("resource_metrics", "resource, metric"),
                    ("latency_histogram", "rowid"), ("series", "seq"), ("alerts", "rowid"),
                ] {
                    for child in try Row.fetchAll(
                        db, sql: "SELECT * FROM \(table) WHERE run_id = ? ORDER BY \(order)", arguments: [id])
                    {
                        let values = child.columnNames.filter { $0 != "run_id" }.map { "\(child[$0] as DatabaseValue)" }
                        lines.append("  \(table) " + values.joined(separator: " "))
                    }
                }
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM sweeps ORDER BY uid") {
                let fields = row.columnNames.filter { $0 != "id" }.map { "\($0)=\(row[$0] as DatabaseValue)" }
                lines.append("sweep " + fields.joined(separator: " "))
                for point in try Row.fetchAll(db, sql: """
                    SELECT p.point, p.overrides, r.uid FROM sweep_points p JOIN runs r ON r.id = p.group_id
                    WHERE p.sweep_id = ? ORDER BY p.point
                    """, arguments: [row["id"] as Int64])
                {
                    lines.append("  point \(point["point"] as Int) \(point["overrides"] as String) \(point["uid"] as String)")
                }
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM forecasts ORDER BY uid") {
                let fields = row.columnNames.filter { $0 != "id" }.map { "\($0)=\(row[$0] as DatabaseValue)" }
                lines.append("forecast " + fields.joined(separator: " "))
                for link in try Row.fetchAll(db, sql: """
                    SELECT r.uid, f.role, f.load FROM forecast_runs f JOIN runs r ON r.id = f.run_id
                    WHERE f.forecast_id = ? ORDER BY r.uid
                    """, arguments: [row["id"] as Int64])
                {
                    lines.append("  uses \(link["uid"] as String) \(link["role"] as String) \(link["load"] as Double)")
                }
            }
            return lines
        }
    }

    /// Adds a forecast that used the given runs (no API writes forecasts yet in this module).
    static func addForecast(_ store: RunStore, uid: String, runs: [Int64]) throws {
        try store.dbQueue.write { db in
            try db.execute(sql: """
                INSERT INTO forecasts (uid, created_at, model_name, model_file, model_text, model_hash, overrides, axis,
                                       slo, seed, replications, tool_version, status, saturation, ci_low, ci_high,
                                       saturation_rate, bound_rate, bottleneck, next_bottleneck, wall_seconds, result_json)
                VALUES (?, '2025-06-15T15:06:40.123Z', 'shop', 'models/shop.yaml', 'name: shop', '0123456789abcdef',
                        '[]', 'load', '{"p99": 0.5}', 7, 3, '0.1.0', 'ok', 2.5, 2.25, 2.75, 250, 400, 'db', 'app',
                        12.5, '{}')
                """, arguments: [uid])
            let id = db.lastInsertedRowID
            for (k, run) in runs.enumerated() {
                try db.execute(
                    sql: "INSERT INTO forecast_runs (forecast_id, run_id, role, load) VALUES (?, ?, ?, ?)",
                    arguments: [id, run, k == 0 ? "light" : "search", 1.0 + Double(k) / 3])
            }
        }
    }

    /// A store with a bit of everything: a single run, a group of three, a sweep with two
    /// points, a forecast over two of the runs.
    static func populate(_ store: RunStore, seed: UInt64 = 1) throws {
        try store.save([Fixtures.record(seed: seed, result: Fixtures.timedResult(seed: seed))])
        let group = try store.save((0..<3).map { r in
            Fixtures.record(seed: seed + 10 + UInt64(r), replication: r, of: 3)
        })
        let sweep = try store.createSweep(Sweeps.sweep(points: 4))
        try Sweeps.storePoint(store, sweepID: sweep, point: 2)
        try Sweeps.storePoint(store, sweepID: sweep, point: 0)
        try addForecast(store, uid: String(format: "%032x", seed), runs: [group[0], group[2]])
    }

    /// Runs `body` with an input store file holding ``populate(_:seed:)`` and an output store
    /// of the given kind that already holds runs of its own (so ids must move).
    static func withInputAndOutput(_ kind: StoreKind, _ body: (RunStore, String, RunStore) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let inputPath = directory.path("in.sqlite")
        let input = try RunStore(path: inputPath)
        try populate(input)
        try withStore(kind) { output in
            try output.save([Fixtures.record(seed: 99), Fixtures.record(seed: 98)])
            _ = try output.createSweep(Sweeps.sweep(points: 2))
            try body(input, inputPath, output)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func mergeCopiesEveryRowWithNewIds(kind: StoreKind) throws {
        try Self.withInputAndOutput(kind) { input, inputPath, output in
            let before = try Self.content(output)
            let summary = try output.merge(from: inputPath)
            #expect(summary.runsCopied == 8 && summary.runsSkipped == 0)
            #expect(summary.sweepsCopied == 1 && summary.sweepsMatched == 0)
            #expect(summary.pointsCopied == 2 && summary.pointsSkipped == 0)
            #expect(summary.forecastsCopied == 1 && summary.forecastsSkipped == 0)

            // Everything of the input is there, by identity, beside what was there before.
            #expect(Set(try Self.content(output)) == Set(before + (try Self.content(input))))
            let inCounts = try Self.counts(input)
            let outCounts = try Self.counts(output)
            #expect(outCounts["runs"] == inCounts["runs"]! + 2)
            #expect(outCounts["series"] == inCounts["series"])
            #expect(outCounts["sweeps"] == 2)

            // Ids moved past the output's own runs; a copied run reads back as it was saved.
            let copied = try #require(try output.listRuns(limit: 100).first { $0.seed == 1 })
            #expect(copied.id == 3)
            let original = try #require(try input.run(id: 1))
            let stored = try #require(try output.run(id: copied.id))
            #expect(stored.record == original.record)
            let group = try output.runs(groupID: 4)
            #expect(group.map(\.id) == [4, 5, 6] && group.map(\.seed) == [11, 12, 13])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func mergingTwiceChangesNothing(kind: StoreKind) throws {
        try Self.withInputAndOutput(kind) { _, inputPath, output in
            _ = try output.merge(from: inputPath)
            let counts = try Self.counts(output)
            let content = try Self.content(output)
            let again = try output.merge(from: inputPath)
            #expect(again.runsCopied == 0 && again.runsSkipped == 8)
            #expect(again.sweepsCopied == 0 && again.sweepsMatched == 1)
            #expect(again.pointsCopied == 0 && again.pointsSkipped == 2)
            #expect(again.forecastsCopied == 0 && again.forecastsSkipped == 1)
            #expect(try Self.counts(output) == counts)
            #expect(try Self.content(output) == content)
        }
    }

    /// Two stores that each ran one shard of one sweep (same uid) give one sweep, done and no
    /// longer tied to a shard once both halves are in; the same point run twice (a shard
    /// rerun elsewhere) is copied once, without its runs.
    @Test(arguments: StoreKind.allCases)
    func shardsComeTogetherAsOneSweep(kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let uid = String(repeating: "c", count: 32)
        var paths: [String] = []
        for shard in 1...2 {
            let path = directory.path("shard-\(shard).sqlite")
            let store = try RunStore(path: path)
            let id = try store.createSweep(Sweeps.sweep(points: 3, uid: uid, shard: (shard, 2)))
            for point in (0..<3) where point % 2 == shard - 1 {
                try Sweeps.storePoint(store, sweepID: id, point: point)
            }
            #expect(try store.settleSweep(id: id) == "done")
            paths.append(path)
        }
        // The first shard again, run into another store: same points, other runs.
        let rerun = directory.path("shard-1-again.sqlite")
        do {
            let store = try RunStore(path: rerun)
            let id = try store.createSweep(Sweeps.sweep(points: 3, uid: uid, shard: (1, 2)))
            try Sweeps.storePoint(store, sweepID: id, point: 0)
        }

        try withStore(kind) { output in
            let first = try output.merge(from: paths[0])
            #expect(first.sweepsCopied == 1 && first.pointsCopied == 2)
            let id = try #require(first.sweepIDs.first)
            #expect(try Sweeps.row(output, id) == ("done", 1, 2))

            let second = try output.merge(from: paths[1])
            #expect(second.sweepsMatched == 1 && second.pointsCopied == 1 && second.sweepIDs == [id])
            #expect(try Sweeps.row(output, id) == ("done", nil, nil))
            #expect(try output.sweepPoints(sweepID: id).map(\.point) == [0, 1, 2])

            let counts = try Self.counts(output)
            let third = try output.merge(from: rerun)
            #expect(third.pointsCopied == 0 && third.pointsSkipped == 1)
            #expect(third.runsCopied == 0 && third.runsSkipped == 2)
            #expect(try Self.counts(output) == counts)
        }
    }

    /// Two shards of a sweep merged while a third is missing: one row for several shards,
    /// still running (the whole grid is now its to finish).
    @Test func twoOfThreeShardsLeaveTheSweepRunning() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let uid = String(repeating: "d", count: 32)
        let output = try RunStore.inMemory()
        for shard in 1...2 {
            let path = directory.path("shard-\(shard).sqlite")
            let store = try RunStore(path: path)
            let id = try store.createSweep(Sweeps.sweep(points: 6, uid: uid, shard: (shard, 3)))
            for point in (0..<6) where point % 3 == shard - 1 {
                try Sweeps.storePoint(store, sweepID: id, point: point)
            }
            _ = try output.merge(from: path)
        }
        let sweep = try #require(try output.sweep(uid: uid))
        #expect(sweep.status == "running" && sweep.pointsDone == 4)
        #expect(sweep.record.shardIndex == nil && sweep.record.shardCount == nil)
    }

    @Test func refusedInputsWriteNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outputPath = directory.path("out.sqlite")
        let output = try RunStore(path: outputPath)
        try Self.populate(output)
        let counts = try Self.counts(output)

        let text = directory.path("notes.txt")
        try "not a database\n".write(toFile: text, atomically: true, encoding: .utf8)
        let foreign = directory.path("foreign.sqlite")
        try DatabaseQueue(path: foreign).write { try $0.execute(sql: "CREATE TABLE t (x)") }
        let empty = directory.path("empty.sqlite")
        try DatabaseQueue(path: empty).writeWithoutTransaction { try $0.execute(sql: "VACUUM") }
        let newer = directory.path("newer.sqlite")
        do {
            let store = try RunStore(path: newer)
            try Self.populate(store, seed: 5)
            try store.dbQueue.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99')") }
        }
        let newerBytes = try Data(contentsOf: URL(fileURLWithPath: newer))

        let cases: [(String, StoreError.Kind, String)] = [
            (directory.path("missing.sqlite"), .cannotOpen, "no such file"),
            (directory.url.path, .cannotOpen, "directory"),
            (outputPath, .cannotOpen, "into itself"),
            (text, .notADatabase, "not a SQLite database"),
            (foreign, .notARunStore, "not a headroom run store"),
            (empty, .notARunStore, "not a headroom run store"),
            (newer, .newerVersion, "newer version"),
        ]
        for (path, kind, words) in cases {
            let error = #expect(throws: StoreError.self) { try output.merge(from: path) }
            #expect(error?.kind == kind, "\(path)")
            #expect(error?.description.contains(path) == true, "\(error?.description ?? "")")
            #expect(error?.description.contains(words) == true, "\(error?.description ?? "")")
            #expect(try Self.counts(output) == counts)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: newer)) == newerBytes)
        #expect(!FileManager.default.fileExists(atPath: directory.path("missing.sqlite")))
        #expect(try DatabaseQueue(path: empty).read { try $0.tableExists("runs") } == false)
    }

    /// A failure while copying rolls the whole input back, names both files, and leaves the
    /// output usable.
    @Test func aFailedCopyWritesNothingOfThatInput() throws {
        try Self.withInputAndOutput(.onDisk) { _, inputPath, output in
            try output.dbQueue.write { db in
                try db.execute(sql: """
                    CREATE TRIGGER no_alerts BEFORE INSERT ON alerts BEGIN SELECT RAISE(ABORT, 'alerts are full'); END
                    """)
            }
            let counts = try Self.counts(output)
            let error = #expect(throws: StoreError.self) { try output.merge(from: inputPath) }
            #expect(error?.kind == .writeFailed)
            #expect(error?.description.contains("alerts are full") == true)
            #expect(error?.description.contains(inputPath) == true && error?.description.contains(output.path) == true)
            #expect(try Self.counts(output) == counts)

            try output.dbQueue.write { try $0.execute(sql: "DROP TRIGGER no_alerts") }
            #expect(try output.merge(from: inputPath).runsCopied == 8)
        }
    }

    /// A store of the first schema (before uids) is brought up to date, then merged; its runs
    /// keep the uids the upgrade gave them, so a second merge copies nothing.
    @Test func anOlderInputIsMigratedThenMerged() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("old.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try RunStore.migrator.migrate(queue, upTo: "v1")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO runs (id, created_at, model_name, model_file, model_text, model_hash, seed, tool_version,
                                      status, simulated_seconds, warmup_seconds, wall_seconds, events, group_id,
                                      replication, replication_count, result_json)
                    VALUES (1, '2025-06-15T15:06:40.123Z', 'shop', 'shop.yaml', 'name: shop', '0123456789abcdef', 3,
                            '0.0.1', 'ok', 100, 10, 0.5, 1000, 1, 0, 1, '{}')
                    """)
                try db.execute(sql: "INSERT INTO run_metrics VALUES (1, 'throughput', 9.5)")
            }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let output = try RunStore.inMemory()
        #expect(try output.merge(from: path).runsCopied == 1)
        #expect(try output.merge(from: path).runsCopied == 0)
        #expect(try output.double("SELECT value FROM run_metrics WHERE metric = 'throughput'") == 9.5)
        // The input is never modified: a copy of it was upgraded, not the file.
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try DatabaseQueue(path: path).read { db in try db.columns(in: "runs").contains { $0.name == "uid" } } == false)
    }

    /// A symlink to the output, and the output by another spelling (`./x`), are the output.
    @Test func aPathThatResolvesToTheOutputIsItself() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outputPath = directory.path("out.sqlite")
        let output = try RunStore(path: outputPath)
        try Self.populate(output)
        let link = directory.path("link.sqlite")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: outputPath)
        let dotted = directory.url.path + "/./out.sqlite"
        for path in [link, dotted] {
            #expect(RunStore.sameFile(path, outputPath))
            let error = #expect(throws: StoreError.self) { try output.merge(from: path) }
            #expect(error?.description.contains("into itself") == true, "\(error?.description ?? "")")
        }
        #expect(!RunStore.sameFile(directory.path("other.sqlite"), outputPath))
    }
}
