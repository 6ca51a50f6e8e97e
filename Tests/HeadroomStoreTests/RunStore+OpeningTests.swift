import Foundation
import GRDB
import Testing
@testable import HeadroomStore

/// Opening files: what is created, what is refused, and that refused files stay as they were.
@Suite struct RunStoreOpeningTests {
    @Test func aMissingFileIsCreated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("new.sqlite")
        #expect(!FileManager.default.fileExists(atPath: path))
        let store = try RunStore(path: path)
        #expect(store.path == path)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func reopeningAFileKeepsItsRunsAndDoesNotRewriteIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("runs.sqlite")
        let saved = try RunStore(path: path).save([Fixtures.record(), Fixtures.record(replication: 1, of: 2)])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))

        let reopened = try RunStore(path: path)
        #expect(try reopened.listRuns().map(\.id).sorted() == saved)
        #expect(try reopened.run(id: saved[1])?.result == Fixtures.result())
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(try reopened.save([Fixtures.record()]) == [saved[1] + 1])
    }

    /// Text files of several sizes: SQLite reads a header and, for longer files, whole pages.
    @Test(arguments: ["one line", "model file", "long text"])
    func aTextFileIsRefusedAndLeftUnchanged(sample: String) throws {
        let text = switch sample {
        case "one line": "hello\n"
        case "model file": "name: shop\nstations:\n  api: {servers: 4}\n"
        default: String(repeating: "not a database, just a long text file\n", count: 200)
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("model.yaml")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: StoreError.self) { try RunStore(path: path) }
        #expect(error?.kind == .notADatabase)
        #expect(error?.path == path)
        #expect(error?.description == "cannot open run store '\(path)': the file is not a SQLite database")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["model.yaml"])
    }

    @Test func aFileFromANewerVersionIsLeftByteForByte() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("runs.sqlite")
        do {
            let store = try RunStore(path: path)
            try store.save([Fixtures.record()])
            try store.dbQueue.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9')") }
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))

        let error = #expect(throws: StoreError.self) { try RunStore(path: path) }
        #expect(error?.kind == .newerVersion)
        #expect(error?.description == "run store '\(path)' was written by a newer version of headroom "
            + "(unknown migrations: v9); it was left unchanged: upgrade headroom or use another database file")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["runs.sqlite"])
    }

    /// A damaged database (here: cut short, or its first page overwritten) is an error, not a crash.
    @Test(arguments: ["truncated", "scribbled"])
    func aDamagedDatabaseIsRefused(damage: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("runs.sqlite")
        try RunStore(path: path).save([Fixtures.record()])
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        if damage == "truncated" {
            bytes = bytes.prefix(1_000)
        } else {
            bytes.replaceSubrange(100..<4_000, with: Data(repeating: 0xA5, count: 3_900))
        }
        try bytes.write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: StoreError.self) {
            let store = try RunStore(path: path)
            _ = try store.listRuns()
            _ = try store.run(id: 1)
        }
        #expect(error?.kind == .notADatabase)
        #expect(error?.description == "cannot open run store '\(path)': the database file is corrupt")
    }

    /// Parallel processes (a sweep) may all open the same new file at once: each must succeed.
    @Test func connectionsOpeningOneNewFileAtOnceAllSucceed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("runs.sqlite")
        let ids = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for task in 0..<8 {
                group.addTask {
                    try RunStore(path: path).save([Fixtures.record(seed: UInt64(task))])
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(ids.sorted() == Array(1...8))
        #expect(try RunStore(path: path).count() == 8)
    }

    @Test func aDirectoryIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let error = #expect(throws: StoreError.self) { try RunStore(path: directory.url.path) }
        #expect(error?.kind == .cannotOpen)
        #expect(error?.message.contains("'\(directory.url.path)'") == true)
        #expect(error?.message.contains("directory") == true)
    }

    @Test func aPathThatCannotBeCreatedIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let plainFile = directory.path("plain.txt")
        try Data("x".utf8).write(to: URL(fileURLWithPath: plainFile))
        // Running as root defeats permission bits, so use paths no one can create.
        for path in [directory.path("missing/runs.sqlite"), plainFile + "/runs.sqlite"] {
            let error = #expect(throws: StoreError.self) { try RunStore(path: path) }
            #expect(error?.kind == .cannotOpen)
            #expect(error?.message.contains("'\(path)'") == true)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["plain.txt"])
        #expect(throws: StoreError.self) { try RunStore(path: "") }
    }

    @Test func aReadOnlyConnectionCanReadButNotWrite() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("runs.sqlite")
        let id = try RunStore(path: path).save([Fixtures.record()])[0]
        var configuration = Configuration()
        configuration.readonly = true

        // An up-to-date file is opened without writing, so a read-only connection works.
        let store = try RunStore(dbQueue: DatabaseQueue(path: path, configuration: configuration), path: path)
        #expect(try store.run(id: id) != nil)
        let error = #expect(throws: StoreError.self) { try store.save([Fixtures.record()]) }
        #expect(error?.kind == .writeFailed)
        #expect(error?.message == "cannot save runs to run store '\(path)': "
            + "the file or its directory is read-only; nothing was written")
    }

    @Test(.enabled(if: getuid() != 0, "root ignores permission bits"))
    func aReadOnlyFileCanBeReadButNotWritten() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("runs.sqlite")
        let id = try RunStore(path: path).save([Fixtures.record()])[0]
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }

        let store = try RunStore(path: path)
        #expect(try store.run(id: id) != nil)
        let error = #expect(throws: StoreError.self) { try store.save([Fixtures.record()]) }
        #expect(error?.kind == .writeFailed)
        #expect(error?.message.contains("read-only") == true)
    }

    @Test func defaultPathHonoursHEADROOM_DB() {
        #expect(RunStore.defaultPath(environment: ["HEADROOM_DB": "/data/runs.sqlite"]) == "/data/runs.sqlite")
        #expect(RunStore.defaultPath(environment: ["HEADROOM_DB": "rel/runs.db", "HOME": "/root"]) == "rel/runs.db")
        #expect(RunStore.defaultPath(environment: ["HEADROOM_DB": ""]) == "headroom.sqlite")
        #expect(RunStore.defaultPath(environment: [:]) == "headroom.sqlite")
    }

    @Test func timestampsAreISO8601UTCWithMilliseconds() throws {
        let cases: [(Double, String)] = [
            (0, "1970-01-01T00:00:00.000Z"),
            (1_750_000_000.123, "2025-06-15T15:06:40.123Z"),
            (1_750_000_000.9996, "2025-06-15T15:06:41.000Z"),
            (-1.5, "1969-12-31T23:59:58.500Z"),
        ]
        for (seconds, text) in cases {
            #expect(StoreCoding.timestamp(Date(timeIntervalSince1970: seconds)) == text)
            let back = try #require(StoreCoding.date(fromTimestamp: text))
            #expect(abs(back.timeIntervalSince1970 - seconds) <= 0.0005)
        }
        #expect(StoreCoding.date(fromTimestamp: "2025-06-15T15:06:40.123Z") == Date(timeIntervalSince1970: 1_750_000_000.123))
        #expect(StoreCoding.date(fromTimestamp: "2025-06-15T15:06:40Z") == Date(timeIntervalSince1970: 1_750_000_000))
        #expect(StoreCoding.date(fromTimestamp: "2025-06-15T15:06:40.5Z") == Date(timeIntervalSince1970: 1_750_000_000.5))
        #expect(StoreCoding.date(fromTimestamp: "2025-06-15 15:06:40") == nil)
        #expect(StoreCoding.date(fromTimestamp: "2025-06-15T15:06:40.+12Z") == nil)
    }
}
