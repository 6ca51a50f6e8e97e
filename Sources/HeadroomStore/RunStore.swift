import Foundation
import GRDB

/// The SQLite file that keeps every simulation run.
///
/// A run store wraps one GRDB `DatabaseQueue`: all access is serialised, so one store may be
/// shared between tasks. Opening a file creates it when missing and applies the migrations (see
/// `RunStore+Migrations.swift`); it refuses, without modifying them, files that are not SQLite
/// databases, SQLite databases of other programs, and run stores written by a newer version.
///
/// Runs are written with ``save(_:)`` (one transaction per call) and read with
/// ``listRuns(limit:model:)``, ``listing(id:)``, ``run(id:)`` and ``runs(groupID:)``; a run's time
/// series and alerts also with ``series(runID:scope:metric:)``, ``seriesKeys(runID:)`` and
/// ``alerts(runID:)``.
public final class RunStore: Sendable {
    /// The database file as given to ``init(path:)``, or `:memory:`.
    public let path: String

    /// The connection. Internal so that tests can inspect the schema with SQL.
    let dbQueue: DatabaseQueue

    /// Opens the run store at `path`, creating the file if it does not exist, and migrates it.
    ///
    /// - throws: ``StoreError`` naming `path` when the file cannot be opened or created, is not a
    ///   SQLite database, belongs to another program, or was written by a newer version.
    /// `busyTimeout` is how long, in seconds, a statement waits for another process's lock
    /// before failing with "locked" (SQLite retries with growing sleeps meanwhile).
    public convenience init(path: String, busyTimeout: Double = RunStore.defaultBusyTimeout) throws {
        guard !path.isEmpty else {
            throw StoreError(.cannotOpen, path: path, message: "cannot open run store: the path is empty")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw StoreError(
                .cannotOpen, path: path,
                message: "cannot open run store '\(path)': it is a directory, not a database file")
        }
        let dbQueue: DatabaseQueue
        do {
            dbQueue = try DatabaseQueue(path: path, configuration: Self.configuration(busyTimeout: busyTimeout))
        } catch {
            throw StoreError.opening(path, error)
        }
        try self.init(dbQueue: dbQueue, path: path)
    }

    /// Opens an existing run store for reading only: the file is never created, migrated or
    /// written. A store written by an older version is brought up to date in a copy in memory.
    ///
    /// - throws: ``StoreError`` naming `path` when there is no such file, or it cannot be read,
    ///   is not a run store, or was written by a newer version.
    public static func openForReading(path: String, busyTimeout: Double = RunStore.defaultBusyTimeout) throws -> RunStore {
        var isDirectory: ObjCBool = false
        guard !path.isEmpty, FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StoreError(
                .cannotOpen, path: path,
                message: "no run store at '\(path)' (nothing was created; give --db FILE or set HEADROOM_DB)")
        }
        guard !isDirectory.boolValue else {
            throw StoreError(
                .cannotOpen, path: path,
                message: "cannot open run store '\(path)': it is a directory, not a database file")
        }
        do {
            var readOnly = configuration(busyTimeout: busyTimeout)
            readOnly.readonly = true
            let file = try DatabaseQueue(path: path, configuration: readOnly)
            switch try checkCompatibility(file, path: path) {
            case .upToDate:
                return try RunStore(dbQueue: file, path: path)
            case .needsMigration:
                let copy = try DatabaseQueue(configuration: configuration(busyTimeout: busyTimeout))
                try file.backup(to: copy)
                try file.close()
                return try RunStore(dbQueue: copy, path: path)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.opening(path, error)
        }
    }

    /// Opens a private, empty, in-memory run store (for tests); it vanishes with the value.
    public static func inMemory() throws -> RunStore {
        let path = ":memory:"
        let dbQueue: DatabaseQueue
        do {
            dbQueue = try DatabaseQueue(configuration: configuration(busyTimeout: defaultBusyTimeout))
        } catch {
            throw StoreError.opening(path, error)
        }
        return try RunStore(dbQueue: dbQueue, path: path)
    }

    /// Checks that `dbQueue` holds a run store this version understands, then migrates it.
    ///
    /// Internal so that tests can hand in a connection they prepared (for example, one that a
    /// "newer version" has migrated).
    init(dbQueue: DatabaseQueue, path: String) throws {
        self.dbQueue = dbQueue
        self.path = path
        do {
            try Self.prepareSchema(dbQueue, path: path)
        } catch {
            throw StoreError.opening(path, error)
        }
    }

    /// The file a command uses when none is given: `HEADROOM_DB` if set and non-empty, else
    /// `headroom.sqlite` in the working directory.
    public static func defaultPath(environment: [String: String]) -> String {
        if let path = environment["HEADROOM_DB"], !path.isEmpty {
            return path
        }
        return "headroom.sqlite"
    }

    /// Seconds a statement waits for another process's lock by default.
    public static let defaultBusyTimeout = 10.0

    /// Connection settings shared by files and in-memory stores.
    private static func configuration(busyTimeout: Double) -> Configuration {
        var configuration = Configuration()
        configuration.label = "HeadroomStore"
        // Foreign keys are on by default in GRDB; stated because the metric tables rely on them.
        configuration.foreignKeysEnabled = true
        // Several `headroom` processes may write the same file (a sweep in parallel); wait for
        // the lock instead of failing at once.
        configuration.busyMode = .timeout(busyTimeout)
        return configuration
    }

    /// Checks that the database is one this version may use, then migrates it if it is behind.
    /// A file that is up to date is not written to at all.
    private static func prepareSchema(_ dbQueue: DatabaseQueue, path: String) throws {
        // Several processes opening one new file at once (a parallel sweep) race: all see it
        // empty, one migrates, and the others trip over tables that appeared meanwhile ("table
        // runs already exists"), or, while the winner holds the lock, over a schema SQLite could
        // not reload yet ("no such table"). Both pass once the winner has committed, so such
        // errors are retried a few times; real problems fail the same way every time.
        var attempt = 0
        while true {
            do {
                if try checkCompatibility(dbQueue, path: path) == .needsMigration {
                    try migrator.migrate(dbQueue)
                }
                return
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR && attempt < 5 {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.02 * Double(attempt))
            }
        }
    }

    /// Refuses, before anything is written, databases this version must not migrate.
    ///
    /// Reads only: a refused file is left byte for byte as it was.
    static func checkCompatibility(_ dbQueue: DatabaseQueue, path: String) throws -> Compatibility {
        try dbQueue.read { db in
            let applied = try migrator.appliedIdentifiers(db)
            let known = Set(migrator.migrations)
            let unknown = applied.subtracting(known)
            if !unknown.isEmpty {
                throw StoreError(
                    .newerVersion, path: path,
                    message: "run store '\(path)' was written by a newer version of headroom "
                        + "(unknown migrations: \(unknown.sorted().joined(separator: ", "))); "
                        + "it was left unchanged: upgrade headroom or use another database file")
            }
            if applied.isEmpty {
                // A database without our migrations table must be empty, or it belongs to
                // someone else and we would mix our tables into theirs.
                let tables = try String.fetchAll(db, sql: """
                    SELECT name FROM sqlite_master
                    WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                    ORDER BY name
                    """)
                if !tables.isEmpty {
                    throw StoreError(
                        .notARunStore, path: path,
                        message: "'\(path)' is a SQLite database but not a headroom run store "
                            + "(it has tables: \(tables.joined(separator: ", "))); "
                            + "it was left unchanged: use another database file")
                }
            }
            return try migrator.hasCompletedMigrations(db) ? .upToDate : .needsMigration
        }
    }

    enum Compatibility {
        case upToDate
        case needsMigration
    }
}
