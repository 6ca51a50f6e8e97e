import Foundation
import Testing

/// `headroom plan` from the command line: the answer, the planned model file, JSON, and bad
/// input (exit code 1 with a message naming the flag or the knob). The search itself is
/// tested against brute force and theory in PlanSearchTests.
@Suite struct PlanCommandTests {
    /// M/M/c of the textbook folder (λ = 3.2/s, μ = 1/s), shortened to 20 000 s.
    static let base = [
        "plan", "models/textbook/mmc.yaml", "--set", "duration=20000s", "--set", "warmup=1000s", "--quiet",
        "--no-headroom",
    ]

    @Test func planPrintsTheConfigurationAndWritesThePlannedModel() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let planned = dir.appendingPathComponent("planned.yaml").path
        let out = try CLI.run(Self.base + [
            "--load", "2x", "--slo", "p99=6s", "--vary", "components.servers.servers=1..16:1", "-o", planned, "--json",
        ])
        #expect(out.status == 0, "\(out.stderr)")
        let plan = try #require(out.json["plan"] as? [String: Any])
        #expect(plan["status"] as? String == "met")
        #expect(plan["load"] as? Double == 2)
        let chosen = try #require(plan["chosen"] as? [String: Any])
        let overrides = try #require(chosen["overrides"] as? [String])
        #expect(overrides.count == 1)
        let servers = try #require(overrides.first?.split(separator: "=").last.flatMap { Int($0) })
        // 6.4/s on servers of 1/s needs at least 7 of them to keep up at all.
        #expect(servers >= 7)
        #expect(out.json["written"] as? String == planned)
        // The planned file is a model of its own with the planned size.
        let text = try String(contentsOfFile: planned, encoding: .utf8)
        #expect(text.hasPrefix("# Planned by headroom plan from models/textbook/mmc.yaml for ×2 load"))
        let validated = try CLI.run(["validate", planned])
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")
        #expect(text.contains("servers: \(servers)"), "\(text)")

        let readable = try CLI.run(Self.base + ["--load", "2x", "--slo", "p99=6s", "--vary", "components.servers.servers=1..16:1",
                                                "--frontier"])
        #expect(readable.status == 0, "\(readable.stderr)")
        #expect(readable.stdout.contains("cheapest configuration that meets the SLO in every replication:"))
        #expect(readable.stdout.contains("--set components.servers.servers=\(servers)"))
        #expect(readable.stdout.contains("path from the model"))
        #expect(readable.stdout.contains("relax components.servers.servers 4 → "))
        #expect(readable.stdout.contains("cost–latency frontier of the"))
    }

    @Test func planSectionOfTheModelGivesTheDesignSpace() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.yaml")
        try """
            duration: 5000s
            warmup: 500s
            traffic: { rate: 3/s }
            cost: { station: { server: 0.5 } }
            components:
              servers: { type: station, servers: 8, service: { exponential: 1s } }
            flows:
              default: [ { visit: servers } ]
            plan:
              vary:
                components.servers.servers: 1..12:1
            """.write(to: model, atomically: true, encoding: .utf8)
        let out = try CLI.run(["plan", model.path, "--slo", "p99=8s", "--quiet", "--no-headroom", "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let plan = try #require(out.json["plan"] as? [String: Any])
        let current = try #require(plan["current"] as? [String: Any])
        let chosen = try #require(plan["chosen"] as? [String: Any])
        // Eight servers at 0.5 an hour now; the plan removes some (3/s needs no more than 5 or so).
        #expect(current["cost_per_hour"] as? Double == 4)
        #expect(try #require(chosen["cost_per_hour"] as? Double) < 4)
        #expect(plan["currency"] as? String == "USD")
    }

    @Test func unknownKnobIsNamedWithTheKeyMeant() throws {
        let out = try CLI.run(Self.base + ["--slo", "p99=6s", "--vary", "components.servers.server=1..4:1"])
        #expect(out.status == 1)
        #expect(out.stderr.contains("--vary components.servers.server=1: the model does not take this value"), "\(out.stderr)")
        #expect(out.stderr.contains("did you mean 'servers'?"), "\(out.stderr)")
    }

    @Test func unmeetableSLOSaysSoWithTheBestPointAndExitsOne() throws {
        let out = try CLI.run(Self.base + ["--slo", "p99=1s", "--vary", "components.servers.servers=1..8:1"])
        #expect(out.status == 1)
        #expect(out.stdout.contains("no configuration of the design space the search reached meets the SLO; the best one found:"))
        #expect(out.stderr.contains("plan: no configuration of the design space met the SLO (the best found: "
            + "components.servers.servers="), "\(out.stderr)")
    }

    @Test func emptyOrInconsistentDesignSpaceExitsOne() throws {
        let empty = try CLI.run(Self.base + ["--slo", "p99=6s"])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("the design space is empty"), "\(empty.stderr)")
        let twice = try CLI.run(Self.base + ["--slo", "p99=6s", "--vary", "components.servers.servers=1,2",
                                             "--vary", "components.servers.servers=3,4"])
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("already given by --vary"), "\(twice.stderr)")
        let words = try CLI.run(Self.base + ["--slo", "p99=6s", "--vary", "components.servers.servers=few,many"])
        #expect(words.status == 1)
        #expect(words.stderr.contains("is not a number"), "\(words.stderr)")
        let outside = try CLI.run(Self.base + ["--slo", "p99=6s", "--vary", "components.servers.servers=0..4:1"])
        #expect(outside.status == 1)
        #expect(outside.stderr.contains("--vary components.servers.servers=0: the model does not take this value"),
                "\(outside.stderr)")
        let load = try CLI.run(Self.base + ["--slo", "p99=6s", "--load", "0x", "--vary", "components.servers.servers=1..4:1"])
        #expect(load.status != 0)
        #expect(load.stderr.contains("--load must be a factor above 0"), "\(load.stderr)")
    }

    /// A plan is stored with every run it made; `plans` lists it and `plans show` prints it as
    /// `plan` did, both without writing to the store; a merge copies it with its runs.
    @Test func planIsStoredListedShownAndMerged() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("plans.sqlite").path
        let args = ["plan", "models/textbook/mmc.yaml", "--set", "duration=20000s", "--set", "warmup=1000s", "--quiet",
                    "--load", "2x", "--slo", "p99=6s", "--vary", "components.servers.servers=1..16:1", "--db", db]
        let made = try CLI.run(args)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("stored as plan 1 (headroom plans show 1)"), "\(made.stdout)")
        let before = try Data(contentsOf: URL(fileURLWithPath: db))

        let list = try CLI.run(["plans", "--db", db])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("mmc"))
        #expect(list.stdout.contains("met"))
        let show = try CLI.run(["plans", "show", "1", "--db", db])
        #expect(show.status == 0, "\(show.stderr)")
        // The stored plan prints as the command printed it (all but the command's last line).
        let printed = made.stdout.components(separatedBy: "\n").dropLast(2).joined(separator: "\n")
        #expect(show.stdout.hasPrefix(printed), "\(show.stdout)")
        let json = try CLI.run(["plans", "show", "1", "--json", "--db", db])
        #expect(json.status == 0, "\(json.stderr)")
        let runIDs = try #require(json.json["run_ids"] as? [Int])
        let plan = try #require(json.json["plan"] as? [String: Any])
        #expect(runIDs.count == plan["runs"] as? Int)
        // Every run is in the store and names its configuration and load in its overrides.
        let run = try CLI.run(["runs", "show", String(runIDs[0]), "--json", "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        let overrides = try #require(run.json["overrides"] as? [String])
        #expect(overrides.contains { $0.hasPrefix("components.servers.servers=") })
        #expect(overrides.contains { $0.hasPrefix("traffic.scale=") })
        let listed = try CLI.run(["plans", "--json", "--db", db])
        #expect(listed.stdout.contains("\"status\" : \"met\""), "\(listed.stdout)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before, "reading changed the store")

        let missing = try CLI.run(["plans", "show", "2", "--db", db])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no plan 2"))
        let absent = dir.appendingPathComponent("absent.sqlite").path
        let none = try CLI.run(["plans", "show", "1", "--db", absent])
        #expect(none.status == 1)
        #expect(!FileManager.default.fileExists(atPath: absent))

        // The HTML report: the answer, the frontier, the path and both topologies.
        let html = dir.appendingPathComponent("plan.html").path
        let report = try CLI.run(["report", "plan", "1", "-o", html, "--db", db])
        #expect(report.status == 0, "\(report.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        for part in ["mmc — plan 1", "Cost against p99", "Path of steps", "Topology now, at the planned load",
                     "Topology as planned, at the planned load", "<svg", "components.servers.servers"] {
            #expect(page.contains(part), "missing \(part)")
        }
        // Both diagrams are drawn, from the runs of the model as it is and of the plan.
        #expect(page.components(separatedBy: "<figure class=\"topology\">").count - 1 == 2)
        #expect(!page.contains("No diagram"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before, "the report changed the store")
        let noPlan = try CLI.run(["report", "plan", "9", "-o", html, "--db", db])
        #expect(noPlan.status == 1)
        #expect(noPlan.stderr.contains("no plan 9"), "\(noPlan.stderr)")

        let merged = dir.appendingPathComponent("merged.sqlite").path
        let merge = try CLI.run(["merge", merged, db])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout.contains("plans 1 copied, 0 already there"), "\(merge.stdout)")
        let again = try CLI.run(["merge", merged, db])
        #expect(again.stdout.contains("plans 0 copied, 1 already there"), "\(again.stdout)")
        let mergedShow = try CLI.run(["plans", "show", "1", "--json", "--db", merged])
        #expect((mergedShow.json["run_ids"] as? [Int])?.count == runIDs.count)
    }
}
