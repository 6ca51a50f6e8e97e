import Foundation
import HeadroomComponents
import Testing
@testable import HeadroomStore

/// `headroom sweep --shard I/N`, `headroom merge` and `headroom sweeps show`/`--csv`: a sweep
/// run in four shards and merged equals the same sweep run whole.
@Suite struct SweepShardMergeTests {
    /// Six points (two rates × three server counts), two replications each.
    static let grid = [
        "sweep", "models/textbook/mm1.yaml", "--base-set", "duration=20000s", "--set", "traffic.rate=0.5/s,0.7/s",
        "--set", "components.server.servers=1,2,3", "--replications", "2",
    ]

    static func counts(_ db: String) throws -> [String: Int] {
        let store = try RunStore(path: db)
        var counts = try store.dbQueue.read { db in
            try Dictionary(uniqueKeysWithValues: [
                "runs", "run_metrics", "class_metrics", "component_metrics", "resource_metrics", "latency_histogram",
                "series", "alerts", "sweeps", "sweep_points", "forecasts", "forecast_runs",
            ].map { table in (table, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? -1) })
        }
        counts["points"] = try store.sweepPoints(sweepID: 1).count
        return counts
    }

    @Test func fourShardsMergedEqualTheWholeSweep() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = dir.appendingPathComponent("whole.sqlite").path
        let out = try CLI.run(Self.grid + ["--db", whole, "--jobs", "2"])
        #expect(out.status == 0, "\(out.stderr)")

        var shards: [String] = []
        for i in 1...4 {
            let db = dir.appendingPathComponent("shard-\(i).sqlite").path
            let shard = try CLI.run(Self.grid + ["--shard", "\(i)/4", "--db", db, "--jobs", i % 2 == 0 ? "1" : "2"])
            #expect(shard.status == 0, "\(shard.stderr)")
            // Round robin: shard i runs the points p with p mod 4 = i − 1, numbered from 1 here.
            let expected = stride(from: i, through: 6, by: 4).map { "point \($0)/6 done" }
            for line in expected { #expect(shard.stderr.contains(line), "\(shard.stderr)") }
            #expect(shard.stderr.components(separatedBy: " done (").count - 1 == expected.count)
            #expect(shard.stdout.contains("shard \(i)/4, \(expected.count) of 6 points"))
            shards.append(db)
        }
        let shardList = try CLI.run(["sweeps", "--db", shards[1]])
        #expect(shardList.stdout.contains("2/6") && shardList.stdout.contains("done") && shardList.stdout.contains("2/4"))

        let merged = dir.appendingPathComponent("merged.sqlite").path
        let merge = try CLI.run(["merge", merged] + shards)
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout.contains("total: runs 12 copied, 0 already there"))
        #expect(merge.stdout.contains("sweep 1 in \(merged): mm1, 6/6 points, done"))

        // Every point's results are those of the whole sweep.
        let mergedPoints = try RunStore(path: merged).sweepPointRuns(sweepID: 1)
        let wholePoints = try RunStore(path: whole).sweepPointRuns(sweepID: 1)
        #expect(mergedPoints.map(\.point) == Array(0..<6))
        #expect(mergedPoints.map(\.results) == wholePoints.map(\.results))
        #expect(mergedPoints.map(\.overrides) == wholePoints.map(\.overrides))
        let sweep = try #require(try RunStore(path: merged).sweep(id: 1))
        #expect(sweep.status == "done" && sweep.record.shardIndex == nil && sweep.record.shardCount == nil)
        let csv = try CLI.run(["sweeps", "show", "1", "--csv", "--db", merged])
        #expect(csv.stdout == (try CLI.run(["sweeps", "show", "1", "--csv", "--db", whole])).stdout)

        // Merging again changes nothing.
        let counts = try Self.counts(merged)
        let again = try CLI.run(["merge", merged] + shards)
        #expect(again.status == 0)
        #expect(again.stdout.contains("total: runs 0 copied, 12 already there"))
        #expect(try Self.counts(merged) == counts)
    }

    @Test func aShardRunAgainIntoItsStoreContinuesIt() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("shard.sqlite").path
        let first = try CLI.run(Self.grid + ["--shard", "1/2", "--db", db])
        #expect(first.status == 0, "\(first.stderr)")
        let again = try CLI.run(Self.grid + ["--shard", "1/2", "--db", db])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("continuing sweep 1"))
        #expect(!again.stderr.contains(" done ("))
        #expect(again.stdout == first.stdout)
        // The other shard into the same store: one sweep for the whole grid.
        let other = try CLI.run(Self.grid + ["--shard", "2/2", "--db", db])
        #expect(other.status == 0, "\(other.stderr)")
        let sweep = try #require(try RunStore(path: db).sweep(id: 1))
        #expect(sweep.pointsDone == 6 && sweep.status == "done" && sweep.record.shardIndex == nil)
    }

    @Test(arguments: ["0/4", "5/4", "2", "a/b", "1/0"])
    func aBadShardIsRefused(shard: String) throws {
        let out = try CLI.run(Self.grid + ["--shard", shard, "--db", "/nonexistent/x.sqlite"])
        #expect(out.status == 64)
        #expect(out.stderr.contains("--shard '\(shard)'"), "\(out.stderr)")
    }

    @Test func showAndCSV() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        #expect(try CLI.run(Self.grid + ["--db", db]).status == 0)
        #expect(try CLI.run([
            "sweep", "models/textbook/mm1.yaml", "--base-set", "duration=2000s", "--set", "warmup=100s,200s", "--db", db,
        ]).status == 0)

        let show = try CLI.run(["sweeps", "show", "1", "--db", db])
        #expect(show.status == 0, "\(show.stderr)")
        for text in ["axis         traffic.rate: 0.5/s, 0.7/s", "axis         components.server.servers: 1, 2, 3",
                     "base         duration=20000s", "replications 2, seeds 1 … 2", "shard        whole grid",
                     "points       6/6 stored, done", "most utilized"] {
            #expect(show.stdout.contains(text), "\(text)")
        }

        let csv = try CLI.run(["sweeps", "show", "1", "--csv", "--db", db])
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "sweep,model,point,traffic.rate,components.server.servers,replications,verdict,throughput,"
            + "latency_mean,latency_p50,latency_p95,latency_p99,error_rate,top_component,top_utilization")
        try #require(lines.count == 7)
        let row = lines[5].split(separator: ",").map(String.init)
        #expect(Array(row[0...6]) == ["1", "mm1", "4", "0.7", "2", "2", "ok"])
        let p50 = try #require(Double(row[9]))
        let p95 = try #require(Double(row[10]))
        let p99 = try #require(Double(row[11]))
        #expect(p50 < p95 && p95 < p99)
        #expect(row[13] == "server.servers" && (Double(row[14]) ?? 0) > 0.3)

        // The listing's CSV holds both sweeps, each with its own axis columns.
        let all = try CLI.run(["sweeps", "--csv", "--db", db]).stdout.split(separator: "\n").map(String.init)
        try #require(all.count == 1 + 6 + 2)
        #expect(all[0].hasPrefix("sweep,model,point,traffic.rate,components.server.servers,warmup,replications"))
        #expect(all[8].hasPrefix("2,mm1,1,,,200,1,ok,"))

        let missing = try CLI.run(["sweeps", "show", "9", "--db", db])
        #expect(missing.status == 1 && missing.stderr.contains("no sweep 9"))
        let list = try CLI.run(["sweeps", "--db", db])
        #expect(list.stdout.contains("6/6") && list.stdout.contains("2/2"))
    }

    @Test func mergeRefusesBadInputsByName() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        let self_ = try CLI.run(["merge", db, db])
        #expect(self_.status == 64 && self_.stderr.contains("cannot merge a store into itself"))

        let text = dir.appendingPathComponent("notes.txt").path
        try "hello\n".write(toFile: text, atomically: true, encoding: .utf8)
        let missing = dir.appendingPathComponent("missing.sqlite").path
        let source = dir.appendingPathComponent("source.sqlite").path
        #expect(try CLI.run([
            "sweep", "models/textbook/mm1.yaml", "--base-set", "duration=1000s", "--base-set", "warmup=100s", "--set", "traffic.rate=0.5/s",
            "--db", source,
        ]).status == 0)
        let out = try CLI.run(["merge", db, missing, text, source])
        #expect(out.status == 1)
        #expect(out.stderr.contains("cannot merge '\(missing)': no such file"))
        #expect(out.stderr.contains("'\(text)'") && out.stderr.contains("not a SQLite database"))
        #expect(out.stdout.contains("\(source): runs 1 copied"))
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
