import Foundation
import HeadroomStore
import Testing

/// `headroom explain`, through the real executable.
@Suite(.serialized) struct ExplainCommandTests {
    @Test func printsTableAndBottleneckLine() throws {
        let out = try CLI.run(["explain", "models/textbook/jackson.yaml"])
        #expect(out.status == 0, "\(out.stderr)")
        for column in ["resource", "demand D", "U pred", "form", "W", "P(wait)", "p99", "M/M/c"] { #expect(out.stdout.contains(column), "\(column)") }
        #expect(out.stdout.contains("80.0%"))
        #expect(out.stdout.contains("bottleneck: a — saturates at 1 req/s, 1.25× today's 0.8 req/s"), "\(out.stdout)")
        #expect(!out.stdout.contains("U sim"))
    }

    @Test func jsonParses() throws {
        let out = try CLI.run(["explain", "models/textbook/jackson.yaml", "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let json = out.json
        #expect(json["bottleneck"] as? String == "a")
        #expect(json["max_throughput"] as? Double == 1)
        #expect(abs((json["headroom"] as? Double ?? 0) - 1.25) < 1e-9)
        let resources = json["resources"] as? [[String: Any]] ?? []
        #expect(resources.count == 3)
        #expect(resources.map { $0["demand"] as? Double ?? 0 } == [1, 4, 2])
        let form = resources.first?["closed_form"] as? [String: Any]
        #expect(form?["name"] as? String == "M/M/1")
        #expect(form?["exact"] as? Bool == true)
        #expect(abs((form?["response"] as? Double ?? 0) - 5) < 1e-9)
    }

    @Test func runAddsSimulatedColumns() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        let model = CLI.root.appendingPathComponent("models/textbook/jackson.yaml").path
        let set = ["--set", "duration=20000s", "--set", "warmup=1000s"]
        let stored = try CLI.run(["run", model, "--db", db] + set)
        #expect(stored.status == 0, "\(stored.stderr)")
        let out = try CLI.run(["explain", model, "--db", db, "--run", "1"] + set)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("U sim"))
        #expect(out.stdout.contains("W sim"))
        #expect(out.stdout.contains("run 1"))
        #expect(!out.stderr.contains("warning"), "\(out.stderr)")

        let json = try CLI.run(["explain", model, "--db", db, "--run", "1", "--json"] + set).json
        let resources = json["resources"] as? [[String: Any]] ?? []
        for r in resources {
            let u = r["simulated_utilization"] as? Double ?? -1
            #expect(abs(u - 0.8) < 0.1, "\(r)")
        }

        // Another model's run: compared anyway, with a warning.
        let other = try CLI.run(["explain", CLI.root.appendingPathComponent("models/textbook/mm1.yaml").path,
                                 "--db", db, "--run", "1"])
        #expect(other.status == 0)
        #expect(other.stderr.contains("warning"), "\(other.stderr)")
    }

    @Test func unknownRunIsAnError() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        _ = try RunStore(path: db)
        let out = try CLI.run(["explain", "models/textbook/jackson.yaml", "--db", db, "--run", "42"])
        #expect(out.status == 1)
        #expect(out.stderr.contains("no run 42"), "\(out.stderr)")
        #expect(out.stdout.isEmpty)
    }
}
