import Foundation
import HeadroomComponents
@testable import HeadroomModeling
import Testing

/// `traffic.replay` in model files: what loads, and bad input reported like the rest of the
/// reader (file:line:column, key path, did-you-mean), in the model or in the trace itself.
@Suite("Replay in models")
struct ReplayModelTests {
    /// A fresh directory holding `files` (name → text); returns its path.
    static func directory(_ files: [String: String]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-replay-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return url.path
    }

    static let log = """
        10.0.0.1 - - [07/Dec/2026:20:00:00 +0000] "GET /products/42?tenant=acme HTTP/1.1" 200 512
        10.0.0.2 - - [07/Dec/2026:20:00:01 +0000] "POST /cart/7 HTTP/1.1" 201 20

        """
    static let csv = "timestamp,class,key\n0.5,view,1\n1.5,buy,2\n"

    /// A model replaying `replay` (the YAML of its value, indented for line 4), two classes.
    static func model(_ replay: String, traffic extra: String = "") -> String {
        """
        duration: 100s
        traffic:
          replay:
        \(replay)
          classes:
            view: {}
            buy: {}\(extra)
        components:
          s: { type: station, servers: 1, service: 1ms }
        flows:
          view: [ { visit: s } ]
          buy: [ { visit: s } ]

        """
    }

    /// The diagnostics of loading `text` as `model.yaml` in `directory`.
    static func problems(_ text: String, in directory: String) -> [ModelDiagnostic] {
        diagnostics(text, file: directory + "/model.yaml")
    }

    static let rules = """
            file: access.log
            classes:
              - { class: view, method: GET, path: /products/* }
              - { class: buy, method: POST, path: /cart/** }
            key: { segment: 2, count: 100 }
            tenant: { query: tenant, count: 10 }
            window: { from: 0s, to: 10m }
            speed: 3x
            loop: true
        """

    @Test func anAccessLogReplayLoads() throws {
        let dir = try Self.directory(["access.log": Self.log])
        let loaded = try ModelLoader.load(text: Self.model(Self.rules), file: dir + "/model.yaml")
        let replay = try #require(loaded.spec.replay)
        #expect(replay.file == dir + "/access.log")
        #expect(replay.format == .accessLog)
        #expect(replay.classNames == ["view", "buy"])
        #expect(replay.rules == [TraceClassRule(classIndex: 0, method: "GET", path: "/products/*"),
                                 TraceClassRule(classIndex: 1, method: "POST", path: "/cart/**")])
        #expect(replay.key == TraceField(source: .segment(2), count: 100))
        #expect(replay.tenant == TraceField(source: .query("tenant"), count: 10))
        #expect((replay.from, replay.to, replay.speed, replay.loop) == (0, 600, 3, true))
        #expect(loaded.spec.classes.map { $0.keys?.count } == [100, 100])
        // Rates estimated from the trace: one request of each class over 2 s (the end of the last
        // request's second), replayed 3x as fast.
        #expect(loaded.spec.classes.allSatisfy { abs($0.rate - 1.5) < 1e-12 })
        // traffic.scale multiplies the speed-up (a load search scales replayed traffic).
        let scaled = try ModelLoader.load(
            text: Self.model(Self.rules), file: dir + "/model.yaml", overrides: ["traffic.scale=2"])
        #expect(scaled.spec.replay?.speed == 6)
        let run = Simulation.run(loaded.spec)
        #expect(run.replay?.requests ?? 0 > 2)
    }

    @Test func aCSVReplayReadsTheColumnsItHas() throws {
        let dir = try Self.directory(["trace.csv": Self.csv])
        let loaded = try ModelLoader.load(text: Self.model("    trace.csv"), file: dir + "/model.yaml")
        let replay = try #require(loaded.spec.replay)
        #expect(replay.format == .csv)
        #expect(replay.key == TraceField(source: .column("key"), count: ReplayReader.defaultCount))
        #expect(replay.tenant == nil)
        let run = Simulation.run(loaded.spec)
        #expect(run.classes.map(\.requests.completed) == [1, 1])
    }

    @Test func aMissingTraceIsAnErrorAtTheFileName() throws {
        let dir = try Self.directory([:])
        let found = Self.problems(Self.model("    file: nowhere.log"), in: dir)
        #expect(found.count == 1)
        let d = try #require(found.first)
        #expect((d.line, d.column) == (4, 11))
        #expect(d.path == "traffic.replay.file")
        #expect(d.message == "cannot read trace '\(dir)/nowhere.log': no such file (relative to the model file's directory)")
    }

    @Test func anUnknownFormatSuggestsTheNearest() throws {
        let dir = try Self.directory(["access.log": Self.log])
        let d = try #require(Self.problems(Self.model("    file: access.log\n    format: combind"), in: dir).first)
        #expect((d.line, d.column) == (5, 13))
        #expect(d.path == "traffic.replay.format")
        #expect(d.message == "unknown trace format 'combind' (expected one of: combined, common, csv)")
        #expect(d.suggestion == "combined")
    }

    @Test func anUnknownKeyOfTheReplaySuggestsTheNearest() throws {
        let dir = try Self.directory(["access.log": Self.log])
        let found = Self.problems(Self.model("    file: access.log\n    sped: 3x\n    classes: [{ class: view }]"), in: dir)
        let d = try #require(found.first)
        #expect(found.count == 1)
        #expect((d.line, d.column, d.path) == (5, 5, "traffic.replay.sped"))
        #expect(d.suggestion == "speed")
    }

    @Test func badRulesAreLocated() throws {
        let dir = try Self.directory(["access.log": Self.log])
        let found = Self.problems(Self.model("""
                file: access.log
                classes:
                  - { class: veiw, method: GET, path: /products/* }
                  - { class: buy, method: PSOT, path: cart/* }
                  - { class: buy, method: get, path: "/a/***" }
            """), in: dir)
        let byPath = Dictionary(found.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(found.count == 5)
        let unknownClass = try #require(byPath["traffic.replay.classes.0.class"])
        #expect((unknownClass.line, unknownClass.column) == (6, 18))
        #expect(unknownClass.message == "unknown class 'veiw' (expected one of: view, buy)")
        #expect(unknownClass.suggestion == "view")
        #expect(byPath["traffic.replay.classes.1.method"]?.suggestion == "POST")
        #expect(byPath["traffic.replay.classes.1.path"]?.message
            == "bad path pattern 'cart/*': a path pattern starts with / or *, such as /products/*")
        #expect(byPath["traffic.replay.classes.2.method"]?.suggestion == "GET")
        #expect(byPath["traffic.replay.classes.2.path"]?.message
            == "bad path pattern '/a/***': expected * (within a segment) or ** (across segments), found ***")
    }

    @Test func badFieldMappingsAreLocated() throws {
        let dir = try Self.directory(["access.log": Self.log, "trace.csv": Self.csv])
        let twoSources = Self.problems(Self.model("""
                file: access.log
                classes: [{ class: view }]
                key: { segment: 2, query: id }
                tenant: { column: tenant }
                session: { field: cookie }
            """), in: dir)
        #expect(twoSources.map(\.path) == ["traffic.replay.key", "traffic.replay.tenant.column", "traffic.replay.session.field"])
        #expect(twoSources[0].message == "expected one source, found 2: segment, query")
        #expect(twoSources[1].message == "an access log has no columns; expected segment, query or field, found 'column'")
        #expect(twoSources[2].suggestion == nil)
        #expect(twoSources[2].message == "unknown access-log field 'cookie' (expected one of: client, user)")
    }

    @Test func anUnknownCSVColumnIsAnErrorInTheTrace() throws {
        let dir = try Self.directory(["trace.csv": "timestamp,clas,key\n0.5,view,1\n"])
        let found = Self.problems(Self.model("    file: trace.csv"), in: dir)
        let d = try #require(found.first { $0.message.hasPrefix("unknown column") })
        #expect(d.file == dir + "/trace.csv")
        #expect((d.line, d.column) == (1, 11))
        #expect(d.path == "traffic.replay.file")
        #expect(d.message.hasPrefix("unknown column 'clas' in the CSV trace's header"))
        #expect(d.message.hasSuffix("did you mean 'class'?"))
        // …and without a class column, two classes cannot be told apart.
        #expect(found.count == 2)
    }

    @Test func aCSVWithoutTimestampIsAnErrorAtItsHeader() throws {
        let dir = try Self.directory(["trace.csv": "time,class\n0.5,view\n"])
        let d = try #require(Self.problems(Self.model("    file: trace.csv"), in: dir).first)
        #expect((d.file, d.line, d.column) == (dir + "/trace.csv", 1, 1))
        #expect(d.message.contains("no timestamp column"))
    }

    @Test func aWrongFormatIsSeenInTheFirstLines() throws {
        let dir = try Self.directory(["trace.log": Self.csv])
        let d = try #require(Self.problems(Self.model("    file: trace.log\n    classes: [{ class: view }]"), in: dir).first)
        #expect((d.file, d.line) == (dir + "/trace.log", 1))
        #expect(d.message.hasPrefix("no line of the trace's first 3 reads as an access-log line (is the format right?"))
    }

    @Test func strictMakesEveryBadLineAnErrorAtItsLine() throws {
        let trace = "timestamp,class\n0.5,view\nlater,view\n1.5,buy\n2.5,sell\n"
        let dir = try Self.directory(["trace.csv": trace])
        let relaxed = try ModelLoader.load(text: Self.model("    file: trace.csv"), file: dir + "/model.yaml")
        #expect(Simulation.run(relaxed.spec).replay?.badLines == 2)
        let found = Self.problems(Self.model("    file: trace.csv\n    strict: true"), in: dir)
        #expect(found.map(\.line) == [3, 5])
        #expect(found.map(\.column) == [1, 5])
        #expect(found.allSatisfy { $0.file == dir + "/trace.csv" && $0.path == "traffic.replay.file" })
        #expect(found[1].message == "the class column names no class of the model, found 'sell' (strict: true makes every bad line an error)")
    }

    @Test func whatTheTraceGivesCannotBeGivenToo() throws {
        let dir = try Self.directory(["trace.csv": Self.csv])
        let text = """
            duration: 100s
            traffic:
              rate: 10/s
              replay: trace.csv
              classes:
                view: { share: 50%, keys: { count: 10 } }
                buy: { rate: 1/s }
            components:
              s: { type: station, servers: 1, service: 1ms }
            flows:
              view: [ { visit: s } ]
              buy: [ { visit: s } ]

            """
        let found = Self.problems(text, in: dir)
        #expect(found.map(\.path) == ["traffic.rate", "traffic.classes.view.share", "traffic.classes.view.keys",
                                      "traffic.classes.buy.rate"])
        #expect(found[0].message == "traffic.rate is given by the trace: the replayed trace gives the arrivals "
            + "(traffic.replay); remove it")
    }

    @Test func aBadSpeedOrWindowIsLocated() throws {
        let dir = try Self.directory(["trace.csv": Self.csv])
        let found = Self.problems(Self.model("    file: trace.csv\n    speed: fast\n    window: { from: 5m, to: 1m }"), in: dir)
        #expect(found.map(\.path) == ["traffic.replay.speed", "traffic.replay.window.to"])
        #expect(found[0].message == "expected a speed-up > 0 (at most 1000000x) such as 3x or 0.5x, found 'fast'")
        #expect(found[1].message == "to (1m) is not after from (5m); expected from < to")
    }

    @Test func theShopModelsHeaderFiguresHoldByTheUtilizationLaw() throws {
        // models/replay-shop.yaml: app CPU of 20 ms per view and search, 40 ms per cart add,
        // 80 ms per checkout, on 2 replicas × 2 cores. The utilization law U = Σ X_k S_k / c,
        // with each class's simulated throughput X_k, within 5 % (service times are drawn); the
        // header says "about 14 requests/s" and "about 9 %".
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let loaded = try ModelLoader.load(file: root.appendingPathComponent("models/replay-shop.yaml").path)
        let result = Simulation.run(loaded.spec)
        let cpu = ["view_product": 0.020, "search": 0.020, "add_to_cart": 0.040, "checkout": 0.080]
        let demand = result.classes.reduce(0) { $0 + $1.throughput * cpu[$1.name]! }
        let app = try #require(result.components.first { $0.name == "app" })
        #expect(abs(app.utilization - demand / 4) < 0.05 * demand / 4)
        #expect(abs(result.throughput - 14) < 1)
        #expect(abs(app.utilization - 0.09) < 0.01)
        #expect(result.replay?.badLines == 3)
        // explain reads the same rate from the trace: 2,580 requests over 180 s.
        #expect(abs(loaded.spec.offeredRate - 2580.0 / 180) < 1e-9)
    }
}
