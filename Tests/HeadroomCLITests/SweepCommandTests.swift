import Foundation
import Testing

@Suite struct SweepCommandTests {
    static let grid = [
        "sweep", "models/textbook/mm1.yaml", "--base-set", "duration=20000s", "--set", "traffic.rate=0.5/s,0.7/s",
        "--set", "components.server.servers=1,2", "--replications", "2",
    ]

    /// The JSON without wall times and ids.
    static func stable(_ json: [String: Any]) -> NSDictionary {
        var json = json
        json.removeValue(forKey: "wall_seconds")
        json.removeValue(forKey: "sweep_id")
        json["points"] = (json["points"] as? [[String: Any]] ?? []).map { point -> [String: Any] in
            var point = point
            point.removeValue(forKey: "run_ids")
            return point
        }
        return json as NSDictionary
    }

    @Test func sweepStoresPointsAndIsIndependentOfJobs() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        let one = try CLI.run(Self.grid + ["--db", db, "--jobs", "1", "--json"])
        #expect(one.status == 0, "\(one.stderr)")
        let points = one.json["points"] as? [[String: Any]] ?? []
        #expect(points.count == 4)
        #expect(one.stderr.contains("point 4/4 done") || one.stderr.contains("point 1/4 done"))

        let list = try CLI.run(["sweeps", "--db", db])
        #expect(list.status == 0)
        #expect(list.stdout.contains("4/4"))
        #expect(list.stdout.contains("done"))

        let two = try CLI.run(Self.grid + ["--db", db, "--jobs", "2", "--json"])
        #expect(two.status == 0, "\(two.stderr)")
        #expect(Self.stable(one.json) == Self.stable(two.json))

        let runs = try CLI.run(["runs", "--db", db, "--limit", "100"])
        // 2 sweeps × 4 points × 2 replications, plus the header.
        #expect(runs.stdout.split(separator: "\n").count >= 17)

        let table = try CLI.run(Self.grid + ["--db", db])
        #expect(table.status == 0)
        #expect(table.stdout.contains("traffic.rate"))
        #expect(table.stdout.contains("server"))
    }

    @Test func badValueExits1() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        let out = try CLI.run([
            "sweep", "models/textbook/mm1.yaml", "--set", "traffic.rate=0.5/s,fast", "--db", db,
        ])
        #expect(out.status == 1)
        #expect(out.stderr.contains("traffic.rate=fast"))
        let bad = try CLI.run(["sweep", "models/textbook/mm1.yaml", "--set", "traffic.rate=5/s..1/s:1/s", "--db", db])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("END is less than START"))
    }
}
