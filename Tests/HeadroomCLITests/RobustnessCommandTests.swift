import Foundation
import Testing

/// Command lines that crashed or ran without end (issue #16): each ends in a clear error or a
/// correct result, never a trap (exit 132/134).
@Suite struct RobustnessCommandTests {
    static let short = ["--set", "duration=200s", "--set", "warmup=0s", "--no-store"]

    @Test func theLargestSeedWithReplicationsWrapsToZero() throws {
        let out = try CLI.run(["run", "models/textbook/mm1.yaml", "--seed", "18446744073709551615", "--replications", "2"]
            + Self.short)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("seeds 18446744073709551615–0"), "\(out.stdout)")
    }

    @Test func replicationsHaveAnUpperBound() throws {
        for command in [["run"], ["whatif", "--set", "traffic.rate=0.5/s"]] {
            let out = try CLI.run(command + ["models/textbook/mm1.yaml", "--replications", "100000000", "--no-store"])
            #expect(out.status == 64, "\(command): \(out.stderr)")
            #expect(out.stderr.contains("--replications must be at most 10000"), "\(out.stderr)")
        }
        let sweep = try CLI.run(["sweep", "models/textbook/mm1.yaml", "--set", "traffic.rate=0.1/s..0.9/s:0.1/s",
                                 "--replications", "100000000", "--db", "/dev/null/x.sqlite"])
        #expect(sweep.status == 64, "\(sweep.stderr)")
    }

    @Test func aSweepGridTooLargeIsRejectedBeforeItIsBuilt() throws {
        let axis = "1s..100000s:1s"
        let out = try CLI.run(["sweep", "models/textbook/mm1.yaml", "--set", "duration=\(axis)", "--set",
                               "warmup=0s..99999s:1s", "--db", CLI.temporaryDirectory().appendingPathComponent("s.sqlite").path])
        #expect(out.status == 1, "\(out.stderr)")
        #expect(out.stderr.contains("expected at most 1000000 runs"), "\(out.stderr)")
    }

    @Test func aHugeSLOBoundIsAClearError() throws {
        let out = try CLI.run(["saturate", "models/textbook/mm1.yaml", "--slo", "p99=1e18s", "--no-store"])
        #expect(out.status == 1, "\(out.stderr)")
        #expect(out.stderr.contains("--slo: p99 must be a duration above 0 and at most 1000000000s"), "\(out.stderr)")
    }

    @Test func anAutoscalerTargetOf1eMinus300IsALocatedError() throws {
        let out = try CLI.run(["run", "models/autoscaled-workers.yaml", "--set", "autoscaling.0.target=1e-300", "--no-store"])
        #expect(out.status == 1, "\(out.stderr)")
        #expect(out.stderr.contains("autoscaling.0.target"), "\(out.stderr)")
    }

    @Test func aModelWhoseRateCannotAdvanceTheClockIsALocatedError() throws {
        let dir = CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("fast.yaml")
        try """
        duration: 10s
        traffic: { rate: 1e300/s }
        components:
          server: { type: station, servers: 1, capacity: 5, service: { exponential: 1s } }
        flows:
          default:
            - visit: server
        """.write(to: file, atomically: true, encoding: .utf8)
        let out = try CLI.run(["run", file.path, "--no-store"])
        #expect(out.status == 1, "\(out.stderr)")
        #expect(out.stderr.contains("fast.yaml:2:18: traffic.rate: expected a rate of at most 1e9/s"), "\(out.stderr)")
    }
}
