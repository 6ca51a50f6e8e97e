import Foundation
import Testing

/// End-to-end: `headroom validate` and how bad input reaches the user.
@Suite struct ValidateCommandTests {
    @Test(arguments: ["mm1", "mmc", "md1", "mm1k", "jackson"])
    func textbookModelsAreValid(name: String) throws {
        let out = try CLI.run(["validate", "models/textbook/\(name).yaml"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("ok"))
    }

    @Test func typoIsReportedWithPositionAndSuggestionAndExitCode1() throws {
        let dir = CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("typo.yaml")
        try """
        name: typo
        duration: 100s
        traffic:
          rate: 1/s
        components:
          server:
            type: station
            servrs: 2
            service: 1s
        flows:
          default:
            - visit: server
        """.write(to: file, atomically: true, encoding: .utf8)
        let out = try CLI.run(["validate", file.path])
        #expect(out.status == 1)
        #expect(out.stderr.contains("typo.yaml:8:5"))
        #expect(out.stderr.contains("components.server.servrs"))
        #expect(out.stderr.contains("servers"))
        let run = try CLI.run(["run", file.path, "--no-store"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
    }

    @Test func missingFileIsAClearError() throws {
        let out = try CLI.run(["validate", "no/such/model.yaml"])
        #expect(out.status == 1)
        #expect(out.stderr.contains("no/such/model.yaml"))
    }

    @Test func badOverrideIsAClearError() throws {
        let out = try CLI.run(["run", "models/textbook/mm1.yaml", "--no-store", "--set", "trafic.rate=2/s"])
        #expect(out.status == 1)
        #expect(out.stderr.contains("--set"))
        #expect(out.stderr.contains("traffic"))
    }

    @Test func unstableRunIsAResultNotACrash() throws {
        let out = try CLI.run(["run", "models/textbook/mm1.yaml", "--no-store", "--json",
                               "--set", "traffic.rate=3/s", "--set", "limits.max_in_system=2000"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.json["status"] as? String == "unstable")
    }
}
