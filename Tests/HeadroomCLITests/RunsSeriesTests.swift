import Foundation
import HeadroomComponents
import Testing

/// End-to-end: `headroom runs series` and `runs show` on runs written into a store through the
/// library (the engine's series are made up by ``TimedFixture``).
@Suite struct RunsSeriesTests {
    @Test func theDefaultIsAWideTableOneRowPerWindow() throws {
        let (db, ids) = try TimedFixture.store([TimedFixture.result()])
        let out = try CLI.run(["runs", "series", String(ids[0]), "--db", db])
        #expect(out.status == 0, "\(out.stderr)")
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 1 + 6)
        let header = lines[0].split(separator: " ").map(String.init)
        #expect(header == [
            "time", "(s)", "throughput", "latency_p99", "error_rate", "in_system", "api.utilization", "api.queue",
            "db.utilization", "db.queue",
        ])
        #expect(lines.dropFirst().map { $0.split(separator: " ")[0] } == ["10", "20", "30", "40", "50", "60"])
        // Each cell in the metric's unit: latency with a unit, ratios as percentages.
        let window3 = lines[3].split(separator: " ").map(String.init)
        #expect(window3.count == 1 + TimedFixture.keys.count)
        #expect(window3[2] == "9.47s")  // latency_p99 = 1.1 × 8 + 2/3
        #expect(window3[5].hasSuffix("%"))  // api.utilization
    }

    @Test func scopeAndMetricPickColumns() throws {
        let (db, ids) = try TimedFixture.store([TimedFixture.result()])
        let id = String(ids[0])
        let one = try CLI.run(["runs", "series", id, "--db", db, "--scope", "db", "--metric", "queue"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.split(separator: "\n").first?.split(separator: " ") == ["time", "(s)", "db.queue"])
        let scope = try CLI.run(["runs", "series", id, "--db", db, "--scope", "db"])
        #expect(scope.stdout.split(separator: "\n").first?.split(separator: " ") == ["time", "(s)", "db.utilization", "db.queue"])
        // Repeatable; '' is the run-wide scope; columns keep the run's order.
        let mixed = try CLI.run([
            "runs", "series", id, "--db", db, "--scope", "", "--scope", "api", "--metric", "utilization",
            "--metric", "latency_p99",
        ])
        #expect(mixed.status == 0, "\(mixed.stderr)")
        #expect(mixed.stdout.split(separator: "\n").first?.split(separator: " ") == [
            "time", "(s)", "latency_p99", "api.utilization",
        ])
        #expect(mixed.stdout.split(separator: "\n").count == 7)
    }

    @Test func csvIsLongFormatAtFullPrecision() throws {
        let result = TimedFixture.result()
        let (db, ids) = try TimedFixture.store([result])
        let out = try CLI.run(["runs", "series", String(ids[0]), "--db", db, "--csv"])
        #expect(out.status == 0, "\(out.stderr)")
        let lines = out.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "time,scope,metric,value")
        #expect(lines.last == "")  // a final newline, nothing after it
        let rows = lines.dropFirst().dropLast().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == result.series.count)
        let points = rows.map { SeriesPoint(time: Double($0[0])!, scope: $0[1], metric: $0[2], value: Double($0[3])!) }
        #expect(points == result.series)
        #expect(rows[0] == ["10.0", "", "throughput", "0.1"])

        let p99 = try CLI.run(["runs", "series", String(ids[0]), "--db", db, "--csv", "--scope", "", "--metric", "latency_p99"])
        #expect(p99.stdout.split(separator: "\n").count == 1 + 6)
        #expect(p99.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.contains(",,latency_p99,") })
    }

    @Test func csvQuotesNamesWithCommas() throws {
        var result = TimedFixture.result(windows: 1)
        result.series = [SeriesPoint(time: 1.5, scope: "db, \"main\"", metric: "queue", value: .nan)]
        let (db, ids) = try TimedFixture.store([result])
        let out = try CLI.run(["runs", "series", String(ids[0]), "--db", db, "--csv"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout == "time,scope,metric,value\n1.5,\"db, \"\"main\"\"\",queue,nan\n")
    }

    @Test func anUnknownRunIsAClearError() throws {
        let (db, _) = try TimedFixture.store([TimedFixture.result()])
        let out = try CLI.run(["runs", "series", "999", "--db", db])
        #expect(out.status == 1)
        #expect(out.stdout.isEmpty)
        #expect(out.stderr.contains("no run 999"), "\(out.stderr)")
        #expect(out.stderr.contains(db))
    }

    @Test func filtersThatMatchNothingListWhatThereIs() throws {
        let (db, ids) = try TimedFixture.store([TimedFixture.result()])
        let id = String(ids[0])
        let scope = try CLI.run(["runs", "series", id, "--db", db, "--scope", "cache"])
        #expect(scope.status == 1)
        #expect(scope.stdout.isEmpty)
        #expect(scope.stderr.contains("scope 'cache'"), "\(scope.stderr)")
        #expect(scope.stderr.contains("'' (run-wide), 'api', 'db'"), "\(scope.stderr)")

        let metric = try CLI.run(["runs", "series", id, "--db", db, "--metric", "p99"])
        #expect(metric.status == 1)
        #expect(metric.stderr.contains("'p99'"), "\(metric.stderr)")
        #expect(metric.stderr.contains("throughput, latency_p99, error_rate, in_system, utilization, queue"), "\(metric.stderr)")

        // A metric that exists, but not for the scope asked for: the scope's metrics are listed.
        let mismatch = try CLI.run(["runs", "series", id, "--db", db, "--scope", "db", "--metric", "latency_p99"])
        #expect(mismatch.status == 1)
        #expect(mismatch.stderr.contains("'latency_p99' of scope 'db'"), "\(mismatch.stderr)")
        #expect(mismatch.stderr.hasSuffix("utilization, queue\n"), "\(mismatch.stderr)")
    }

    @Test func aRunWithoutSeriesIsAClearError() throws {
        var result = TimedFixture.result()
        result.series = []
        let (db, ids) = try TimedFixture.store([result])
        let out = try CLI.run(["runs", "series", String(ids[0]), "--db", db, "--csv"])
        #expect(out.status == 1)
        #expect(out.stdout.isEmpty)
        #expect(out.stderr.contains("run \(ids[0]) has no time series"), "\(out.stderr)")
    }

    @Test func eachReplicationHasItsOwnSeries() throws {
        let results = [TimedFixture.result(seed: 7, windows: 3), TimedFixture.result(seed: 8, windows: 5)]
        let (db, ids) = try TimedFixture.store(results)
        for (id, result) in zip(ids, results) {
            let out = try CLI.run(["runs", "series", String(id), "--db", db, "--csv"])
            #expect(out.stdout.split(separator: "\n").count == 1 + result.series.count)
        }
        let list = try CLI.run(["runs", "--db", db])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("spiky"))
        #expect(list.stdout.contains("1/2") && list.stdout.contains("2/2"))
    }

    @Test func showPrintsAlertsRecoveryAndCost() throws {
        let (db, ids) = try TimedFixture.store([TimedFixture.result()])
        let out = try CLI.run(["runs", "show", String(ids[0]), "--db", db])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("retries     120 · amplification 1.12× · client timeouts 35"), "\(out.stdout)")
        #expect(out.stdout.contains("cost        4.25"))
        #expect(out.stdout.contains("recovery    peak backlog 1,234 · 20s in violation (first at 20s) · "
            + "SLO holds again at 40s · time to recover 20s · requests lost 512"), "\(out.stdout)")
        #expect(out.stdout.contains("p99-high"))
        #expect(out.stdout.contains("db.utilization"))
        #expect(out.stdout.contains("still firing"))
    }

    @Test func showJSONHasAlertsRecoveryCostAndSeriesOnRequest() throws {
        let result = TimedFixture.result()
        let (db, ids) = try TimedFixture.store([result])
        let out = try CLI.run(["runs", "show", String(ids[0]), "--db", db, "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let json = out.json
        #expect(json["series"] == nil)
        #expect(json["cost"] as? Double == 4.25)
        #expect(json["amplification"] as? Double == 1_120.0 / 1_000.0)
        let requests = try #require(json["requests"] as? [String: Any])
        #expect(requests["retries"] as? Int == 120)
        #expect(requests["client_timed_out"] as? Int == 35)
        let recovery = try #require(json["recovery"] as? [String: Any])
        #expect(recovery["peak_backlog"] as? Int == 1_234)
        #expect(recovery["slo_holds_again_at"] as? Double == 40)
        #expect(recovery["violated_at_end"] as? Bool == false)
        let alerts = try #require(json["alerts"] as? [[String: Any]])
        #expect(alerts.map { $0["name"] as? String } == ["p99-high", "db-busy"])
        #expect(alerts[1]["resolved_at"] is NSNull)
        #expect(alerts[1]["scope"] as? String == "db")

        let withSeries = try CLI.run(["runs", "show", String(ids[0]), "--db", db, "--json", "--series"])
        #expect(withSeries.status == 0, "\(withSeries.stderr)")
        let series = try #require(withSeries.json["series"] as? [[String: Any]])
        #expect(series.count == result.series.count)
        #expect(series[1]["metric"] as? String == "latency_p99")
        #expect(series[1]["scope"] as? String == "")
        #expect(series[1]["time"] as? Double == 10)

        let notJSON = try CLI.run(["runs", "show", String(ids[0]), "--db", db, "--series"])
        #expect(notJSON.status != 0)
        #expect(notJSON.stderr.contains("--series needs --json"))
    }
}
