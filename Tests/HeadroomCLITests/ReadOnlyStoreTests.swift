import Foundation
import GRDB
import HeadroomStore
import Testing

/// Read-only commands never create or change a store: a missing store is an error (exit 1) and
/// no file appears; an existing one, even one written by an older version, is left byte for byte.
@Suite(.serialized) struct ReadOnlyStoreTests {
    static let readers: [[String]] = [
        ["runs"], ["runs", "show", "1"], ["runs", "series", "1"], ["sweeps"], ["forecasts"], ["plans"],
        ["report", "run", "1", "-o", "-"], ["compare", "1", "1"], ["explain", "models/textbook/mm1.yaml", "--run", "1"],
        ["runs", "--json"], ["runs", "series", "1", "--json"], ["sweeps", "--json"],
        ["forecasts", "--json"], ["plans", "--json"],
    ]

    @Test func aMissingStoreIsAnErrorAndStaysMissing() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("missing.sqlite").path
        for command in Self.readers {
            let out = try CLI.run(command + ["--db", db])
            #expect(out.status == 1, "\(command): \(out.stdout) \(out.stderr)")
            #expect(out.stderr.contains("no run store at '\(db)'"), "\(command): \(out.stderr)")
            #expect(!FileManager.default.fileExists(atPath: db), "\(command) created the store")
        }
    }

    /// A store of the previous schema (without migration v3) is read, not upgraded.
    @Test func anOlderStoreIsReadAndLeftUnchanged() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("old.sqlite").path
        let made = try CLI.run(["run", "models/textbook/mm1.yaml", "--set", "duration=2000s", "--set", "warmup=100s",
                                "--db", db])
        #expect(made.status == 0, "\(made.stderr)")
        let queue = try DatabaseQueue(path: db)
        try queue.write { database in
            try database.execute(sql: "ALTER TABLE runs DROP COLUMN spec_json")
            try database.execute(sql: "ALTER TABLE runs DROP COLUMN verdict")
            try database.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v3'")
        }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        for command in Self.readers {
            let out = try CLI.run(command + ["--db", db])
            #expect(out.status == 0, "\(command): \(out.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        let applied = try DatabaseQueue(path: db).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(!applied.contains("v3"))
    }
}
