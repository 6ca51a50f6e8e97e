import Foundation
import HeadroomStore
import GRDB
import Testing

/// Nothing lost (issue #16): a failed write to standard output or a file is an error, a store
/// another process holds is waited on and a run that still cannot be stored is kept aside, merge
/// never modifies its inputs, and several processes can write one store.
@Suite struct NothingLostTests {
    static let short = ["--set", "duration=200s", "--set", "warmup=0s"]

    /// Runs `headroom args…` with standard output going to `/dev/full` (every write fails ENOSPC).
    static func runIntoFullDevice(_ args: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = args
        process.currentDirectoryURL = CLI.root
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "HEADROOM_DB")
        process.environment = environment
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full") as Any
        let err = Pipe()
        process.standardError = err
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    @Test func aFailedWriteToStandardOutputIsAnError() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let db = CLI.temporaryDirectory().appendingPathComponent("s.sqlite").path
        let json = try Self.runIntoFullDevice(["run", "models/textbook/mm1.yaml", "--json", "--db", db] + Self.short)
        #expect(json.status == 1)
        #expect(json.stderr.contains("could not write to standard output: No space left on device"), "\(json.stderr)")
        // The run itself was stored before the output failed.
        let csv = try Self.runIntoFullDevice(["runs", "series", "1", "--csv", "--db", db])
        #expect(csv.status == 1, "\(csv.stderr)")
        #expect(csv.stderr.contains("could not write to standard output"), "\(csv.stderr)")
        let report = try CLI.run(["report", "run", "1", "-o", "/dev/full", "--db", db])
        #expect(report.status == 1)
        #expect(report.stderr.contains("cannot write the report to '/dev/full': No space left on device"), "\(report.stderr)")
        #expect(!report.stderr.contains("wrote"))
    }

    /// Another process holds the store's write lock for longer than `--wait`: the run is not
    /// thrown away but kept in a side store, and the command says how to merge it.
    @Test func aRunThatCannotBeStoredIsKeptAside() throws {
        let dir = CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("busy.sqlite").path
        let first = try CLI.run(["run", "models/textbook/mm1.yaml", "--db", db] + Self.short)
        #expect(first.status == 0, "\(first.stderr)")
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true  // the lock is held across calls on purpose
        let holder = try DatabaseQueue(path: db, configuration: configuration)
        try holder.inDatabase { try $0.execute(sql: "BEGIN IMMEDIATE") }  // readers pass, writers wait
        let blocked = try CLI.run(["run", "models/textbook/mm1.yaml", "--db", db, "--wait", "0.3", "--seed", "9"] + Self.short)
        try holder.inDatabase { try $0.execute(sql: "COMMIT") }
        #expect(blocked.status == 1)
        #expect(blocked.stdout.contains("mm1"), "the summary is still printed")
        #expect(blocked.stderr.contains("locked"), "\(blocked.stderr)")
        let side = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .first { $0.hasPrefix("busy.unmerged-") && $0.hasSuffix(".sqlite") })
        #expect(blocked.stderr.contains("headroom merge \(db) \(dir.appendingPathComponent(side).path)"), "\(blocked.stderr)")
        let merged = try CLI.run(["merge", db, dir.appendingPathComponent(side).path])
        #expect(merged.status == 0, "\(merged.stderr)")
        let list = try CLI.run(["runs", "--csv", "--db", db])
        #expect(list.stdout.split(separator: "\n").count == 3, "\(list.stdout)")
        #expect(list.stdout.contains(",9,"), "the kept run, seed 9, is in the store now")
    }

    /// A saturation search whose forecast cannot be stored keeps it aside too.
    @Test func aForecastThatCannotBeStoredIsKeptAside() throws {
        let dir = CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("busy.sqlite").path
        _ = try RunStore(path: db)
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let holder = try DatabaseQueue(path: db, configuration: configuration)
        try holder.inDatabase { try $0.execute(sql: "BEGIN IMMEDIATE") }
        let blocked = try CLI.run([
            "saturate", "models/textbook/mm1.yaml", "--set", "duration=5000s", "--set", "warmup=0s", "--slo", "p99=23s",
            "--replications", "2", "--max-replications", "2", "--no-next", "--quiet", "--db", db, "--wait", "0.2",
        ])
        try holder.inDatabase { try $0.execute(sql: "COMMIT") }
        #expect(blocked.status == 1, "\(blocked.stderr)")
        #expect(blocked.stdout.contains("saturation"), "the forecast is still printed")
        let side = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .first { $0.hasPrefix("busy.unmerged-") && $0.hasSuffix(".sqlite") })
        #expect(blocked.stderr.contains("could not store the forecast"), "\(blocked.stderr)")
        #expect(try CLI.run(["merge", db, dir.appendingPathComponent(side).path]).status == 0)
        let forecasts = try CLI.run(["forecasts", "--db", db])
        #expect(forecasts.stdout.contains("mm1"), "\(forecasts.stdout)")
    }

    /// A sweep whose store another process locks after its first point: the later points go to
    /// a side store holding the same sweep, and merging it completes the sweep.
    @Test func sweepPointsThatCannotBeStoredAreKeptAside() throws {
        let dir = CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("sweep.sqlite").path
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["sweep", "models/textbook/mm1.yaml", "--set", "traffic.rate=0.5/s,0.6/s,0.7/s",
                             "--base-set", "duration=400000s", "--base-set", "warmup=0s", "--replications", "3", "--jobs", "1",
                             "--db", db, "--wait", "0.2"]
        process.currentDirectoryURL = CLI.root
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        // Lock the store once the first point is in it.
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        configuration.busyMode = .timeout(10)
        var holder: DatabaseQueue?
        while process.isRunning, holder == nil {
            if FileManager.default.fileExists(atPath: db),
               let queue = try? DatabaseQueue(path: db, configuration: configuration),
               (try? queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sweep_points") }) ?? 0 >= 1 {
                try queue.inDatabase { try $0.execute(sql: "BEGIN IMMEDIATE") }
                holder = queue
            } else {
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try holder?.inDatabase { try $0.execute(sql: "COMMIT") }
        try #require(holder != nil, "the sweep ended before its first point could be seen")
        #expect(process.terminationStatus == 1, "\(stderr)")
        #expect(stderr.contains("point(s) could not be stored"), "\(stderr)")
        let side = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .first { $0.hasPrefix("sweep.unmerged-") && $0.hasSuffix(".sqlite") })
        let merged = try CLI.run(["merge", db, dir.appendingPathComponent(side).path])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("3/3 points, done"), "\(merged.stdout)")
    }

    @Test func waitIsBounded() throws {
        let out = try CLI.run(["runs", "--wait=-1"])
        #expect(out.status == 64)
        #expect(out.stderr.contains("--wait must be from 0 to 86400 seconds"), "\(out.stderr)")
    }

    @Test func mergeRefusesItselfBySymlinkAndBySpelling() throws {
        let dir = CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("s.sqlite").path
        #expect(try CLI.run(["run", "models/textbook/mm1.yaml", "--db", db] + Self.short).status == 0)
        let link = dir.appendingPathComponent("link.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: db)
        for (output, input) in [(db, link), ("s.sqlite", "./s.sqlite")] {
            let out = try CLI.run(["merge", output, input], in: dir)
            #expect(out.status == 64, "\(out.stderr)")
            #expect(out.stderr.contains("cannot merge a store into itself"), "\(out.stderr)")
        }
    }

    /// Four processes write one store at once (as a sweep's shards or parallel jobs might): all
    /// succeed and every run is there once.
    @Test func severalProcessesWriteOneStore() throws {
        let dir = CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("shared.sqlite").path
        var processes: [Process] = []
        for seed in 1...4 {
            let process = Process()
            process.executableURL = CLI.executable
            process.arguments = ["run", "models/textbook/mm1.yaml", "--db", db, "--seed", "\(seed)", "--replications", "2"]
                + Self.short
            process.currentDirectoryURL = CLI.root
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
        for process in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        let list = try CLI.run(["runs", "--csv", "--db", db])
        let rows = list.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 8, "\(list.stdout)")
    }
}
