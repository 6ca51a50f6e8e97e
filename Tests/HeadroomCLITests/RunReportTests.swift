import Foundation
import HeadroomAnalysis
import HeadroomComponents
import Testing

/// The report `headroom run` and `headroom runs show` print, on hand-made results; and how
/// replications pool what a run over time adds.
@Suite struct RunReportTests {
    static func report(_ results: [RunResult]) -> RunReport {
        RunReport(runIDs: [3], file: "models/spiky.yaml", overrides: [], seed: 7, wallSeconds: 0.5, replications: results)
    }

    /// The report as the CLI prints it with --json.
    static func json(_ report: RunReport) throws -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try encoder.encode(report)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func textShowsRetriesCostRecoveryAndAlerts() throws {
        let text = Self.report([TimedFixture.result()]).text
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("retries     120 · amplification 1.12× · client timeouts 35"), "\(text)")
        // 4.25 over 60 simulated seconds: 255 an hour.
        #expect(lines.contains("cost        4.25 · 255/h"), "\(text)")
        #expect(lines.contains("recovery    peak backlog 1,234 · 20s in violation (first at 20s) · SLO holds again at 40s · "
            + "time to recover 20s · requests lost 512"), "\(text)")
        let header = try #require(lines.firstIndex { $0.hasPrefix("alert ") })
        #expect(lines[header].split(separator: " ") == ["alert", "metric", "threshold", "fired", "at", "resolved", "at", "peak"])
        #expect(lines[header + 1].split(separator: " ") == ["p99-high", "latency_p99", "500ms", "30s", "50s", "1.84s"])
        #expect(lines[header + 2].split(separator: " ") == ["db-busy", "db.utilization", "80.0%", "40s", "still", "firing", "97.0%"])
        // Not a replication note for a single run.
        #expect(!text.contains("replication 1"))
    }

    @Test func aPlainRunShowsNoneOfIt() {
        let text = Self.report([TimedFixture.result(retries: 0, clientTimedOut: 0, cost: 0, recovery: nil, alerts: [])]).text
        for absent in ["retries", "amplification", "cost", "recovery", "alert", "still firing"] {
            #expect(!text.contains(absent), "\(absent) in \(text)")
        }
        #expect(text.contains("requests    arrived 1,120"))
    }

    @Test func clientTimeoutsAloneShowTheRetriesLine() {
        let text = Self.report([TimedFixture.result(retries: 0, clientTimedOut: 4)]).text
        #expect(text.contains("retries     0 · amplification 1× · client timeouts 4"), "\(text)")
    }

    @Test(arguments: [
        (Recovery(peakBacklog: 9, secondsInViolation: 0, firstViolation: nil, sloHoldsAgainAt: nil, timeToRecover: 0,
                  violatedAtEnd: false, requestsLost: 0),
         "recovery    peak backlog 9 · SLO held throughout"),
        (Recovery(peakBacklog: 80_000, secondsInViolation: 90, firstViolation: 30, sloHoldsAgainAt: nil,
                  timeToRecover: 90, violatedAtEnd: true, requestsLost: 7_000),
         "recovery    peak backlog 80,000 · 90s in violation (first at 30s) · SLO still broken at the end · "
            + "time to recover 90s · requests lost 7,000"),
    ])
    func recoveryWordsFollowTheFigures(recovery: Recovery, line: String) {
        let text = Self.report([TimedFixture.result(recovery: recovery)]).text
        #expect(text.split(separator: "\n").contains { $0 == line }, "\(text)")
    }

    @Test func jsonHasAlertsRecoveryCostAndAmplification() throws {
        let json = try Self.json(Self.report([TimedFixture.result()]))
        #expect(json["cost"] as? Double == 4.25)
        #expect(json["cost_per_hour"] as? Double == 4.25 * 60)
        #expect(json["amplification"] as? Double == 1.12)
        #expect(json["series"] == nil)
        let requests = try #require(json["requests"] as? [String: Any])
        #expect(requests["retries"] as? Int == 120)
        #expect(requests["client_timed_out"] as? Int == 35)
        let recovery = try #require(json["recovery"] as? [String: Any])
        #expect(Set(recovery.keys) == [
            "peak_backlog", "seconds_in_violation", "first_violation", "slo_holds_again_at", "time_to_recover",
            "violated_at_end", "requests_lost",
        ])
        #expect(recovery["requests_lost"] as? Int == 512)
        let alerts = try #require(json["alerts"] as? [[String: Any]])
        #expect(alerts.count == 2)
        #expect(Set(alerts[0].keys) == ["name", "scope", "metric", "threshold", "fired_at", "resolved_at", "peak"])
        #expect(alerts[0]["resolved_at"] as? Double == 50)
        #expect(alerts[1]["resolved_at"] is NSNull)
        #expect(alerts[1]["peak"] as? Double == 0.97)
    }

    @Test func jsonWithoutAnSLOHasNullRecoveryAndEmptyAlerts() throws {
        let json = try Self.json(Self.report([TimedFixture.result(cost: 0, recovery: nil, alerts: [])]))
        #expect(json["recovery"] is NSNull)
        #expect((json["alerts"] as? [Any])?.isEmpty == true)
        #expect(json["cost"] as? Double == 0)
        let stillBroken = Recovery(
            peakBacklog: 1, secondsInViolation: 10, firstViolation: 50, sloHoldsAgainAt: nil, timeToRecover: 10,
            violatedAtEnd: true, requestsLost: 3)
        let broken = try Self.json(Self.report([TimedFixture.result(recovery: stillBroken)]))
        let recovery = try #require(broken["recovery"] as? [String: Any])
        #expect(recovery["slo_holds_again_at"] is NSNull)
        #expect(recovery["violated_at_end"] as? Bool == true)
    }

    @Test func seriesIsInTheJSONOnlyOnRequest() throws {
        let result = TimedFixture.result()
        var report = Self.report([result])
        #expect(try Self.json(report)["series"] == nil)
        report.includeSeries = true
        let series = try #require(try Self.json(report)["series"] as? [[String: Any]])
        #expect(series.count == result.series.count)
        #expect(Set(series[0].keys) == ["time", "scope", "metric", "value"])
        #expect(series[9]["scope"] as? String == "")
        #expect(series[9]["metric"] as? String == "latency_p99")
        #expect(series[9]["time"] as? Double == 20)
    }

    @Test func replicationsPoolCountsAndCostAndKeepTheFirstRunsCourse() throws {
        let first = TimedFixture.result(seed: 7, retries: 120, clientTimedOut: 35, cost: 4)
        var second = TimedFixture.result(
            seed: 8, windows: 3, retries: 60, clientTimedOut: 5, cost: 5,
            recovery: Recovery(peakBacklog: 1, secondsInViolation: 0, firstViolation: nil, sloHoldsAgainAt: nil,
                               timeToRecover: 0, violatedAtEnd: false, requestsLost: 0),
            alerts: [])
        second.requests.arrived = 1_060
        let pooled = RunResult.pooled([first, second])
        #expect(pooled.requests.retries == 180)
        #expect(pooled.requests.clientTimedOut == 40)
        #expect(pooled.requests.arrived == 2_180)
        #expect(pooled.requests.amplification == 2_180.0 / 2_000.0)
        #expect(pooled.cost == 4.5)
        #expect(pooled.series == first.series)
        #expect(pooled.alerts == first.alerts)
        #expect(pooled.recovery == first.recovery)

        let report = Self.report([first, second])
        #expect(report.text.contains("cost        4.50 per run (mean of 2)"), "\(report.text)")
        #expect(report.text.contains("(recovery and alerts: replication 1, seed 7)"), "\(report.text)")
        let json = try Self.json(report)
        #expect(json["amplification"] as? Double == 1.09)
        #expect((json["alerts"] as? [Any])?.count == 2)
        #expect(json["cost"] as? Double == 4.5)
    }
}
