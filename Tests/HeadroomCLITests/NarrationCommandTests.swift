import Foundation
import Testing

/// `headroom trace MODEL`, through the real executable.
@Suite struct NarrationCommandTests {
    @Test func printsTheFirstEventsAsATable() throws {
        let out = try CLI.run(["trace", "models/textbook/mm1.yaml", "--events", "12"])
        #expect(out.status == 0, "\(out.stderr)")
        let lines = out.stdout.split(separator: "\n")
        #expect(lines.count == 2 + 12, "\(out.stdout)")
        #expect(lines[0] == "mm1, seed 1: the first 12 events from t = 0 (no warm-up)")
        for column in ["time", "request", "station", "what happened", "queue", "busy"] {
            #expect(lines[1].contains(column), "\(column)")
        }
        #expect(lines[2].contains("#0") && lines[2].contains("arrives (class default)"))
        #expect(lines[3].contains("starts service at once") && lines[3].hasSuffix("0   1/1"), "\(lines[3])")
    }

    @Test func jsonForNotebooks() throws {
        let out = try CLI.run(["trace", "models/textbook/mmc.yaml", "--events", "30", "--seed", "5", "--json",
                               "--set", "traffic.rate=3.9/s"])
        #expect(out.status == 0, "\(out.stderr)")
        let json = out.json
        #expect(json["model"] as? String == "mmc" && json["seed"] as? Int == 5 && json["complete"] as? Bool == true)
        let lines = json["lines"] as? [[String: Any]] ?? []
        #expect(lines.count == 30)
        #expect(lines.first?["event"] as? String == "arrive")
        #expect(lines.contains { $0["station"] as? String == "servers" && $0["servers"] as? Int == 4 })
    }

    @Test func badInputIsAClearError() throws {
        let zero = try CLI.run(["trace", "models/textbook/mm1.yaml", "--events", "0"])
        #expect(zero.status != 0 && zero.stderr.contains("--events must be from 1 to 100000"), "\(zero.stderr)")
        let missing = try CLI.run(["trace", "models/nope.yaml"])
        #expect(missing.status == 1 && missing.stderr.contains("models/nope.yaml"), "\(missing.stderr)")
        let key = try CLI.run(["trace", "models/textbook/mm1.yaml", "--set", "traffic.rat=1/s"])
        #expect(key.status == 1 && key.stderr.contains("traffic.rat"), "\(key.stderr)")
    }
}
