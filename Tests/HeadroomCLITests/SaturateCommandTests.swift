import Foundation
import HeadroomAnalysis
import HeadroomStore
import Testing

/// `headroom saturate` from the command line: output, JSON, the store, and bad input.
///
/// The M/M/1 model (μ = 1/s, 0.8/s in the file) is shortened to 20 000 s so that a forecast
/// takes a fraction of a second; the theory checks with long runs are in SaturationTests.
@Suite struct SaturateCommandTests {
    static let base = [
        "saturate", "models/textbook/mm1.yaml", "--set", "duration=20000s", "--max-replications", "4", "--quiet",
    ]

    @Test func forecastIsPrintedAndStoredWithItsRuns() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        // p99 = ln(100)/(1 − λ) ≤ 23 s gives λ* ≈ 0.8/s: load factor ≈ 1.0 of the file's 0.8/s.
        let out = try CLI.run(Self.base + ["--slo", "p99=23s", "--db", db])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("saturation:"))
        #expect(out.stdout.contains("operational bound:"))
        #expect(out.stdout.contains("server.servers"))
        // One station: even with ten times its servers it is what gives first.
        #expect(out.stdout.contains("next bottleneck, with server.servers ×10 (components.server.servers ×10): still server.servers"))
        // Ten times the servers of a station at ρ ≈ 0.8 raises its saturation load well past 100 %.
        #expect(out.stdout.range(of: #"; \+[0-9]{3,}\.[0-9]% load"#, options: .regularExpression) != nil, "\(out.stdout)")
        #expect(out.stdout.contains("stored as forecast 1"))

        let store = try RunStore(path: db)
        let stored = try #require(try store.forecast(id: 1))
        #expect(stored.axis == "traffic.scale")
        #expect(stored.status == "ok")
        #expect(stored.bottleneck == "server.servers")
        let forecast = try stored.decodeResult(SaturationForecast.self)
        #expect(stored.runs.count == forecast.probes.count)
        #expect(Set(stored.runs.map(\.role)) == ["light", "search", "relaxed"])
        // Every run can be reproduced from its stored overrides: they name the load it ran at.
        let run = try #require(try store.run(id: stored.runs[0].runID))
        #expect(run.overrides.last?.hasPrefix("traffic.scale=") == true)
        let saturation = try #require(stored.saturationRate)
        #expect(abs(saturation - 0.8) / 0.8 < 0.05, "\(saturation)")

        let list = try CLI.run(["forecasts", "--db", db])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("traffic.scale") && list.stdout.contains("server.servers"))
        let show = try CLI.run(["forecasts", "show", "1", "--db", db])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("saturation:") && show.stdout.contains("next bottleneck"))
        let missing = try CLI.run(["forecasts", "show", "9", "--db", db])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no forecast 9"))
    }

    @Test func jsonAndAnyKeyAxis() throws {
        let out = try CLI.run(Self.base + ["--slo", "p99=23s", "--by", "traffic.rate", "--no-store", "--no-next", "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let forecast = out.json["forecast"] as? [String: Any] ?? [:]
        let axis = forecast["axis"] as? [String: Any] ?? [:]
        #expect(axis["name"] as? String == "traffic.rate")
        #expect(axis["unit"] as? String == "rate")
        #expect(forecast["next"] == nil)
        let saturation = forecast["saturation"] as? Double ?? 0
        #expect(abs(saturation - 0.8) / 0.8 < 0.05, "\(saturation)")
        #expect(out.json["forecast_id"] == nil)
    }

    @Test func theModelsOwnSLOIsTheDefault() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.yaml")
        let text = try String(contentsOf: CLI.root.appendingPathComponent("models/textbook/mm1.yaml"), encoding: .utf8)
        try (text + "slo:\n  p99: 23s\n").write(to: model, atomically: true, encoding: .utf8)
        let out = try CLI.run(["saturate", model.path, "--set", "duration=20000s", "--quiet", "--no-store", "--no-next"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("SLO p99 ≤ 23"))
    }

    @Test(arguments: [
        (["--slo", "p99=fast"], "p99 must be a duration"),
        (["--slo", "latency=1s"], "unknown objective 'latency'"),
        (["--slo", "errors=150%"], "errors must be a fraction"),
        (["--slo", "p99"], "expected KEY=VALUE"),
        ([], "the model has no `slo`"),
        (["--slo", "p99=2s", "--by", "traffic.classes.x.rate"], "has no value at this path"),
        (["--slo", "p99=2s", "--by", "name"], "is not a positive rate, duration or number"),
        (["--slo", "p99=2s", "--precision", "200%"], "--precision must be a fraction"),
        (["--slo", "p99=2s", "--replications", "1"], "--replications must be at least 2"),
        (["--slo", "p99=2s", "--set", "traffic.rate=-1/s"], "traffic.rate"),
    ])
    func badInputGetsAClearMessage(arguments: [String], message: String) throws {
        let out = try CLI.run(Self.base + arguments + ["--no-store"])
        #expect(out.status != 0)
        #expect(out.stderr.contains(message), "\(out.stderr)")
        #expect(!out.stderr.contains("Fatal error"))
    }

    @Test func aBadStoreFailsBeforeSimulating() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try CLI.run(Self.base + ["--slo", "p99=23s", "--db", dir.path])
        #expect(out.status == 1)
        #expect(out.stderr.contains("is a directory"))
    }
}
