import Foundation
import Testing

/// `headroom compare`, end to end through the real executable (and helpers shared with the
/// `headroom whatif` tests below).
@Suite struct CompareCommandTests {
    static let shortMMc = ["models/textbook/mmc.yaml", "--base-set", "duration=20000s"]

    static func metric(_ json: [String: Any], _ name: String) -> [String: Any]? {
        let comparison = json["comparison"] as? [String: Any]
        let metrics = comparison?["metrics"] as? [[String: Any]] ?? []
        return metrics.first { $0["name"] as? String == name }
    }

    @Test func compareStoredRuns() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        let first = try CLI.run(["run", "models/textbook/mmc.yaml", "--set", "duration=20000s", "--replications", "3",
                                 "--db", db])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try CLI.run(["run", "models/textbook/mmc.yaml", "--set", "duration=20000s",
                                  "--set", "traffic.rate=2/s", "--replications", "3", "--db", db])
        #expect(second.status == 0, "\(second.stderr)")
        let out = try CLI.run(["compare", "1", "5", "--db", db])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("runs 1–3"))
        #expect(out.stdout.contains("runs 4–6"))
        #expect(out.stdout.contains("latency_p99"))
        #expect(out.stdout.contains("paired t-test"))
        #expect(out.stdout.contains("significant?"))

        let single = try CLI.run(["run", "models/textbook/mmc.yaml", "--set", "duration=20000s", "--db", db])
        #expect(single.status == 0)
        let mixed = try CLI.run(["compare", "7", "2", "--db", db, "--json"])
        #expect(mixed.status == 0, "\(mixed.stderr)")
        let throughput = try #require(CompareCommandTests.metric(mixed.json, "throughput"))
        #expect(throughput["significant"] is NSNull)
        let comparison = try #require(mixed.json["comparison"] as? [String: Any])
        #expect(comparison["note"] as? String == "n/a (one run: use --replications)")
    }

    @Test func compareUnknownIDExits1() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        let run = try CLI.run(["run", "models/textbook/mmc.yaml", "--set", "duration=5000s", "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        let out = try CLI.run(["compare", "1", "99", "--db", db])
        #expect(out.status == 1)
        #expect(out.stderr.contains("no run 99"))
    }
}

/// `headroom whatif`: baseline against variant with common random numbers.
@Suite struct WhatIfCommandTests {
    @Test func whatIfMoreServersLowersP99Significantly() throws {
        let out = try CLI.run(["whatif"] + CompareCommandTests.shortMMc + [
            "--set", "components.servers.servers=5", "--replications", "4", "--no-store", "--json",
        ])
        #expect(out.status == 0, "\(out.stderr)")
        let json = out.json
        let comparison = try #require(json["comparison"] as? [String: Any])
        #expect(comparison["test"] as? String == "paired")
        #expect(comparison["count_a"] as? Int == 4)
        let p99 = try #require(CompareCommandTests.metric(json, "latency_p99"))
        let a = try #require(p99["mean_a"] as? Double)
        let b = try #require(p99["mean_b"] as? Double)
        #expect(b < a)
        #expect(p99["significant"] as? Bool == true)
        let utilization = try #require(CompareCommandTests.metric(json, "servers.utilization"))
        #expect(utilization["significant"] as? Bool == true)
        #expect((json["baseline_run_ids"] as? [Any])?.isEmpty == true)
    }

    @Test func whatIfNoOpChangesNothing() throws {
        for change in ["components.servers.servers=4", "seed=1"] {
            let out = try CLI.run(["whatif"] + CompareCommandTests.shortMMc + ["--set", change, "--replications", "3", "--no-store",
                                                             "--json"])
            #expect(out.status == 0, "\(out.stderr)")
            let throughput = try #require(CompareCommandTests.metric(out.json, "throughput"))
            #expect(throughput["difference"] as? Double == 0)
            #expect(throughput["significant"] as? Bool == false)
            let comparison = try #require(out.json["comparison"] as? [String: Any])
            for row in comparison["metrics"] as? [[String: Any]] ?? [] {
                #expect(row["significant"] as? Bool == false, "\(change): \(row["name"] ?? "")")
            }
        }
    }

    @Test func whatIfTextAndStore() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        let out = try CLI.run(["whatif"] + CompareCommandTests.shortMMc + [
            "--set", "components.servers.servers=5", "--replications", "2", "--db", db,
        ])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("baseline"))
        #expect(out.stdout.contains("significant?"))
        #expect(out.stdout.contains("servers.utilization"))
        #expect(out.stdout.contains("p99:"))
        #expect(out.stdout.contains("stored: baseline runs 1,2, variant runs 3,4"))
        // The stored groups compare again, paired.
        let compare = try CLI.run(["compare", "1", "4", "--db", db, "--json"])
        #expect(compare.status == 0, "\(compare.stderr)")
        let comparison = try #require(compare.json["comparison"] as? [String: Any])
        #expect(comparison["test"] as? String == "paired")
        #expect(comparison["count_b"] as? Int == 2)
    }

    @Test func whatIfBadOverrideExits1() throws {
        let out = try CLI.run(["whatif"] + CompareCommandTests.shortMMc + ["--set", "components.nope.servers=5", "--no-store"])
        #expect(out.status == 1)
        #expect(!out.stderr.isEmpty)
        #expect(out.stdout.isEmpty)
        let missing = try CLI.run(["whatif", "models/textbook/mmc.yaml", "--no-store"])
        #expect(missing.status != 0)
    }
}
