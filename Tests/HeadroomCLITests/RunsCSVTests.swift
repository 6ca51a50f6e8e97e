import Foundation
import HeadroomStore
import Testing

/// `headroom runs list --csv` and `headroom runs show ID --csv`.
@Suite struct RunsCSVTests {
    @Test func listIsOneRowPerRun() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        // A store that is not there is an error, and listing it creates nothing.
        #expect(try CLI.run(["runs", "list", "--csv", "--db", db]).status == 1)
        #expect(!FileManager.default.fileExists(atPath: db))
        _ = try RunStore(path: db)
        let empty = try CLI.run(["runs", "list", "--csv", "--db", db])
        #expect(empty.status == 0)
        #expect(empty.stdout.split(separator: "\n").count == 1, "just the header")
        #expect(empty.stdout.hasPrefix("id,created_at,model,seed,status,"))

        let made = try CLI.run(["run", "models/textbook/mm1.yaml", "--set", "duration=20000s", "--replications", "2",
                                "--db", db, "--json"])
        #expect(made.status == 0, "\(made.stderr)")
        let out = try CLI.run(["runs", "list", "--csv", "--db", db])
        #expect(out.status == 0)
        let lines = out.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.count == 3)
        let header = lines[0]
        #expect(header.contains("latency_p99") && header.contains("error_rate") && header.contains("group_id"))
        let row = Dictionary(uniqueKeysWithValues: zip(header, lines[1]))
        #expect(row["model"] == "mm1")
        #expect(row["replication_count"] == "2")
        #expect(row["group_id"] == "1")
        let throughput = try #require(Double(row["throughput"] ?? ""))
        let first = (made.json["throughput"] as? Double) ?? 0
        // The JSON pools the two replications; each row is one run.
        #expect(abs(throughput - first) / first < 0.1)
    }

    @Test func showIsLongForm() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        let made = try CLI.run(["run", "models/cache-aside.yaml", "--set", "duration=90s", "--db", db, "--json"])
        #expect(made.status == 0, "\(made.stderr)")
        let out = try CLI.run(["runs", "show", "1", "--csv", "--db", db])
        #expect(out.status == 0, "\(out.stderr)")
        let lines = out.stdout.split(separator: "\n")
        #expect(lines.first == "scope,name,metric,value")
        #expect(lines.contains { $0.hasPrefix("run,,latency_p99,") })
        #expect(lines.contains { $0.hasPrefix("component,") && $0.contains(",hit_rate,") })
        #expect(lines.contains { $0.hasPrefix("class,") })
        let p99 = lines.first { $0.hasPrefix("run,,latency_p99,") }.flatMap { Double($0.split(separator: ",").last ?? "") }
        let latency = made.json["latency"] as? [String: Any]
        #expect(p99 == latency?["p99"] as? Double)

        let missing = try CLI.run(["runs", "show", "9", "--csv", "--db", db])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no run 9"))
        let both = try CLI.run(["runs", "show", "1", "--csv", "--json", "--db", db])
        #expect(both.status != 0)
        #expect(both.stderr.contains("--csv"))
    }
}
