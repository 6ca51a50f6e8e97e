import Foundation
import Testing

/// Seeded fuzzing of the real `headroom` command line (issue #16): every command with flags and
/// values drawn from extremes (seeds at 2⁶⁴, replications past the bound, NaN, empty strings,
/// missing files, devices) must end with exit code 0, 1 or 64 and, when it fails, say why on
/// standard error: never a trap (132, 134) or another signal.
///
/// `HEADROOM_FUZZ_CLI_CASES` sets the number of command lines (default 60; each starts a
/// process), `HEADROOM_FUZZ_SEED` the seed (default 16).
@Suite struct CLIFuzzTests {
    static var cases: Int { ProcessInfo.processInfo.environment["HEADROOM_FUZZ_CLI_CASES"].flatMap(Int.init) ?? 60 }
    static var seed: UInt64 { ProcessInfo.processInfo.environment["HEADROOM_FUZZ_SEED"].flatMap(UInt64.init) ?? 16 }

    static let integers = ["0", "-1", "1", "2", "3", "10001", "18446744073709551615", "18446744073709551616",
                           "99999999999999999999", "-9223372036854775808", "abc", "", "1e300", "nan", "1.5"]
    static let values = ["0", "-1", "1e-300", "1e300", "nan", ".nan", "abc", "", "1e300/s", "1e-300/s", "0s", "1e300s",
                         "[]", "{}", "~", "18446744073709551616", "1ns", "100%", "-5%"]
    static let paths = ["traffic.rate", "components.server.servers", "components.server.service", "duration", "warmup",
                        "seed", "limits.max_in_system", "traffic.scale", "components.server.capacity", "window", "nope",
                        "", "traffic..rate", "flows.default.0.visit"]
    static let files = ["/nonexistent/x", "/dev/null", "/dev/full", "/", "", "-"]

    /// One random command line; `models` are absolute paths of real model files, `dir` the
    /// working directory (its default store fills up as cases run).
    static func commandLine(_ rng: inout SplitMix, models: [String]) -> [String] {
        func pick(_ list: [String]) -> String { list[Int(rng.next() % UInt64(list.count))] }
        let model = rng.next() % 8 == 0 ? pick(files) : pick(models)
        let id = pick(["1", "2", "0", "-1", "99999999999999999999", "abc"])
        var args: [String]
        switch rng.next() % 12 {
        case 0, 1: args = ["run", model]
        case 2: args = ["validate", model]
        case 3: args = ["whatif", model, "--set", "traffic.rate=0.5/s", "--base-set", "duration=20s", "--base-set", "warmup=0s"]
        case 4: args = ["sweep", model, "--set", pick(["traffic.rate=0.5/s,0.6/s", "traffic.rate=1/s..0/s:1/s",
                                                          "traffic.rate=0.1/s..0.2/s:0/s", "x=", "=1", "seed=1..1e300:1"])]
        case 5: args = ["saturate", model, "--slo", pick(["p99=10s", "p99=1e18s", "p99=nan", "errors=200%", "p99=0s", "x"]),
                        "--max-replications", pick(["2", "3", "10001", "-1"]), "--replications", "2"]
        case 6: args = ["explain", model]
        case 7: args = ["runs"] + (rng.next() % 2 == 0 ? ["show", id] : ["series", id])
        case 8: args = ["report", pick(["run", "sweep", "forecast"]), id, "-o", pick(files + ["r.html"])]
        case 9: args = ["merge", pick(files + ["out.sqlite", "headroom.sqlite"]), pick(files + ["headroom.sqlite", "./headroom.sqlite"])]
        case 10: args = ["compare", id, id]
        default: args = [pick(["sweeps", "forecasts", "runs"])] + (rng.next() % 2 == 0 ? ["--csv"] : [])
        }
        // Model commands stay short unless a flag makes them invalid.
        if ["run", "whatif", "sweep", "saturate"].contains(args[0]) {
            args += ["--set", "duration=20s", "--set", "warmup=0s"]
        }
        for _ in 0..<(rng.next() % 4) {
            switch rng.next() % 8 {
            case 0: args += ["--seed", pick(integers)]
            case 1: args += ["--replications", pick(integers.filter { $0 != "10001" || rng.next() % 2 == 0 })]
            case 2: args += ["--jobs", pick(integers)]
            case 3: args += ["--set", "\(pick(paths))=\(pick(values))"]
            case 4: args += ["--db", pick(files + ["s.sqlite"])]
            case 5: args += ["--wait", pick(["-1", "0", "1e300", "nan", "0.1", "abc"])]
            case 6: args += [pick(["--json", "--csv", "--no-store", "--series", "--quiet", "--bogus"])]
            default: args += [pick(["--shard", "--by", "--precision", "--limit", "--scope"]), pick(values)]
            }
        }
        return args
    }

    @Test func randomCommandLinesFailCleanlyOrSucceed() throws {
        let models = ["models/textbook/mm1.yaml", "models/textbook/mm1k.yaml", "models/textbook/mmc.yaml"]
            .map { CLI.root.appendingPathComponent($0).path }
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SplitMix(seed: Self.seed)
        var statuses: [Int32: Int] = [:]
        for index in 0..<Self.cases {
            let args = Self.commandLine(&rng, models: models)
            let out = try CLI.run(args, in: dir)
            statuses[out.status, default: 0] += 1
            let label = "case \(index) (HEADROOM_FUZZ_SEED=\(Self.seed)): headroom \(args.joined(separator: " "))"
            #expect([0, 1, 64].contains(out.status), "\(label)\nexit \(out.status)\n\(out.stderr.prefix(2000))")
            #expect(!out.stderr.contains("Fatal error"), "\(label)\n\(out.stderr.prefix(2000))")
            if out.status != 0 {
                #expect(!out.stderr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(label): no message")
            }
        }
        print("CLI fuzz: \(Self.cases) command lines, exit codes \(statuses.sorted { $0.key < $1.key })")
        // Both outcomes occur: the generator is not all noise.
        #expect(statuses[0, default: 0] > 0 && statuses[1, default: 0] + statuses[64, default: 0] > 0, "\(statuses)")
    }
}

/// SplitMix64: a small, seeded generator, the same on every machine.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D4_9BBB_1331_11EB
        return z ^ (z >> 31)
    }
}
