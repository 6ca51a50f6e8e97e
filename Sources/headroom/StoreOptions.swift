import ArgumentParser
import Foundation
import HeadroomStore

/// `--db FILE` and `--wait SECONDS`, shared by every command that touches the run store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The SQLite run store.", discussion: "Default: $HEADROOM_DB if set, else headroom.sqlite in the working directory.",
        valueName: "file"), completion: .file(extensions: ["sqlite"]))
    var db: String?

    @Option(name: .long, help: ArgumentHelp(
        "Seconds to wait for the store while another process writes it (default 10).",
        discussion: "SQLite retries with growing sleeps meanwhile. A run that still cannot be stored is kept in a side "
            + "store next to it, with the `headroom merge` command that adds it.",
        valueName: "seconds"))
    var wait: Double = RunStore.defaultBusyTimeout

    /// The most `--wait` takes: a day.
    static let longestWait = 86_400.0

    func validate() throws {
        guard wait >= 0, wait <= Self.longestWait else {
            throw ValidationError("--wait must be from 0 to \(Int(Self.longestWait)) seconds, found \(wait)")
        }
    }

    /// The store's path: --db, else the environment's default.
    var path: String { db ?? RunStore.defaultPath(environment: ProcessInfo.processInfo.environment) }

    /// Opens the store, or fails with the store's message and exit code 1.
    func open() throws -> RunStore {
        do {
            return try RunStore(path: path, busyTimeout: wait)
        } catch {
            throw Failure("\(error)")
        }
    }

    /// Opens the store for reading only (listing, showing, reporting, comparing): a store that
    /// is not there is an error with exit code 1, never a new empty file, and nothing is written.
    func openForReading() throws -> RunStore {
        do {
            return try RunStore.openForReading(path: path, busyTimeout: wait)
        } catch {
            throw Failure("\(error)")
        }
    }

    /// Saves `records` (one transaction); when the store stays locked or fails to write, the runs
    /// are not thrown away: they go to a new side store next to it, and the failure says how to
    /// merge them. Returns the ids in `store`.
    func save(_ records: [RunRecord], in store: RunStore, what: String) throws -> [Int64] {
        try save(in: store, what: what) { try $0.save(records) }
    }

    /// Runs `write` (one transaction) on `store`; when it fails with a store error, runs it on a
    /// new side store beside it instead and throws a ``Failure`` that names the side store and
    /// the `headroom merge` line that adds it. Runs, what-ifs and forecasts are saved this way.
    func save<T>(in store: RunStore, what: String, _ write: (RunStore) throws -> T) throws -> T {
        do {
            return try write(store)
        } catch let failure as StoreError {
            let side = Self.sidePath(for: path)
            do {
                let sideStore = try RunStore(path: side, busyTimeout: wait)
                _ = try write(sideStore)
            } catch {
                throw Failure("could not store \(what): \(failure.message); nor keep it in '\(side)': \(error)")
            }
            throw Failure("""
                could not store \(what): \(failure.message)
                it is kept in '\(side)'; add it to the store with:
                  headroom merge \(shellQuoted(path)) \(shellQuoted(side))
                """)
        }
    }

    /// A new file beside `path` for runs that could not be stored there:
    /// `NAME.unmerged-YYYYmmdd-HHMMSS-PID.sqlite`.
    static func sidePath(for path: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let base = path.hasSuffix(".sqlite") ? String(path.dropLast(".sqlite".count)) : path
        return "\(base).unmerged-\(formatter.string(from: Date()))-\(ProcessInfo.processInfo.processIdentifier).sqlite"
    }
}
