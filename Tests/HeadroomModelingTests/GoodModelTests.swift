import Foundation
import HeadroomComponents
import HeadroomKernel
@testable import HeadroomModeling
import Testing

@Suite("Good models")
struct GoodModelTests {
    static let shop = """
        name: shop
        duration: 1h
        warmup: 5m
        seed: 42
        limits:
          max_in_system: 5000
        traffic:
          rate: 100/s
          classes:
            browse: { share: 70% }
            search: { share: 0.3 }
            buy:    { rate: 2/s }
        components:
          web:
            type: station
            servers: 8
            capacity: 64
            timeout: 2s
            service: { exponential: 5ms }
          db:
            type: station
            service: { p50: 3ms, p99: 20ms }
          cache:
            type: station
            servers: 4
        flows:
          browse:
            - visit: web
            - branch:
                - p: 30%
                  do: [ { visit: db } ]
                - p: 60%
                  do:
                    - visit: cache
                      time: 200us
          search:
            - visit: web
              time: 8ms
            - visit: db
          buy:
            - visit: web
            - visit: db
              time: { uniform: [10ms, 30ms] }
        """

    @Test func fullModelBuildsTheExpectedSpec() throws {
        let loaded = try ModelLoader.load(text: Self.shop, file: "models/shop.yaml")
        let spec = loaded.spec
        #expect(loaded.name == "shop")
        #expect(loaded.file == "models/shop.yaml")
        #expect(loaded.text == Self.shop)
        #expect(loaded.overrides.isEmpty)
        #expect(spec.name == "shop")
        #expect(spec.duration == 3600)
        #expect(spec.warmup == 300)
        #expect(spec.seed == 42)
        #expect(spec.maxInSystem == 5000)
        // `service` is kept on the station as the default of visits that give no time.
        var dbStation = StationSpec(name: "db", servers: 1, capacity: nil, timeout: nil)
        if case .station(let built) = spec.components[1].kind, let service = built.service {
            #expect(nearlyEqual(service, .lognormal(p50: 0.003, p99: 0.02)))
            dbStation.service = service
        } else {
            Issue.record("expected db's service to be kept")
        }
        #expect(spec.components == [
            ComponentSpec(name: "web", kind: .station(StationSpec(
                name: "web", servers: 8, capacity: 64, timeout: 2, service: .exponential(mean: 0.005)
            ))),
            ComponentSpec(name: "db", kind: .station(dbStation)),
            ComponentSpec(name: "cache", kind: .station(StationSpec(name: "cache", servers: 4, capacity: nil, timeout: nil))),
        ])
        #expect(spec.classes.map(\.name) == ["browse", "search", "buy"])
        #expect(abs(spec.classes[0].rate - 70) < 1e-9)
        #expect(abs(spec.classes[1].rate - 30) < 1e-9)
        #expect(spec.classes[2].rate == 2)

        let web = Distribution.exponential(mean: 0.005)
        let db = Distribution.lognormal(p50: 0.003, p99: 0.02)
        let browse = spec.classes[0].steps
        #expect(browse.count == 2)
        #expect(browse[0] == .visit(station: 0, service: web))
        guard case .branch(let arms) = browse[1] else {
            Issue.record("expected a branch, found \(browse[1])")
            return
        }
        #expect(arms.map(\.probability) == [0.3, 0.6])
        #expect(arms[0].steps == [.visit(station: 1, service: db)])
        guard case .visit(2, let cacheTime) = arms[1].steps[0] else {
            Issue.record("expected a visit to station 2, found \(arms[1].steps)")
            return
        }
        #expect(nearlyEqual(cacheTime, .constant(200e-6)))

        let search = spec.classes[1].steps
        #expect(search.count == 2)
        if case .visit(0, let time) = search[0] { #expect(nearlyEqual(time, .constant(0.008))) } else {
            Issue.record("expected a visit to web, found \(search[0])")
        }
        #expect(search[1] == .visit(station: 1, service: db))

        let buy = spec.classes[2].steps
        #expect(buy[0] == .visit(station: 0, service: web))
        if case .visit(1, let time) = buy[1] { #expect(nearlyEqual(time, .uniform(min: 0.01, max: 0.03))) } else {
            Issue.record("expected a visit to db, found \(buy[1])")
        }
    }

    @Test func defaultsFillWhatTheFileLeavesOut() throws {
        let loaded = try ModelLoader.load(text: minimalModel, file: "models/mm1.yaml")
        let spec = loaded.spec
        var expected = SimulationSpec(
            name: "mm1", duration: 100, warmup: 0, seed: 1, maxInSystem: 1_000_000,
            stations: [StationSpec(name: "server", servers: 1, capacity: nil, timeout: nil, service: .exponential(mean: 0.1))],
            classes: [ClassSpec(name: "default", rate: 2, steps: [.visit(station: 0, service: .exponential(mean: 0.1))])]
        )
        // The seed's alerts are always there unless `alert_defaults: false`; the window is the
        // spec's default; no SLO, timeline or autoscaler.
        expected.alerts = AlertRule.seedDefaults(pools: [], queues: [])
        #expect(spec == expected)
        #expect(spec.window == SimulationSpec.defaultWindow(duration: 100))
        #expect(loaded.name == "mm1")
    }

    @Test func classesWithOwnRatesNeedNoTrafficRate() throws {
        let text = """
            duration: 10m
            traffic:
              classes:
                reads:  { rate: 300/m }
                writes: { rate: 1/s }
            components:
              db: { type: station, servers: 2, service: 4ms }
            flows:
              writes: [ { visit: db, time: 10ms } ]
              reads: [ { visit: db } ]
            """
        let spec = try ModelLoader.load(text: text, file: "rw.yaml").spec
        #expect(spec.classes.map(\.name) == ["reads", "writes"])  // class order, not flow order
        #expect(spec.classes.map(\.rate) == [5, 1])
        #expect(spec.classes[0].steps == [.visit(station: 0, service: .constant(0.004))])
    }

    @Test func seedArgumentReplacesTheModelSeed() throws {
        let spec = try ModelLoader.load(text: minimalModel + "\nseed: 7", file: "m.yaml", seed: 99).spec
        #expect(spec.seed == 99)
        #expect(try ModelLoader.load(text: minimalModel + "\nseed: 7", file: "m.yaml").spec.seed == 7)
    }

    @Test func emptyValuesCountAsAbsent() throws {
        let spec = try ModelLoader.load(text: minimalModel + "\nwarmup:\nname: ~", file: "x.yml").spec
        #expect(spec.warmup == 0)
        #expect(spec.name == "x")
    }

    @Test func loadsFromAFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-modeling-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("queue.yaml").path
        try minimalModel.write(toFile: path, atomically: true, encoding: .utf8)

        let loaded = try ModelLoader.load(file: path, overrides: ["traffic.rate=3/s"])
        #expect(loaded.file == path)
        #expect(loaded.name == "queue")
        #expect(loaded.text == minimalModel)
        #expect(loaded.overrides == ["traffic.rate=3/s"])
        #expect(loaded.spec.classes[0].rate == 3)
    }

    @Test func everyModelInTheRepositoryLoads() throws {
        let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models").resolvingSymlinksInPath()
        let files = FileManager.default.enumerator(atPath: models.path)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") } ?? []
        #expect(!files.isEmpty, "no models under \(models.path)")
        for file in files.sorted() {
            #expect(throws: Never.self, "\(file)") {
                try ModelLoader.load(file: models.appendingPathComponent(file).path)
            }
        }
    }

    @Test func aMissingFileIsAModelErrorNamingTheFile() throws {
        let error = try #require(throws: ModelError.self) {
            try ModelLoader.load(file: "/nonexistent/mm1.yaml")
        }
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics[0].file == "/nonexistent/mm1.yaml")
        #expect(error.diagnostics[0].message.contains("cannot read model file '/nonexistent/mm1.yaml': no such file"))
    }

    @Test func descriptionsReadLikeCompilerErrors() {
        let diagnostic = ModelDiagnostic(
            file: "mm1.yaml", line: 12, column: 5, path: "components.server.servrs",
            message: "unknown key 'servrs' (expected one of: type, servers, capacity, timeout, service, discipline, wakeup, context_switch, quantum)",
            suggestion: "servers"
        )
        #expect(diagnostic.description == "mm1.yaml:12:5: components.server.servrs: unknown key 'servrs' "
            + "(expected one of: type, servers, capacity, timeout, service, discipline, wakeup, context_switch, quantum); did you mean 'servers'?")
        let override = ModelDiagnostic(file: "--set", path: "duration", message: "expected PATH=VALUE")
        #expect(override.description == "--set: duration: expected PATH=VALUE")
        let document = ModelDiagnostic(file: "m.yaml", line: 1, column: 1, path: "", message: "the file is empty")
        #expect(document.description == "m.yaml:1:1: the file is empty")
        #expect(ModelError(diagnostics: [diagnostic, document]).description.split(separator: "\n").count == 2)
    }
}
