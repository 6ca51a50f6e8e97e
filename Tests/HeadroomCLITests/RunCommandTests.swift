import Foundation
import Testing

/// End-to-end: the real executable on real model files.
@Suite struct RunCommandTests {
    /// Short runs keep the debug build quick.
    static let short = ["--set", "duration=20000s", "--set", "warmup=100s"]

    @Test func jsonHasEveryDocumentedField() throws {
        let out = try CLI.run(["run", "models/textbook/mm1.yaml", "--no-store", "--json"] + Self.short)
        #expect(out.status == 0, "\(out.stderr)")
        let json = out.json
        for key in ["run_id", "model", "seed", "status", "simulated_seconds", "wall_seconds", "events", "requests",
                    "throughput", "latency", "classes", "components", "amplification", "cost", "recovery", "alerts"] {
            #expect(json.keys.contains(key), "missing \(key)")
        }
        #expect(json["model"] as? String == "mm1")
        #expect(json["status"] as? String == "ok")
        let requests = try #require(json["requests"] as? [String: Any])
        for key in ["arrived", "completed", "rejected", "timed_out", "pool_timed_out", "client_timed_out", "retries",
                    "failed", "in_system"] {
            #expect(requests[key] != nil, "\(key)")
        }
        let latency = try #require(json["latency"] as? [String: Any])
        for key in ["mean", "p50", "p90", "p99", "p999", "max"] { #expect(latency[key] is Double, "\(key)") }
        let classes = try #require(json["classes"] as? [String: Any])
        #expect(classes["default"] != nil)
        let components = try #require(json["components"] as? [String: [String: Any]])
        let server = try #require(components["server"])
        for key in ["utilization", "mean_queue", "max_queue", "throughput"] { #expect(server[key] != nil, "\(key)") }
        #expect(json["confidence"] == nil)
        // Without retries every request is a first attempt; without an SLO there are no recovery
        // figures; the series only on request.
        #expect(json["amplification"] as? Double == 1)
        #expect(json["recovery"] is NSNull)
        #expect(json["alerts"] is [Any])
        #expect(json["series"] == nil)
    }

    @Test func seriesFlagAddsTheSeriesToTheJSON() throws {
        let out = try CLI.run(["run", "models/textbook/mm1.yaml", "--no-store", "--json", "--series"] + Self.short)
        #expect(out.status == 0, "\(out.stderr)")
        let series = try #require(out.json["series"] as? [[String: Any]])
        for point in series.prefix(3) {
            #expect(Set(point.keys) == ["time", "scope", "metric", "value"])
        }
        let text = try CLI.run(["run", "models/textbook/mm1.yaml", "--no-store", "--series"] + Self.short)
        #expect(text.status != 0)
        #expect(text.stdout.isEmpty)
        #expect(text.stderr.contains("--series needs --json"), "\(text.stderr)")
    }

    /// The same model, seed and overrides give the same JSON but for run id and wall time.
    @Test func sameSeedSameJSON() throws {
        let args = ["run", "models/textbook/jackson.yaml", "--no-store", "--json", "--seed", "42"] + Self.short
        let a = try CLI.run(args).json
        let b = try CLI.run(args).json
        #expect(!a.isEmpty)
        var x = a, y = b
        for key in ["wall_seconds", "run_id", "run_ids"] {
            x.removeValue(forKey: key)
            y.removeValue(forKey: key)
        }
        #expect(NSDictionary(dictionary: x).isEqual(to: y))
        let c = try CLI.run(["run", "models/textbook/jackson.yaml", "--no-store", "--json", "--seed", "43"] + Self.short).json
        #expect((c["latency"] as? [String: Double])?["mean"] != (a["latency"] as? [String: Double])?["mean"])
    }

    /// Replications give the same results whatever the number of parallel jobs.
    @Test func resultsDoNotDependOnJobs() throws {
        let args = ["run", "models/textbook/mmc.yaml", "--no-store", "--json", "--replications", "3"] + Self.short
        var one = try CLI.run(args + ["--jobs", "1"]).json
        var two = try CLI.run(args + ["--jobs", "2"]).json
        #expect(!one.isEmpty)
        one.removeValue(forKey: "wall_seconds")
        two.removeValue(forKey: "wall_seconds")
        #expect(NSDictionary(dictionary: one).isEqual(to: two))
    }

    /// A run stopped by the stability guard is stored like any other, with its status.
    @Test func unstableRunIsStored() throws {
        let dir = CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        let run = try CLI.run(["run", "models/textbook/mm1.yaml", "--db", db, "--json",
                               "--set", "traffic.rate=3/s", "--set", "limits.max_in_system=2000"])
        #expect(run.status == 0, "\(run.stderr)")
        let id = try #require(run.json["run_id"] as? Int)
        let show = try CLI.run(["runs", "show", String(id), "--db", db, "--json"])
        #expect(show.json["status"] as? String == "unstable")
        #expect((show.json["status_reason"] as? String)?.contains("2000") == true)
        #expect(try CLI.run(["runs", "--db", db]).stdout.contains("unstable"))
    }

    @Test func replicationsReportConfidenceHalfWidths() throws {
        let out = try CLI.run(["run", "models/textbook/mm1.yaml", "--no-store", "--json", "--replications", "4"] + Self.short)
        #expect(out.status == 0, "\(out.stderr)")
        let confidence = try #require(out.json["confidence"] as? [String: [String: Double]])
        for key in ["latency_mean", "latency_p99", "throughput"] {
            let interval = try #require(confidence[key])
            #expect((interval["half_width"] ?? 0) > 0, "\(key)")
            #expect((interval["mean"] ?? 0) > 0, "\(key)")
        }
        #expect(out.json["replications"] as? Int == 4)
    }

    @Test func runsAreStoredListedAndShown() throws {
        let dir = CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        let run = try CLI.run(["run", "models/textbook/mm1k.yaml", "--db", db, "--json"] + Self.short)
        #expect(run.status == 0, "\(run.stderr)")
        let id = try #require(run.json["run_id"] as? Int)
        let list = try CLI.run(["runs", "--db", db])
        #expect(list.status == 0)
        #expect(list.stdout.contains("mm1k"))
        let show = try CLI.run(["runs", "show", String(id), "--db", db, "--json"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect((show.json["requests"] as? [String: Int])?["rejected"] == (run.json["requests"] as? [String: Int])?["rejected"])
        let missing = try CLI.run(["runs", "show", "9999", "--db", db])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no run 9999"))
    }

    /// Without --db, HEADROOM_DB chooses the store, else headroom.sqlite in the working directory.
    @Test func defaultStoreLocation() throws {
        let dir = CLI.temporaryDirectory()
        let model = CLI.root.appendingPathComponent("models/textbook/md1.yaml").path
        #expect(try CLI.run(["run", model] + Self.short, in: dir).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("headroom.sqlite").path))
        let custom = dir.appendingPathComponent("elsewhere.sqlite").path
        #expect(try CLI.run(["run", model] + Self.short, in: dir, environment: ["HEADROOM_DB": custom]).status == 0)
        #expect(FileManager.default.fileExists(atPath: custom))
    }

    @Test func readableSummaryNamesTheModelAndComponents() throws {
        let out = try CLI.run(["run", "models/textbook/mmc.yaml", "--no-store"] + Self.short)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("mmc"))
        #expect(out.stdout.contains("p99"))
        #expect(out.stdout.contains("servers"))
    }

    @Test func badStorePathFailsCleanly() throws {
        let dir = CLI.temporaryDirectory()
        let notADatabase = dir.appendingPathComponent("notes.txt")
        try "my notes\n".write(to: notADatabase, atomically: true, encoding: .utf8)
        let out = try CLI.run(["run", "models/textbook/mm1.yaml", "--db", notADatabase.path] + Self.short)
        #expect(out.status == 1)
        #expect(out.stderr.contains("notes.txt"))
        #expect(try String(contentsOf: notADatabase, encoding: .utf8) == "my notes\n")
    }
}
