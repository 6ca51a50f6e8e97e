import Foundation
import Testing

/// Output for programs: `--json` on every command that prints results or lists, each document
/// checked against what the readable form or the store says; shell completion; `--version`.
@Suite struct MachineOutputTests {
    /// A JSON array on stdout.
    static func array(_ out: CLI.Output) -> [[String: Any]]? {
        (try? JSONSerialization.jsonObject(with: Data(out.stdout.utf8))) as? [[String: Any]]
    }

    @Test func listsAreJSONArraysOfWhatTheStoreHolds() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("lists.sqlite").path
        let made = try CLI.run(["run", "models/textbook/mm1.yaml", "--set", "duration=20000s", "--replications", "2",
                                "--db", db, "--json", "--quiet"])
        #expect(made.status == 0, "\(made.stderr)")
        let sweep = try CLI.run(["sweep", "models/textbook/mm1.yaml", "--base-set", "duration=20000s",
                                 "--set", "traffic.rate=0.5/s,0.7/s", "--db", db, "--json", "--quiet"])
        #expect(sweep.status == 0, "\(sweep.stderr)")

        // runs: newest first, one object per replication, the same figures as the run's JSON.
        let runs = try #require(Self.array(try CLI.run(["runs", "--json", "--db", db])))
        #expect(runs.count == 4)
        // Newest first (runs made in the same millisecond come in any order among themselves).
        #expect(Set(runs.compactMap { $0["id"] as? Int }) == [1, 2, 3, 4])
        #expect(runs.prefix(2).allSatisfy { ($0["id"] as? Int ?? 0) > 2 }, "the sweep's runs are newer")
        let first = try #require(runs.first { $0["id"] as? Int == 1 })
        #expect(first["model"] as? String == "mm1")
        #expect(first["replication_count"] as? Int == 2)
        #expect(first["group_id"] as? Int == 1)
        #expect(first["verdict"] as? String == "ok")
        #expect(first.keys.contains("status_reason"))
        let latency = try #require(first["latency"] as? [String: Any])
        let shown = try CLI.run(["runs", "show", "1", "--json", "--db", db]).json
        #expect(latency["p99"] as? Double == (shown["latency"] as? [String: Any])?["p99"] as? Double)
        #expect(first["throughput"] as? Double == shown["throughput"] as? Double)
        let limited = try #require(Self.array(try CLI.run(["runs", "--json", "--limit", "1", "--db", db])))
        #expect(limited.count == 1)

        // sweeps and sweeps show.
        let sweeps = try #require(Self.array(try CLI.run(["sweeps", "--json", "--db", db])))
        #expect(sweeps.count == 1)
        #expect(sweeps[0]["points"] as? Int == 2 && sweeps[0]["points_done"] as? Int == 2)
        #expect(sweeps[0]["status"] as? String == "done")
        #expect(sweeps[0].keys.contains("shard") && sweeps[0]["shard"] is NSNull)
        let show = try CLI.run(["sweeps", "show", "1", "--json", "--db", db])
        #expect(show.status == 0, "\(show.stderr)")
        let points = try #require(show.json["points"] as? [[String: Any]])
        let swept = try #require(sweep.json["points"] as? [[String: Any]])
        #expect(points.count == 2)
        // Read back from the store, the points are those the sweep printed.
        #expect(points.map { $0["p99"] as? Double } == swept.map { $0["p99"] as? Double })
        #expect(show.json["grid_points"] as? Int == 2)
        #expect(show.json["wall_seconds"] == nil)

        // runs series: the points `run --json --series` prints.
        let series = try #require(Self.array(try CLI.run(["runs", "series", "1", "--json", "--metric", "throughput",
                                                          "--db", db])))
        #expect(!series.isEmpty)
        #expect(series.allSatisfy { $0["metric"] as? String == "throughput" && $0["scope"] as? String == "" })
        let times = series.compactMap { $0["time"] as? Double }
        #expect(times == times.sorted() && times.count == series.count)

        // --csv and --json are one or the other.
        for command in [["runs"], ["sweeps"], ["runs", "series", "1"], ["sweeps", "show", "1"]] {
            let both = try CLI.run(command + ["--csv", "--json", "--db", db])
            #expect(both.status != 0, "\(command)")
        }
    }

    @Test func emptyListsAreEmptyArrays() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("empty.sqlite").path
        // A store with a run and nothing else.
        #expect(try CLI.run(["run", "models/textbook/mm1.yaml", "--set", "duration=2000s", "--set", "warmup=100s", "--db", db]).status == 0)
        for command in [["sweeps"], ["forecasts"], ["plans"]] {
            let out = try CLI.run(command + ["--json", "--db", db])
            #expect(out.status == 0, "\(command): \(out.stderr)")
            #expect(Self.array(out)?.isEmpty == true, "\(command): \(out.stdout)")
        }
    }

    @Test func forecastsListMatchesTheForecast() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("forecasts.sqlite").path
        let made = try CLI.run([
            "saturate", "models/textbook/mm1.yaml", "--set", "duration=20000s", "--replications", "2",
            "--max-replications", "2", "--precision", "50%", "--slo", "p99=30s", "--no-next", "--quiet", "--db", db, "--json",
        ])
        #expect(made.status == 0, "\(made.stderr)")
        let list = try #require(Self.array(try CLI.run(["forecasts", "--json", "--db", db])))
        #expect(list.count == 1)
        let entry = list[0]
        #expect(entry["id"] as? Int == 1)
        #expect(entry["model"] as? String == "mm1")
        let forecast = try #require(made.json["forecast"] as? [String: Any])
        #expect(entry["saturation"] as? Double == forecast["saturation"] as? Double)
        #expect(entry["runs"] as? Int == (forecast["probes"] as? [Any])?.count)
        #expect(entry["wall_seconds"] as? Double == made.json["wall_seconds"] as? Double)
        #expect(entry.keys.contains("next_bottleneck") && entry["next_bottleneck"] is NSNull)
    }

    @Test func mergeReportsItsCountsAsJSON() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.sqlite").path
        let output = dir.appendingPathComponent("out.sqlite").path
        #expect(try CLI.run(["run", "models/textbook/mm1.yaml", "--set", "duration=2000s", "--set", "warmup=100s", "--replications", "3",
                             "--quiet", "--db", input]).status == 0)
        let first = try CLI.run(["merge", output, input, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let inputs = try #require(first.json["inputs"] as? [[String: Any]])
        #expect(inputs.count == 1)
        #expect(inputs[0]["store"] as? String == input)
        #expect(inputs[0]["runs_copied"] as? Int == 3 && inputs[0]["runs_skipped"] as? Int == 0)
        // Merging twice changes nothing: the same runs are skipped.
        let again = try CLI.run(["merge", output, input, "--json"])
        let second = try #require((again.json["inputs"] as? [[String: Any]])?.first)
        #expect(second["runs_copied"] as? Int == 0 && second["runs_skipped"] as? Int == 3)
        // A store that cannot be merged is in the document with its error, and the exit code is 1.
        let missing = dir.appendingPathComponent("missing.sqlite").path
        let failed = try CLI.run(["merge", output, missing, "--json"])
        #expect(failed.status == 1)
        let failure = try #require((failed.json["inputs"] as? [[String: Any]])?.first)
        #expect((failure["error"] as? String)?.isEmpty == false)
    }

    @Test func validateJSONListsEveryProblem() throws {
        let good = try CLI.run(["validate", "models/textbook/mm1.yaml", "--json"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.json["valid"] as? Bool == true)
        #expect(good.json["model"] as? String == "mm1")
        #expect(good.json["components"] as? Int == 1)
        #expect(good.json["problems"] == nil)

        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.yaml")
        try """
            name: bad
            duration: 1h
            traffic:
              rate: fast
            components:
              server:
                type: station
                servers: 1
                service: { exponential: 1s }
            flows:
              default:
                - visit: server
            """.write(to: bad, atomically: true, encoding: .utf8)
        let out = try CLI.run(["validate", bad.path, "--json", "--set", "components.server.servrs=2"])
        #expect(out.status == 1)
        #expect(out.json["valid"] as? Bool == false)
        let problems = try #require(out.json["problems"] as? [[String: Any]])
        // The text form's lines, one problem each.
        let text = try CLI.run(["validate", bad.path, "--set", "components.server.servrs=2"])
        #expect(problems.count == text.stderr.split(separator: "\n").count, "\(text.stderr)")
        let rate = try #require(problems.first { $0["path"] as? String == "traffic.rate" })
        #expect(rate["line"] as? Int == 4)
        #expect(rate["file"] as? String == bad.path)
        let set = try #require(problems.first { $0["file"] as? String == "--set" })
        #expect(set["line"] is NSNull && set["suggestion"] as? String == "servers")
    }

    @Test func completionScriptsCompleteModelAndStoreFiles() throws {
        let bash = try CLI.run(["--generate-completion-script", "bash"])
        #expect(bash.status == 0)
        // Model files by extension, store files by extension, for run's argument and --db.
        #expect(bash.stdout.contains("yaml") && bash.stdout.contains("yml"))
        #expect(bash.stdout.contains("sqlite"))
        let zsh = try CLI.run(["--generate-completion-script", "zsh"])
        #expect(zsh.status == 0)
        #expect(zsh.stdout.contains("*.yaml") && zsh.stdout.contains("*.sqlite"), "\(zsh.stdout.prefix(400))")
        let fish = try CLI.run(["--generate-completion-script", "fish"])
        #expect(fish.status == 0)
        #expect(fish.stdout.contains("yaml") && fish.stdout.contains("sqlite"))
    }

    @Test func versionNamesTheCommitOrSaysItIsUnknown() throws {
        let out = try CLI.run(["--version"])
        #expect(out.status == 0)
        let line = out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // A test build is a plain build: no commit was given to it (scripts/install gives one; its
        // check in scripts/tests.d runs the installed binary).
        #expect(line == "0.1.0 (unknown commit)" || line.range(of: #"^0\.1\.0 \(commit [0-9a-f]{12}(-dirty)?\)$"#,
                                                                    options: .regularExpression) != nil, "\(line)")
    }
}
