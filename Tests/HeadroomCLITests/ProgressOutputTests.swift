import Foundation
import Testing

/// Progress of long commands when stderr is not a terminal (here a pipe): one plain line per
/// step, `DETAIL [DONE/TOTAL UNIT, ELAPSED elapsed, ETA LEFT]`, the counts going up by one; none
/// with `--quiet`. The bar drawn on a terminal is tested as a pure function (ProgressLineTests).
@Suite struct ProgressOutputTests {
    /// The counts of each progress line, `[k/n unit, …]` or `[k unit, …]`, in order; nil when a
    /// line of stderr is not a progress line.
    static func counts(_ stderr: String, unit: String) -> [(done: Int, total: Int?)]? {
        let pattern = #"\[(\d+)(?:/(\d+))? "# + unit + #", (\d+h \d\dm|\d+m \d\ds|\d+s) elapsed(?:, ETA (\d+h \d\dm|\d+m \d\ds|\d+s))?\]$"#
        let regex = try! NSRegularExpression(pattern: pattern)
        var found: [(done: Int, total: Int?)] = []
        for line in stderr.split(separator: "\n").map(String.init) {
            let range = NSRange(line.startIndex..., in: line)
            guard let match = regex.firstMatch(in: line, range: range) else { return nil }
            let done = Int(line[Range(match.range(at: 1), in: line)!])!
            let total = Range(match.range(at: 2), in: line).map { Int(line[$0])! }
            // An ETA exactly when the total is known.
            guard (match.range(at: 4).location != NSNotFound) == (total != nil) else { return nil }
            found.append((done: done, total: total))
        }
        return found
    }

    @Test func replicatedRunPrintsALinePerReplication() throws {
        let args = ["run", "models/textbook/mm1.yaml", "--set", "duration=20000s", "--replications", "3", "--jobs", "2",
                    "--no-store", "--json"]
        let out = try CLI.run(args)
        #expect(out.status == 0, "\(out.stderr)")
        let counts = try #require(Self.counts(out.stderr, unit: "replications"), "\(out.stderr)")
        #expect(counts.map(\.done) == [1, 2, 3])
        #expect(counts.allSatisfy { $0.total == 3 })
        // Standard output is the JSON document alone.
        #expect(out.json["replications"] as? Int == 3)

        let quiet = try CLI.run(args + ["--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
        // A single run reports no progress.
        let single = try CLI.run(["run", "models/textbook/mm1.yaml", "--set", "duration=2000s", "--set", "warmup=100s", "--no-store"])
        #expect(single.stderr.isEmpty, "\(single.stderr)")
    }

    @Test func whatIfCountsBothSides() throws {
        let args = ["whatif", "models/textbook/mm1.yaml", "--base-set", "duration=20000s", "--set", "traffic.rate=0.7/s",
                    "--replications", "2", "--jobs", "1", "--no-store"]
        let out = try CLI.run(args)
        #expect(out.status == 0, "\(out.stderr)")
        let counts = try #require(Self.counts(out.stderr, unit: "runs"), "\(out.stderr)")
        #expect(counts.map(\.done) == [1, 2, 3, 4])
        #expect(counts.allSatisfy { $0.total == 4 })
        let lines = out.stderr.split(separator: "\n")
        #expect(lines.prefix(2).allSatisfy { $0.hasPrefix("baseline [") })
        #expect(lines.suffix(2).allSatisfy { $0.hasPrefix("variant [") })
        #expect(try CLI.run(args + ["--quiet"]).stderr.isEmpty)
    }

    @Test func sweepPrintsALinePerPoint() throws {
        let args = ["sweep", "models/textbook/mm1.yaml", "--base-set", "duration=20000s",
                    "--set", "traffic.rate=0.5/s,0.6/s,0.7/s", "--jobs", "1"]
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try CLI.run(args + ["--db", dir.appendingPathComponent("a.sqlite").path])
        #expect(out.status == 0, "\(out.stderr)")
        let counts = try #require(Self.counts(out.stderr, unit: "points"), "\(out.stderr)")
        #expect(counts.map(\.done) == [1, 2, 3])
        #expect(counts.allSatisfy { $0.total == 3 })
        #expect(out.stderr.contains("point 1/3 done (traffic.rate=0.5/s) [1/3 points, "))
        let quiet = try CLI.run(args + ["--quiet", "--db", dir.appendingPathComponent("b.sqlite").path])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
    }

    /// A saturation search does not know how many runs it will need: counts and elapsed time,
    /// no total and no ETA.
    @Test func saturateCountsRunsWithoutATotal() throws {
        let out = try CLI.run([
            "saturate", "models/textbook/mm1.yaml", "--set", "duration=20000s", "--replications", "2",
            "--max-replications", "2", "--precision", "50%", "--slo", "p99=30s", "--no-next", "--no-store",
        ])
        #expect(out.status == 0, "\(out.stderr)")
        let counts = try #require(Self.counts(out.stderr, unit: "runs"), "\(out.stderr)")
        #expect(!counts.isEmpty)
        #expect(counts.map(\.done) == Array(1 ... counts.count))
        #expect(counts.allSatisfy { $0.total == nil })
        #expect(out.stderr.hasPrefix("light replication 1 at ×"))
    }

    /// A plan's total is its own estimate, which may grow; the count never passes it.
    @Test func planCountsRunsAgainstItsEstimate() throws {
        let out = try CLI.run([
            "plan", "models/textbook/mmc.yaml", "--set", "duration=20000s", "--set", "warmup=1000s", "--no-headroom",
            "--load", "2x", "--slo", "p99=6s", "--vary", "components.servers.servers=6..9:1", "--no-store",
        ])
        #expect(out.status == 0, "\(out.stderr)")
        let counts = try #require(Self.counts(out.stderr, unit: "runs"), "\(out.stderr)")
        #expect(!counts.isEmpty)
        #expect(counts.map(\.done) == Array(1 ... counts.count))
        #expect(counts.allSatisfy { count in count.total.map { count.done <= $0 } == true })
    }
}
