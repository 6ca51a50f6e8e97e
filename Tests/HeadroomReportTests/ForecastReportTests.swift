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
}
