import Foundation
import Testing

/// End-to-end: `headroom trace-stats` and a replayed model through `headroom run`.
@Suite struct TraceCommandTests {
    @Test func traceStatsDescribesTheSampleLog() throws {
        let out = try CLI.run(["trace-stats", "models/data/sample-access.log", "--key", "segment:2", "--tenant", "query:tenant"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.hasPrefix("trace       models/data/sample-access.log (access log): "))
        #expect(out.stdout.contains("3 bad lines not counted:"))
        #expect(out.stdout.contains("line 401, column 43: expected a quoted request line"))
        #expect(out.stdout.contains("burstiness  index of dispersion"))
        #expect(out.stdout.contains("GET /products"))
        #expect(out.stdout.contains("keys        "))
        #expect(out.stdout.contains("rate over time (5s windows)"))
    }

    /// The same figures as JSON: the counts add up and agree with the readable report.
    @Test func traceStatsJSONHasTheReportsFigures() throws {
        let args = ["trace-stats", "models/data/sample-access.log", "--key", "segment:2", "--tenant", "query:tenant"]
        let out = try CLI.run(args + ["--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let json = out.json
        #expect(json["file"] as? String == "models/data/sample-access.log")
        #expect(json["format"] as? String == "access_log")
        #expect(json["bad_lines"] as? Int == 3)
        let problems = try #require(json["problems"] as? [[String: Any]])
        #expect(problems.contains { $0["line"] as? Int == 401 && $0["column"] as? Int == 43 })
        let requests = try #require(json["requests"] as? Int)
        let classes = try #require(json["classes"] as? [[String: Any]])
        // Every request is in one class, and the shares are those counts over the total.
        #expect(classes.compactMap { $0["requests"] as? Int }.reduce(0, +) == requests)
        for c in classes {
            let share = try #require(c["share"] as? Double)
            #expect(abs(share - Double(c["requests"] as? Int ?? 0) / Double(requests)) < 1e-12)
        }
        let rates = try #require(json["rate_over_time"] as? [[String: Any]])
        #expect(rates.compactMap { $0["requests"] as? Int }.reduce(0, +) == requests)
        #expect(json["window"] as? Double == 5)
        #expect((json["keys"] as? [String: Any])?["distinct"] is Int)
        let text = try CLI.run(args)
        #expect(text.stdout.contains(grouped(requests)), "the report counts \(requests) requests")
        #expect(try CLI.run(args + ["--json", "--fit"]).status != 0)
    }

    /// `1234` as the readable report writes a count: `1,234`.
    private func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }

    @Test func theFitOfAModelsTraceNamesTheModelsClasses() throws {
        let out = try CLI.run(["trace-stats", "--model", "models/replay-shop.yaml", "--fit"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("\ntraffic:\n  rate: "))
        #expect(out.stdout.contains("  profile: { points: ["))
        #expect(out.stdout.contains("    view_product: { share: 0."))
        #expect(out.stdout.contains("    checkout: { share: 0."))
    }

    @Test func badInputEndsWithExitCode1AndSaysWhy() throws {
        let missing = try CLI.run(["trace-stats", "nowhere.log"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "trace-stats: cannot read trace 'nowhere.log': no such file\n")
        let format = try CLI.run(["trace-stats", "models/data/sample-access.log", "--format", "combind"])
        #expect(format.status == 1)
        #expect(format.stderr.contains("unknown trace format 'combind'") && format.stderr.contains("did you mean 'combined'?"))
        let key = try CLI.run(["trace-stats", "models/data/sample-access.log", "--key", "segmnt:2"])
        #expect(key.status == 1)
        #expect(key.stderr.contains("did you mean 'segment'?"))
        let noHeader = CLI.temporaryDirectory().appendingPathComponent("t.csv")
        try "time,class\n1,a\n".write(to: noHeader, atomically: true, encoding: .utf8)
        let header = try CLI.run(["trace-stats", noHeader.path])
        #expect(header.status == 1)
        #expect(header.stderr.hasPrefix("\(noHeader.path):1:1: the CSV trace's header has no timestamp column"))
        let model = try CLI.run(["trace-stats", "--model", "models/textbook/mm1.yaml"])
        #expect(model.status == 1)
        #expect(model.stderr.contains("the model has no traffic.replay"))
    }

    @Test func aReplayedRunListsItsBadLinesInTheSummary() throws {
        // 10 minutes of a 3-minute log: four passes, its three bad lines counted once.
        let out = try CLI.run(["run", "models/replay-shop.yaml", "--no-store"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("replay      "))
        #expect(out.stdout.contains("3 bad lines not replayed:"))
        #expect(out.stdout.contains("4 passes (loop)"))
        #expect(out.stdout.contains("line 1901, column 14: expected a timestamp such as [07/Dec/2026:20:00:00 +0000], found '07/Dez/2026:20:02:08 +0000'"))
    }

    @Test func theJSONOfAReplayedRunCarriesTheReplay() throws {
        let out = try CLI.run(["run", "models/replay-shop.yaml", "--no-store", "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let replay = try #require(out.json["replay"] as? [String: Any])
        #expect(replay["bad_lines"] as? Int == 3)
        #expect(replay["passes"] as? Int == 4)
        let problems = try #require(replay["problems"] as? [[String: Any]])
        #expect(problems.map { $0["line"] as? Int } == [401, 1201, 1901])
        #expect(problems.map { $0["kind"] as? String } == ["bad_request", "truncated", "bad_timestamp"])
        let plain = try CLI.run(["run", "models/textbook/mm1.yaml", "--no-store", "--json", "--set", "duration=100s"])
        #expect(plain.json["replay"] == nil)
    }

    @Test func aModelWithABadReplayIsAnErrorWithItsPositionAndExitCode1() throws {
        let dir = CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("replay.yaml")
        try """
        duration: 100s
        traffic:
          replay:
            file: nowhere.log
            sped: 3x
        components:
          s: { type: station, servers: 1, service: 1ms }
        flows:
          default: [ { visit: s } ]
        """.write(to: file, atomically: true, encoding: .utf8)
        for command in ["validate", "run"] {
            let out = try CLI.run([command, file.path, "--no-store"].filter { command == "run" || $0 != "--no-store" })
            #expect(out.status == 1)
            #expect(out.stderr.contains("replay.yaml:4:11: traffic.replay.file: cannot read trace '\(dir.path)/nowhere.log': "
                + "no such file (relative to the model file's directory)"))
            #expect(out.stderr.contains("replay.yaml:5:5: traffic.replay.sped: unknown key 'sped'"))
            #expect(out.stderr.contains("did you mean 'speed'?"))
        }
    }

    @Test func theRateWindowIsTheOneAskedFor() throws {
        let out = try CLI.run(["trace-stats", "models/data/sample-trace.csv", "--window", "30s"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("rate over time (30s windows)"))
        #expect(out.stdout.contains("durations   recorded: mean "))
        let bad = try CLI.run(["trace-stats", "models/data/sample-trace.csv", "--window", "0.5s"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("--window: expected a duration of at least 1s"))
    }
}
