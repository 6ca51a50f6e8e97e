import Foundation
@testable import HeadroomComponents
import HeadroomKernel
import Testing

/// Replay of recorded traces (`SimulationSpec.replay`): hand-worked traces arrive exactly as
/// written; window, speed-up and loop move them as documented; bad lines are counted with their
/// line numbers; the reader's memory stays fixed however long the trace.
@Suite("Trace replay")
struct ReplayTests {
    /// A file in a fresh temporary directory holding `text`.
    static func file(_ name: String, _ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Two classes, each one visit of 1 ms to its own station, replaying `replay`.
    static func spec(_ replay: ReplaySpec, duration: Double = 20) -> SimulationSpec {
        let stations = [StationSpec(name: "s", servers: 1)]
        var spec = SimulationSpec(
            name: "replay", duration: duration, stations: stations,
            classes: replay.classNames.map { ClassSpec(name: $0, rate: 1, steps: [.visit(station: 0, service: .constant(0.001))]) })
        spec.replay = replay
        return spec
    }

    /// (time, class) of every arrival of a run.
    static func arrivals(_ spec: SimulationSpec) -> [(Double, String)] {
        Simulation.trace(spec).trace.filter { $0.event == .arrive }.map { ($0.time, $0.component) }
    }

    static let csv = """
        timestamp,class,key,tenant
        # a comment, then the requests
        0.5,a,3,1
        1.25,b,7,2
        1.25,a,0,0
        3,a,9,1

        """

    @Test func aCSVTraceArrivesExactlyAsWritten() throws {
        let path = try Self.file("t.csv", Self.csv)
        let replay = ReplaySpec(file: path, format: .csv, classNames: ["a", "b"],
                                key: TraceField(source: .column("key"), count: 100),
                                tenant: TraceField(source: .column("tenant"), count: 10))
        let got = Self.arrivals(Self.spec(replay))
        #expect(got.map(\.0) == [0.5, 1.25, 1.25, 3])
        #expect(got.map(\.1) == ["a", "b", "a", "a"])

        let source = try TraceSource(spec: replay, seed: 1)
        var requests: [RecordedRequest] = []
        while let r = source.next() { requests.append(r) }
        #expect(requests.map(\.key) == [3, 7, 0, 9])
        #expect(requests.map(\.tenant) == [1, 2, 0, 1])
        #expect(requests.map(\.line) == [3, 4, 5, 6])
        #expect(source.badLines == 0)

        let result = Simulation.run(Self.spec(replay))
        #expect(result.replay?.requests == 4)
        #expect(result.replay?.endedAt == 3)
        #expect(result.requests.arrived == 4)
    }

    @Test func speedWindowAndLoopMoveArrivalsAsDocumented() throws {
        let path = try Self.file("t.csv", Self.csv)
        var replay = ReplaySpec(file: path, format: .csv, classNames: ["a", "b"])
        // 2x: every time halved.
        replay.speed = 2
        #expect(Self.arrivals(Self.spec(replay)).map(\.0) == [0.25, 0.625, 0.625, 1.5])
        // The window [1 s, 3 s): the two requests at 1.25 s, at 0.25 s of the run.
        replay.speed = 1
        replay.from = 1
        replay.to = 3
        #expect(Self.arrivals(Self.spec(replay)).map(\.0) == [0.25, 0.25])
        // Looped window: a pass every 2 s (to − from).
        replay.loop = true
        #expect(Self.arrivals(Self.spec(replay, duration: 5)).map(\.0) == [0.25, 0.25, 2.25, 2.25, 4.25, 4.25])
        // Looped whole trace: the period runs to the end of the last request's second (4 s).
        replay.from = 0
        replay.to = nil
        let looped = Self.arrivals(Self.spec(replay, duration: 9))
        #expect(looped.map(\.0) == [0.5, 1.25, 1.25, 3, 4.5, 5.25, 5.25, 7, 8.5])
        // Looped and 2x: the period shrinks with the speed.
        replay.speed = 2
        #expect(Self.arrivals(Self.spec(replay, duration: 4)).map(\.0) == [0.25, 0.625, 0.625, 1.5, 2.25, 2.625, 2.625, 3.5])
    }

    static let log = """
        10.0.0.1 - - [07/Dec/2026:20:00:00 +0000] "GET /products/42?tenant=acme HTTP/1.1" 200 512 "-" "curl/8"
        10.0.0.2 - alice [07/Dec/2026:20:00:00 +0000] "POST /cart/7 HTTP/1.1" 201 20
        10.0.0.1 - - [07/Dec/2026:21:00:00 +0100] "GET /products/42 HTTP/1.1" 200 512
        10.0.0.3 - - [07/Dec/2026:20:00:01 +0000] "GET /search?q=x&tenant=7 HTTP/1.1" 200 99
        10.0.0.3 - - [07/Dec/2026:20:00:03 +0000] "DELETE /products/1 HTTP/1.1" 204 0

        """

    @Test func anAccessLogSpreadsEachSecondsRequestsOverIt() throws {
        let path = try Self.file("access.log", Self.log)
        let replay = ReplaySpec(
            file: path, format: .accessLog, classNames: ["view", "cart", "other"],
            rules: [TraceClassRule(classIndex: 0, method: "GET", path: "/products/*"),
                    TraceClassRule(classIndex: 1, method: "POST", path: "/cart/**"),
                    TraceClassRule(classIndex: 2)],
            key: TraceField(source: .segment(2), count: 100), tenant: TraceField(source: .query("tenant"), count: 10),
            session: TraceField(source: .user, count: 10))
        let source = try TraceSource(spec: replay, seed: 1)
        var requests: [RecordedRequest] = []
        while let r = source.next() { requests.append(r) }
        let second = 1_796_673_600.0  // 2026-12-07T20:00:00Z
        #expect(requests.map(\.classIndex) == [0, 1, 0, 2, 2])
        #expect(requests.map(\.key) == [42, 7, 42, 0, 1])
        // "acme" is hashed into 0 ..< 10; "7" is its own id.
        #expect(requests[0].tenant == Int32(requests[0].tenantHash % 10))
        #expect(requests.map(\.tenant)[1 ... 3] == [0, 0, 7])
        #expect(requests[1].session == Int32(requests[1].sessionHash % 10) && requests[0].session == 0)
        // The three requests of 20:00:00 (one logged at +0100) lie within that second, in order.
        let times = requests.map { $0.time - second }
        #expect(times[0] >= 0 && times[0] < times[1] && times[1] < times[2] && times[2] < 1)
        #expect(times[3] >= 1 && times[3] < 2)
        #expect(times[4] >= 3 && times[4] < 4)

        // In a run: the same times from the run's start (the first second), every class.
        let got = Self.arrivals(Self.spec(replay))
        #expect(got.map(\.1) == ["view", "cart", "view", "other", "other"])
        for (arrival, time) in zip(got.map(\.0), times) { #expect(abs(arrival - time) < 1e-6) }
    }

    @Test func theSameSeedAndFileGiveTheSameRunAndAnotherSeedMovesOnlyTheSpread() throws {
        let path = try Self.file("access.log", Self.log)
        let replay = ReplaySpec(file: path, format: .accessLog, classNames: ["all"])
        var spec = Self.spec(replay)
        #expect(Simulation.run(spec) == Simulation.run(spec))
        let first = Self.arrivals(spec).map(\.0)
        spec.seed = 2
        let second = Self.arrivals(spec).map(\.0)
        #expect(first != second)
        #expect(zip(first, second).allSatisfy { $0.rounded(.down) == $1.rounded(.down) })
    }

    @Test func badLinesAreCountedAndListedWithTheirLineAndColumn() throws {
        let text = """
            timestamp,class,duration
            0.1,a,5ms
            soon,a,5ms
            0.3,a
            0.4,c,1ms
            0.5,a,fast
            0.6,b,0.2

            """
        let path = try Self.file("bad.csv", text)
        let replay = ReplaySpec(file: path, format: .csv, classNames: ["a", "b"])
        let result = Simulation.run(Self.spec(replay))
        let summary = try #require(result.replay)
        #expect(summary.requests == 2)
        #expect(summary.badLines == 4)
        #expect(summary.problems.map(\.line) == [3, 4, 5, 6])
        #expect(summary.problems.map(\.column) == [1, 1, 5, 7])
        #expect(summary.problems.map(\.kind) == [.badCSVTimestamp, .wrongFieldCount, .unknownClass, .badDuration])
        #expect(summary.problems[0].description
            == "line 3, column 1: expected a timestamp: seconds such as 12.5, or an ISO 8601 time such as "
            + "2026-12-07T20:00:00Z, found 'soon'")
        #expect(result.requests.arrived == 2)
    }

    @Test func aLogLineOutOfOrderIsReplayedNotDropped() throws {
        let text = "0,a\n2,a\n1,a\n3,a\n"
        let path = try Self.file("late.csv", "timestamp,class\n" + text)
        let replay = ReplaySpec(file: path, format: .csv, classNames: ["a"])
        let result = Simulation.run(Self.spec(replay))
        #expect(Self.arrivals(Self.spec(replay)).map(\.0) == [0, 2, 2, 3])
        #expect(result.replay?.reordered == 1)
    }

    @Test func aMissingTraceStopsTheRunSayingWhy() throws {
        let replay = ReplaySpec(file: "/nonexistent/trace.csv", format: .csv, classNames: ["a"])
        let result = Simulation.run(Self.spec(replay))
        #expect(result.status == .unstable)
        #expect(result.statusReason == "cannot read trace '/nonexistent/trace.csv': no such file")
        #expect(result.replay?.error == result.statusReason)
    }

    /// A generated access log of `seconds` seconds at about `rate` lines a second.
    static func longLog(seconds: Int, rate: Int) -> String {
        var rng = RandomStream(seed: 5, name: "long-log")
        var lines: [String] = []
        lines.reserveCapacity(seconds * rate)
        for s in 0 ..< seconds {
            let stamp = String(format: "[07/Dec/2026:%02d:%02d:%02d +0000]", 20 + s / 3600, s / 60 % 60, s % 60)
            for _ in 0 ..< Int(rng.nextOpenUnit() * Double(2 * rate)) {
                lines.append("10.0.0.1 - - \(stamp) \"GET /products/\(Int(rng.nextOpenUnit() * 1000)) HTTP/1.1\" 200 512")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func theReadersMemoryDoesNotGrowWithTheTrace() throws {
        // 20,000 lines through a 4 KiB read buffer: both buffers keep the capacity they start with.
        let path = try Self.file("long.log", Self.longLog(seconds: 400, rate: 50))
        let replay = ReplaySpec(file: path, format: .accessLog, classNames: ["all"])
        let source = try TraceSource(spec: replay, seed: 1, readCapacity: 4096)
        let before = source.bufferCapacities
        var count = 0
        var last = -Double.infinity
        while let r = source.next() {
            #expect(r.time >= last)
            last = r.time
            count += 1
            if count % 1000 == 0 { #expect(source.bufferCapacities == before) }
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count
        #expect(count == lines)
        #expect(source.bufferCapacities == before)
        #expect(before.read == 4096)
        #expect(source.badLines == 0)
    }

    @Test func aSecondWithMoreRequestsThanTheGroupLimitIsCutAndCounted() throws {
        let line = "10.0.0.1 - - [07/Dec/2026:20:00:00 +0000] \"GET / HTTP/1.1\" 200 1"
        let later = "10.0.0.1 - - [07/Dec/2026:20:00:01 +0000] \"GET / HTTP/1.1\" 200 1"
        let path = try Self.file("crowded.log", Array(repeating: line, count: 5).joined(separator: "\n") + "\n" + later + "\n")
        let source = try TraceSource(spec: ReplaySpec(file: path, format: .accessLog, classNames: ["all"]), seed: 1)
        source.groupLimit = 3
        var lines: [Int] = []
        while let r = source.next() { lines.append(r.line) }
        #expect(lines == [1, 2, 3, 6])
        #expect(source.problems.map(\.line) == [4, 5])
        #expect(source.problems.allSatisfy { $0.kind == .crowdedSecond })
    }

    @Test func aLineLongerThanTheReadBufferIsCountedAndSkipped() throws {
        let long = "1," + String(repeating: "a", count: 5000)
        let path = try Self.file("long-line.csv", "timestamp,class\n0,a\n\(long)\n2,a\n")
        let replay = ReplaySpec(file: path, format: .csv, classNames: ["a"])
        let source = try TraceSource(spec: replay, seed: 1, readCapacity: 1024)
        var times: [Double] = []
        while let r = source.next() { times.append(r.time) }
        #expect(times == [0, 2])
        #expect(source.problems.map(\.line) == [3])
        #expect(source.problems.map(\.kind) == [.overlong])
    }

    @Test func globPatterns() {
        func matches(_ pattern: String, _ path: String) -> Bool {
            let bytes = Array(path.utf8)
            return bytes.withUnsafeBufferPointer { TraceParser.glob(Array(pattern.utf8), 0, $0, 0, $0.count) }
        }
        #expect(matches("/products/*", "/products/42"))
        #expect(!matches("/products/*", "/products/42/reviews"))
        #expect(matches("/products/**", "/products/42/reviews"))
        #expect(matches("/products/*/reviews", "/products/42/reviews"))
        #expect(matches("*", "anything"))
        #expect(!matches("/search", "/searches"))
        #expect(matches("/api/*.json", "/api/items.json"))
    }
}
