import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one ``RunStore/merge(from:)`` copied and what it found already there.
public struct MergeSummary: Sendable, Equatable {
    /// The input store, as given.
    public var input: String
    /// Runs copied with their metrics, histograms, series and alerts.
    public var runsCopied = 0
    /// Runs not copied: already in this store (same uid), or the runs of a sweep point this
    /// store already holds.
    public var runsSkipped = 0
    /// Sweeps new to this store.
    public var sweepsCopied = 0
    /// Sweeps this store already held (same uid: another shard, or the same sweep again).
    public var sweepsMatched = 0
    /// Sweep points copied.
    public var pointsCopied = 0
    /// Sweep points this store already held (same sweep uid and point).
    public var pointsSkipped = 0
    /// Forecasts copied with the links to their runs.
    public var forecastsCopied = 0
    /// Forecasts this store already held (same uid).
    public var forecastsSkipped = 0
    /// Plans copied with the links to their runs.
    public var plansCopied = 0
    /// Plans this store already held (same uid).
    public var plansSkipped = 0
    /// The ids, in this store, of every sweep the input held, new or matched.
    public var sweepIDs: [Int64] = []

    public init(input: String) { self.input = input }

    /// Adds the counts of `other` and the sweep ids it has that `lhs` lacks (totals over inputs).
    public static func += (lhs: inout MergeSummary, rhs: MergeSummary) {
        lhs.runsCopied += rhs.runsCopied
        lhs.runsSkipped += rhs.runsSkipped
        lhs.sweepsCopied += rhs.sweepsCopied
        lhs.sweepsMatched += rhs.sweepsMatched
        lhs.pointsCopied += rhs.pointsCopied
        lhs.pointsSkipped += rhs.pointsSkipped
        lhs.forecastsCopied += rhs.forecastsCopied
        lhs.forecastsSkipped += rhs.forecastsSkipped
        lhs.plansCopied += rhs.plansCopied
        lhs.plansSkipped += rhs.plansSkipped
        for id in rhs.sweepIDs where !lhs.sweepIDs.contains(id) { lhs.sweepIDs.append(id) }
    }
}

extension RunStore {
    /// Copies every run, sweep, forecast and plan of the run store at `inputPath` into this one, in one
    /// transaction; returns what it copied.
    ///
    /// Ids are given anew (runs after this store's last, keeping each group's runs in order),
    /// and every reference follows: group ids, sweep points' groups, forecasts' runs. Rows are
    /// matched by identity, not by id: a run, sweep or forecast whose `uid` this store already
    /// has is not copied again, nor is a sweep point this store's sweep of the same uid already
    /// holds (nor its runs). Merging the same input twice therefore changes nothing, and the
    /// shards of one sweep (which share a uid) come together as one sweep.
    ///
    /// After copying, each sweep the input held is settled (``settleSweep(id:)``): it is `done`
    /// once it holds all its points, and its shard columns become NULL once it holds points
    /// of more than one shard.
    ///
    /// Rows without a uid (which only hand-made rows can be) get a new random one and are
    /// copied every time.
    ///
    /// - throws: ``StoreError`` naming the input, with nothing written, when the input is
    ///   missing, is this store's own file, is not a run store, or was written by a newer
    ///   version; naming both files when copying fails (the transaction is rolled back).
    ///
    /// The input is never modified: it is opened read-only and copied (`VACUUM INTO`, a
    /// consistent snapshot even while another process writes it) to a temporary file, which an
    /// input of an older version is migrated in; the copy is merged and removed.
    public func merge(from inputPath: String) throws -> MergeSummary {
        let snapshot = try mergeSnapshot(of: inputPath)
        defer { Self.removeSnapshot(snapshot) }
        do {
            return try dbQueue.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS merge_input", arguments: [snapshot])
                defer { try? db.execute(sql: "DETACH DATABASE merge_input") }
                var summary = MergeSummary(input: inputPath)
                // DEFERRED, not IMMEDIATE: IMMEDIATE would also take the input's write lock. The
                // first statement takes this store's write lock before MAX(id) is read, so that
                // another process cannot take the same ids meanwhile.
                try db.inTransaction(.deferred) {
                    try db.execute(sql: "UPDATE main.sweeps SET id = id WHERE 0")
                    summary = try Self.copy(from: inputPath, db)
                    return .commit
                }
                return summary
            }
        } catch {
            let reason = (error as? DatabaseError).map { $0.message ?? "SQLite error \($0.resultCode.rawValue)" }
                ?? "\(error)"
            throw StoreError(
                .writeFailed, path: path,
                message: "cannot merge '\(inputPath)' into '\(path)': \(reason); nothing from '\(inputPath)' was written")
        }
    }

    /// Refuses, before anything is written, an input that cannot be merged into this store;
    /// else returns the path of a temporary copy of it, at this version's schema.
    private func mergeSnapshot(of inputPath: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard !inputPath.isEmpty, FileManager.default.fileExists(atPath: inputPath, isDirectory: &isDirectory) else {
            throw StoreError(.cannotOpen, path: inputPath, message: "cannot merge '\(inputPath)': no such file")
        }
        guard !isDirectory.boolValue else {
            throw StoreError(
                .cannotOpen, path: inputPath, message: "cannot merge '\(inputPath)': it is a directory, not a run store")
        }
        if Self.sameFile(inputPath, path) {
            throw StoreError(
                .cannotOpen, path: inputPath,
                message: "cannot merge '\(inputPath)' into itself: the output must be another file")
        }
        // Read-only throughout: an input is never modified, and a read-only file can be merged.
        let snapshot = FileManager.default.temporaryDirectory
            .appendingPathComponent("headroom-merge-\(UUID().uuidString).sqlite").path
        let compatibility: Compatibility
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(RunStore.defaultBusyTimeout)
            let probe = try DatabaseQueue(path: inputPath, configuration: configuration)
            defer { try? probe.close() }
            guard try probe.read({ db in try db.tableExists("grdb_migrations") }) else {
                throw StoreError(
                    .notARunStore, path: inputPath,
                    message: "cannot merge '\(inputPath)': it is not a headroom run store (it has no headroom tables)")
            }
            // Refuses other programs' databases and newer versions.
            compatibility = try Self.checkCompatibility(probe, path: inputPath)
            try probe.inDatabase { db in try db.execute(sql: "VACUUM INTO ?", arguments: [snapshot]) }
        } catch {
            Self.removeSnapshot(snapshot)
            throw StoreError.opening(inputPath, error)
        }
        if compatibility == .needsMigration {
            do {
                // An older version's store: the copy is brought up to date, the input is not.
                let legacy = try DatabaseQueue(path: snapshot)
                let hadUIDs = try legacy.read { db in try db.columns(in: "runs").contains { $0.name == "uid" } }
                try legacy.close()
                let upgraded = try RunStore(path: snapshot)
                if !hadUIDs { try upgraded.giveLegacyRowsStableUIDs() }
            } catch {
                Self.removeSnapshot(snapshot)
                throw StoreError(
                    .cannotOpen, path: inputPath, message: "cannot merge '\(inputPath)': upgrading a copy of it failed: \(error)")
            }
        }
        return snapshot
    }

    /// Replaces the random uids that the upgrade of a store without uids gave its runs and
    /// sweeps with digests of what identifies them in it, so that merging the same old store
    /// twice (each time from a fresh copy) still copies nothing the second time.
    func giveLegacyRowsStableUIDs() throws {
        try dbQueue.write { db in
            let runs = try Row.fetchAll(
                db, sql: "SELECT id, created_at, model_hash, seed, group_id, replication, wall_seconds FROM runs")
            for run in runs {
                let id: Int64 = run["id"]
                let key = ["run", "\(id)", run["created_at"] as String? ?? "", run["model_hash"] as String? ?? "",
                           "\(run["seed"] as Int64? ?? 0)", "\(run["group_id"] as Int64? ?? 0)",
                           "\(run["replication"] as Int64? ?? 0)", "\(run["wall_seconds"] as Double? ?? 0)"]
                try db.execute(sql: "UPDATE runs SET uid = ? WHERE id = ?", arguments: [Self.digest(key), id])
            }
            let sweeps = try Row.fetchAll(db, sql: "SELECT id, created_at, model_text, grid, seed FROM sweeps")
            for sweep in sweeps {
                let id: Int64 = sweep["id"]
                let key = ["sweep", "\(id)", sweep["created_at"] as String? ?? "", sweep["model_text"] as String? ?? "",
                           sweep["grid"] as String? ?? "", "\(sweep["seed"] as Int64? ?? 0)"]
                try db.execute(sql: "UPDATE sweeps SET uid = ? WHERE id = ?", arguments: [Self.digest(key), id])
            }
        }
    }

    /// 32 lowercase hex digits: two FNV-1a 64-bit hashes (wrapping multiplication, as FNV is
    /// defined) of `fields`, unit-separated.
    private static func digest(_ fields: [String]) -> String {
        let bytes = Array(fields.joined(separator: "\u{1F}").utf8)
        func fnv(_ basis: UInt64) -> UInt64 {
            var hash = basis
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
            return hash
        }
        return String(format: "%016llx%016llx", fnv(0xCBF2_9CE4_8422_2325), fnv(0x8422_2325_CBF2_9CE4))
    }

    /// Removes a temporary copy and SQLite's files beside it.
    private static func removeSnapshot(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Whether two paths name the same file: the same device and inode after following
    /// symlinks (`stat`, not `lstat`: a symlink to the store is the store), or, when either does
    /// not exist yet, the same absolute path once `.`, `..` and symlinked folders are resolved
    /// (`./x` and `x`). False for in-memory stores.
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        guard a != ":memory:", b != ":memory:" else { return false }
        var x = stat()
        var y = stat()
        if stat(a, &x) == 0, stat(b, &y) == 0 { return x.st_dev == y.st_dev && x.st_ino == y.st_ino }
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        func canonical(_ path: String) -> String {
            URL(fileURLWithPath: path, relativeTo: here).standardizedFileURL.resolvingSymlinksInPath().path
        }
        return canonical(a) == canonical(b)
    }

    /// The copy, inside the caller's transaction, from the attached `merge_input` into `main`.
    private static func copy(from inputPath: String, _ db: Database) throws -> MergeSummary {
        var summary = MergeSummary(input: inputPath)
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.merge_sweep_map;
            DROP TABLE IF EXISTS temp.merge_dup_groups;
            DROP TABLE IF EXISTS temp.merge_run_map;
            DROP TABLE IF EXISTS temp.merge_forecast_map;
            CREATE TEMP TABLE merge_sweep_map (old_id INTEGER PRIMARY KEY, new_id INTEGER NOT NULL);
            CREATE TEMP TABLE merge_run_map (
                old_id INTEGER PRIMARY KEY, new_id INTEGER NOT NULL, copied INTEGER NOT NULL);
            CREATE TEMP TABLE merge_forecast_map (old_id INTEGER PRIMARY KEY, new_id INTEGER NOT NULL);
            """)

        // Sweeps: match by uid, or copy the row (points come later, once their runs are in).
        let sweeps = try Row.fetchAll(
            db, sql: "SELECT id, uid, shard_index, shard_count FROM merge_input.sweeps ORDER BY id")
        for sweep in sweeps {
            let oldID: Int64 = sweep["id"]
            let uid: String? = sweep["uid"]
            let newID: Int64
            if let uid, let existing = try Row.fetchOne(
                db, sql: "SELECT id, shard_index, shard_count FROM main.sweeps WHERE uid = ?", arguments: [uid])
            {
                newID = existing["id"]
                summary.sweepsMatched += 1
                // Rows for different shards (or one already merged) stand for several shards now.
                let same = (existing["shard_index"] as Int?) == (sweep["shard_index"] as Int?)
                    && (existing["shard_count"] as Int?) == (sweep["shard_count"] as Int?)
                if !same {
                    try db.execute(
                        sql: "UPDATE main.sweeps SET shard_index = NULL, shard_count = NULL WHERE id = ?",
                        arguments: [newID])
                }
            } else {
                try db.execute(sql: """
                    INSERT INTO main.sweeps (created_at, model_name, model_file, model_text, grid, base_overrides,
                                             replications, seed, points, status, uid, shard_index, shard_count)
                    SELECT created_at, model_name, model_file, model_text, grid, base_overrides,
                           replications, seed, points, status, ?, shard_index, shard_count
                    FROM merge_input.sweeps WHERE id = ?
                    """, arguments: [uid ?? StoreCoding.newUID(), oldID])
                newID = db.lastInsertedRowID
                summary.sweepsCopied += 1
            }
            try db.execute(
                sql: "INSERT INTO merge_sweep_map (old_id, new_id) VALUES (?, ?)", arguments: [oldID, newID])
            summary.sweepIDs.append(newID)
        }

        // Points this store already holds: neither they nor their runs are copied.
        try db.execute(sql: """
            CREATE TEMP TABLE merge_dup_groups AS
            SELECT p.group_id AS group_id
            FROM merge_input.sweep_points p JOIN merge_sweep_map m ON m.old_id = p.sweep_id
            WHERE EXISTS (SELECT 1 FROM main.sweep_points q WHERE q.sweep_id = m.new_id AND q.point = p.point)
            """)
        summary.pointsSkipped = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM merge_dup_groups") ?? 0

        // Runs: those this store has (by uid) map onto their ids here; the others get new ids
        // after the last one, in their input order, so that a group's runs stay in order and
        // every group id stays at most its runs' ids.
        try db.execute(sql: """
            INSERT INTO merge_run_map (old_id, new_id, copied)
            SELECT r.id, o.id, 0 FROM merge_input.runs r JOIN main.runs o ON o.uid = r.uid;

            INSERT INTO merge_run_map (old_id, new_id, copied)
            SELECT r.id, (SELECT COALESCE(MAX(id), 0) FROM main.runs) + ROW_NUMBER() OVER (ORDER BY r.id), 1
            FROM merge_input.runs r
            WHERE r.id NOT IN (SELECT old_id FROM merge_run_map)
              AND (r.group_id NOT IN (SELECT group_id FROM merge_dup_groups)
                   OR r.id IN (SELECT run_id FROM merge_input.forecast_runs))
            ORDER BY r.id;
            """)
        summary.runsCopied = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM merge_run_map WHERE copied = 1") ?? 0
        let inputRuns = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM merge_input.runs") ?? 0
        summary.runsSkipped = inputRuns - summary.runsCopied

        // A run whose group's first run is not copied (only possible for hand-made groups)
        // becomes a group of its own.
        try db.execute(sql: """
            INSERT INTO main.runs (
                id, created_at, model_name, model_file, model_text, model_hash, seed, overrides,
                tool_version, status, status_reason, simulated_seconds, warmup_seconds, wall_seconds,
                events, group_id, replication, replication_count, result_json, uid, spec_json, verdict)
            SELECT m.new_id, r.created_at, r.model_name, r.model_file, r.model_text, r.model_hash, r.seed,
                   r.overrides, r.tool_version, r.status, r.status_reason, r.simulated_seconds,
                   r.warmup_seconds, r.wall_seconds, r.events, COALESCE(g.new_id, m.new_id), r.replication,
                   r.replication_count, r.result_json, COALESCE(r.uid, lower(hex(randomblob(16)))), r.spec_json, r.verdict
            FROM merge_input.runs r
            JOIN merge_run_map m ON m.old_id = r.id AND m.copied = 1
            LEFT JOIN merge_run_map g ON g.old_id = r.group_id
            ORDER BY r.id
            """)

        // What hangs off a run, in its input order (alerts and histogram buckets read back by rowid).
        for (table, columns, order) in [
            ("run_metrics", "metric, value", "t.run_id"),
            ("class_metrics", "class, metric, value", "t.run_id"),
            ("component_metrics", "component, kind, metric, value", "t.run_id"),
            ("resource_metrics", "component, resource, metric, value", "t.run_id"),
            ("latency_histogram", "class, seconds, count", "t.rowid"),
            ("series", "seq, time, scope, metric, value", "t.run_id, t.seq"),
            ("alerts", "name, scope, metric, threshold, fired_at, resolved_at, peak", "t.rowid"),
        ] {
            let selected = columns.split(separator: ",").map { "t." + $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: ", ")
            try db.execute(sql: """
                INSERT INTO main.\(table) (run_id, \(columns))
                SELECT m.new_id, \(selected)
                FROM merge_input.\(table) t JOIN merge_run_map m ON m.old_id = t.run_id AND m.copied = 1
                ORDER BY \(order)
                """)
        }

        // Sweep points, onto their sweeps and groups here.
        try db.execute(sql: """
            INSERT INTO main.sweep_points (sweep_id, point, overrides, group_id)
            SELECT s.new_id, p.point, p.overrides, g.new_id
            FROM merge_input.sweep_points p
            JOIN merge_sweep_map s ON s.old_id = p.sweep_id
            JOIN merge_run_map g ON g.old_id = p.group_id
            WHERE p.group_id NOT IN (SELECT group_id FROM merge_dup_groups)
            ORDER BY p.sweep_id, p.point
            """)
        summary.pointsCopied = db.changesCount
        for id in summary.sweepIDs {
            _ = try settleSweep(id: id, db)
        }

        // Forecasts: match by uid, copy the others with the links to their runs.
        try db.execute(sql: """
            INSERT INTO merge_forecast_map (old_id, new_id)
            SELECT f.id, o.id FROM merge_input.forecasts f JOIN main.forecasts o ON o.uid = f.uid
            """)
        summary.forecastsSkipped = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM merge_forecast_map") ?? 0
        let forecasts = try Int64.fetchAll(db, sql: """
            SELECT id FROM merge_input.forecasts WHERE id NOT IN (SELECT old_id FROM merge_forecast_map) ORDER BY id
            """)
        for oldID in forecasts {
            try db.execute(sql: """
                INSERT INTO main.forecasts (
                    uid, created_at, model_name, model_file, model_text, model_hash, overrides, axis, slo, seed,
                    replications, tool_version, status, saturation, ci_low, ci_high, saturation_rate, bound_rate,
                    bottleneck, next_bottleneck, wall_seconds, result_json)
                SELECT uid, created_at, model_name, model_file, model_text, model_hash, overrides, axis, slo, seed,
                       replications, tool_version, status, saturation, ci_low, ci_high, saturation_rate, bound_rate,
                       bottleneck, next_bottleneck, wall_seconds, result_json
                FROM merge_input.forecasts WHERE id = ?
                """, arguments: [oldID])
            let newID = db.lastInsertedRowID
            try db.execute(sql: """
                INSERT INTO main.forecast_runs (forecast_id, run_id, role, load)
                SELECT ?, m.new_id, fr.role, fr.load
                FROM merge_input.forecast_runs fr JOIN merge_run_map m ON m.old_id = fr.run_id
                WHERE fr.forecast_id = ?
                ORDER BY fr.run_id
                """, arguments: [newID, oldID])
            summary.forecastsCopied += 1
        }

        // Plans: match by uid, copy the others with the links to their runs.
        let plans = try Int64.fetchAll(db, sql: """
            SELECT id FROM merge_input.plans WHERE uid NOT IN (SELECT uid FROM main.plans) ORDER BY id
            """)
        summary.plansSkipped = (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM merge_input.plans") ?? 0) - plans.count
        for oldID in plans {
            try db.execute(sql: """
                INSERT INTO main.plans (
                    uid, created_at, model_name, model_file, model_text, model_hash, overrides, load, slo, seed,
                    replications, tool_version, status, changes, currency, cost_per_hour, current_cost_per_hour, p99,
                    error_rate, saturation, bottleneck, evaluations, wall_seconds, result_json)
                SELECT uid, created_at, model_name, model_file, model_text, model_hash, overrides, load, slo, seed,
                       replications, tool_version, status, changes, currency, cost_per_hour, current_cost_per_hour, p99,
                       error_rate, saturation, bottleneck, evaluations, wall_seconds, result_json
                FROM merge_input.plans WHERE id = ?
                """, arguments: [oldID])
            let newID = db.lastInsertedRowID
            try db.execute(sql: """
                INSERT INTO main.plan_runs (plan_id, run_id, role, scale, configuration)
                SELECT ?, m.new_id, pr.role, pr.scale, pr.configuration
                FROM merge_input.plan_runs pr JOIN merge_run_map m ON m.old_id = pr.run_id
                WHERE pr.plan_id = ?
                ORDER BY pr.run_id
                """, arguments: [newID, oldID])
            summary.plansCopied += 1
        }

        try db.execute(sql: """
            DROP TABLE temp.merge_sweep_map;
            DROP TABLE temp.merge_dup_groups;
            DROP TABLE temp.merge_run_map;
            DROP TABLE temp.merge_forecast_map;
            """)
        return summary
    }
}
