import ArgumentParser
import Foundation
import HeadroomStore

/// `--db FILE`, shared by every command that touches the run store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The SQLite run store.", discussion: "Default: $HEADROOM_DB if set, else headroom.sqlite in the working directory.",
        valueName: "file"))
    var db: String?

    /// The store's path: --db, else the environment's default.
    var path: String { db ?? RunStore.defaultPath(environment: ProcessInfo.processInfo.environment) }

    /// Opens the store, or fails with the store's message and exit code 1.
    func open() throws -> RunStore {
        do {
            return try RunStore(path: path)
        } catch {
            throw Failure("\(error)")
        }
    }
}
