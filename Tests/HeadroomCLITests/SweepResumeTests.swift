import Foundation
import HeadroomComponents
import Testing
@testable import HeadroomStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `headroom sweep` stopped by a signal and continued with `--resume`: the store ends up with
/// the same results as a sweep that ran without a break.
@Suite struct SweepResumeTests {
    /// Eight points of about a tenth of a second each on one thread, so that a signal sent
    /// after the first point lands with most of the sweep still to run.
    static let slowGrid = [
        "sweep", "models/textbook/mm1.yaml", "--base-set", "duration=50000s",
        "--set", "traffic.rate=0.5/s,0.6/s,0.7/s,0.8/s", "--set", "components.server.servers=1,2",
    ]

    /// Every stored point's results (without series), by point: what must not depend on how
    /// the sweep got there.
    static func results(_ db: String, sweep: Int64) throws -> [Int: [RunResult]] {
        let points = try RunStore(path: db).sweepPointRuns(sweepID: sweep)
        return Dictionary(uniqueKeysWithValues: points.map { ($0.point, $0.results) })
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalKeepsFinishedPointsAndResumeCompletesThem(signal: Int32) throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        let stopped = try CLI.interrupt(
            Self.slowGrid + ["--jobs", "1", "--db", db], signal: signal, after: "point 1/8 done")
        #expect(stopped.status == 128 + signal, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("stays running"))
        #expect(stopped.stderr.contains("headroom sweep --resume 1 --db \(db)"))
        #expect(stopped.stdout.isEmpty)
        let kept = try Self.results(db, sweep: 1)
        #expect((1..<8).contains(kept.count), "kept \(kept.count) points")
        #expect(kept.values.allSatisfy { $0.count == 1 })
        #expect(stopped.stderr.contains("kept \(kept.count) of 8 points"))
        let list = try CLI.run(["sweeps", "--db", db])
        #expect(list.stdout.contains("\(kept.count)/8") && list.stdout.contains("running"))

        let resumed = try CLI.run(["sweep", "--resume", "1", "--db", db, "--jobs", "2"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("[\(8 - kept.count)/\(8 - kept.count) points, "))

        let otherDB = dir.appendingPathComponent("straight.sqlite").path
        let straight = try CLI.run(Self.slowGrid + ["--jobs", "2", "--db", otherDB])
        #expect(straight.status == 0, "\(straight.stderr)")
        // The same table, and the same results for every point.
        #expect(resumed.stdout == straight.stdout)
        let all = try Self.results(db, sweep: 1)
        #expect(all.count == 8)
        #expect(all == (try Self.results(otherDB, sweep: 1)))
        #expect(try RunStore(path: db).sweep(id: 1)?.status == "done")
    }

    /// Points removed from a finished sweep (as if it had stopped before them) are run again
    /// by `--resume` from the model text in the store, not the file, with the same seeds.
    @Test func resumeRunsOnlyTheMissingPointsFromTheStoredModel() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A copy of the model, changed after the sweep began: resume must not read it.
        let model = dir.appendingPathComponent("mm1.yaml")
        try FileManager.default.copyItem(at: CLI.root.appendingPathComponent("models/textbook/mm1.yaml"), to: model)
        let db = dir.appendingPathComponent("runs.sqlite").path
        let grid = [
            "sweep", model.path, "--base-set", "duration=20000s", "--set", "traffic.rate=0.5/s,0.7/s",
            "--set", "components.server.servers=1,2,3", "--replications", "2", "--seed", "11",
        ]
        let first = try CLI.run(grid + ["--db", db, "--jobs", "2"])
        #expect(first.status == 0, "\(first.stderr)")
        let complete = try Self.results(db, sweep: 1)

        let store = try RunStore(path: db)
        try store.dbQueue.write { db in
            try db.execute(sql: """
                CREATE TEMP TABLE gone AS SELECT group_id FROM sweep_points WHERE point IN (1, 4);
                DELETE FROM sweep_points WHERE point IN (1, 4);
                DELETE FROM runs WHERE group_id IN (SELECT group_id FROM gone);
                UPDATE sweeps SET status = 'running';
                """)
        }
        try "name: broken\n".write(to: model, atomically: true, encoding: .utf8)

        let resumed = try CLI.run(["sweep", "--resume", "1", "--db", db, "--json"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("point 2/6 done") && resumed.stderr.contains("point 5/6 done"))
        #expect(resumed.stderr.contains("[2/2 points, "))
        #expect(try Self.results(db, sweep: 1) == complete)
        #expect(resumed.json["seed"] as? Int == 11)
        #expect((resumed.json["points"] as? [Any])?.count == 6)
        #expect(resumed.json["status"] as? String == "done")
    }

    @Test func resumeRefusesWhatItCannotDo() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        let unknown = try CLI.run(["sweep", "--resume", "7", "--db", db])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no sweep 7 in \(db)"))

        let done = try CLI.run([
            "sweep", "models/textbook/mm1.yaml", "--base-set", "duration=1000s", "--base-set", "warmup=100s",
            "--set", "traffic.rate=0.5/s,0.6/s",
            "--db", db,
        ])
        #expect(done.status == 0)
        let again = try CLI.run(["sweep", "--resume", "1", "--db", db])
        #expect(again.status == 1)
        #expect(again.stderr.contains("sweep 1 is already done (2/2 points stored)"))

        for extra in [["models/textbook/mm1.yaml"], ["--set", "traffic.rate=1/s"], ["--seed", "3"], ["--shard", "1/2"]] {
            let mixed = try CLI.run(["sweep", "--resume", "1", "--db", db] + extra)
            #expect(mixed.status == 64, "\(extra)")
            #expect(mixed.stderr.contains("--resume takes the model, grid, overrides, replications, seed and shard"))
        }
        let neither = try CLI.run(["sweep", "--db", db])
        #expect(neither.status == 64)
        #expect(neither.stderr.contains("give a model file, or --resume ID"))
    }
}

extension CLI {
    /// Runs `headroom args…`, sends `signal` once `marker` shows on its stderr, and waits for
    /// it to end; fails if the marker does not show within `timeout` seconds.
    static func interrupt(_ args: [String], signal: Int32, after marker: String, timeout: Double = 120) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = args
        process.currentDirectoryURL = root
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "HEADROOM_DB")
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stderr = LockedText()
        err.fileHandleForReading.readabilityHandler = { handle in
            stderr.append(handle.availableData)
        }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while !stderr.text.contains(marker), process.isRunning, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        let sawMarker = stderr.text.contains(marker)
        if process.isRunning { kill(process.processIdentifier, sawMarker ? signal : SIGKILL) }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        err.fileHandleForReading.readabilityHandler = nil
        stderr.append(err.fileHandleForReading.readDataToEndOfFile())
        guard sawMarker else {
            throw CLIError("'\(marker)' never showed on stderr: \(stderr.text)")
        }
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: stderr.text)
    }
}

/// Text that one thread appends to while another reads it.
private final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ more: Data) {
        lock.lock()
        defer { lock.unlock() }
        data.append(more)
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}

struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
