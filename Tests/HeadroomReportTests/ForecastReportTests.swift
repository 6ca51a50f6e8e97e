import Foundation
import HeadroomStore
import Testing
@testable import HeadroomReport

@Suite struct ForecastReportTests {
    @Test func showsTheSaturationPointOnTheProbes() throws {
        let (store, id) = try ReportFixtures.storedForecast()
        let report = try ForecastHTMLReport.load(from: store, id: id)
        // M/M/1 at rate 0.8/s: p99 = ln(100)/(1 − 0.8x) ≤ 30 s up to x ≈ 1.06 (just above ×1).
        let saturation = try #require(report.forecast.saturation)
        #expect(saturation > 0.95 && saturation < 1.2)
        let html = report.html()
        let ids = ReportFixtures.ids(html)
        for section in ["summary", "latency-vs-load", "throughput-vs-load", "bottlenecks", "probes", "topology", "model"] {
            #expect(ids.contains(section), "section \(section)")
        }
        #expect(html.contains("class=\"threshold slo\""))
        #expect(html.contains("class=\"marker saturation\""))
        #expect(html.contains("class=\"marker bound\""))
        #expect(html.contains("class=\"band interval\""))
        #expect(html.contains("server.servers"))
        #expect(html.contains("Operational bound"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(html == (try ForecastHTMLReport.load(from: store, id: id).html()))
    }

    @Test func unknownForecastIsAClearError() throws {
        let store = try RunStore.inMemory()
        #expect(throws: ReportError("no forecast 4 in :memory: (make one with `headroom saturate`)")) {
            try ForecastHTMLReport.load(from: store, id: 4)
        }
    }

    /// The headline: M/M/1 with p99 ≤ 30 s saturates where ln(100)/(μ − λ) = 30 s, λ = 0.8467/s,
    /// a factor of 1.058 on the model's 0.8/s; the search's estimate (two short replications)
    /// is within 5 % of it, and the server is what gives.
    @Test func headlineGivesTheLoadTheBottleneckAndTheKey() throws {
        let (store, id) = try ReportFixtures.storedForecast()
        let report = try ForecastHTMLReport.load(from: store, id: id)
        let html = report.html()
        #expect(ReportFixtures.ids(html).first == "headline")
        #expect(html.contains("<p class=\"headline-verdict\">Meets the SLO (p99 ≤ 30s) up to ×"), "\(html.prefix(3000))")
        let saturation = try #require(report.forecast.saturation)
        let theory = (1 - log(100) / 30) / 0.8
        #expect(abs(saturation / theory - 1) < 0.05, "saturation ×\(saturation), theory ×\(theory)")
        #expect(html.contains("<p class=\"headline-bottleneck\">Bottleneck at saturation: server.servers, "))
        #expect(html.contains("<p class=\"headline-change\">The change that buys the most: raise components.server.servers"))
    }
}
