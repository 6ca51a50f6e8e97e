import Foundation
import HeadroomStore
import Testing
@testable import HeadroomReport

@Suite struct RunReportTests {
    @Test func hasEverySectionAndChart() throws {
        let (store, id) = try ReportFixtures.storedRun()
        let html = try RunHTMLReport.load(from: store, id: id).html()
        let ids = ReportFixtures.ids(html)
        for section in ["summary", "topology", "utilization", "series", "alerts", "components", "classes", "model"] {
            #expect(ids.contains(section), "section \(section)")
        }
        for chart in ["series-throughput", "series-latency", "series-utilization", "series-queue", "series-pool",
                      "series-cache", "utilization-chart"] {
            #expect(ids.contains(chart), "chart \(chart)")
        }
        // The spike fires the model's alert: shaded on the charts, listed, its threshold drawn.
        #expect(html.contains("class=\"band alert\""))
        #expect(html.contains("p99 &gt; 200ms &lt;hot&gt; &amp; &quot;loud&quot;"))
        #expect(html.contains("class=\"threshold slo\""))
        #expect(html.contains("SLO p99 200ms"))
        #expect(html.contains("class=\"verdict missed\""))
        #expect(html.contains("class=\"band warmup\""))
        #expect(ReportFixtures.count("<svg", in: html) >= 9)
        #expect(html.contains("data-from=\"pool\" data-to=\"db\""))
    }

    @Test func isSelfContained() throws {
        let (store, id) = try ReportFixtures.storedRun()
        let html = try RunHTMLReport.load(from: store, id: id).html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://"))
        #expect(!html.contains("https://"))
        #expect(!html.contains("src="))
        #expect(!html.contains("href="))
        #expect(!html.contains("@import"))
        #expect(!html.contains("@font-face"))
        #expect(html.contains("Content-Security-Policy"))
    }

    @Test func isDeterministic() throws {
        let (store, id) = try ReportFixtures.storedRun()
        let once = try RunHTMLReport.load(from: store, id: id).html()
        let again = try RunHTMLReport.load(from: store, id: id).html()
        #expect(once == again)
        // The same run simulated and stored again gives the same page.
        let (other, otherID) = try ReportFixtures.storedRun()
        #expect(try RunHTMLReport.load(from: other, id: otherID).html() == once)
    }

    @Test func escapesTheModelsWords() throws {
        let text = ReportFixtures.spikyShop.replacingOccurrences(
            of: "name: spiky-shop", with: "name: \"<img src=x onerror=alert(1)> & co\"")
        let (store, id) = try ReportFixtures.storedRun(text, file: "models/<evil>.yaml")
        let html = try RunHTMLReport.load(from: store, id: id).html()
        #expect(!html.contains("<img"))
        #expect(!html.contains("<evil>"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; co"))
        #expect(html.contains("models/&lt;evil&gt;.yaml"))
    }

    @Test func aReplicationStandsForItsGroup() throws {
        let (store, id) = try ReportFixtures.storedRun(overrides: ["duration=1m"], replications: 2)
        let report = try RunHTMLReport.load(from: store, id: id + 1)
        #expect(report.runs.map(\.id) == [id, id + 1])
        let html = report.html()
        #expect(html.contains("runs \(id)–\(id + 1)"))
        #expect(html.contains("<small>± "))
    }

    @Test func aModelThatCannotBeRebuiltStillReports() throws {
        let (store, id) = try ReportFixtures.storedRun()
        var report = try RunHTMLReport.load(from: store, id: id)
        report.spec = nil
        report.specProblem = "the model could not be rebuilt: <gone>"
        let html = report.html()
        #expect(html.contains("No diagram: the model could not be rebuilt: &lt;gone&gt;"))
        #expect(html.contains("no SLO in the model"))
    }

    @Test func unknownRunIsAClearError() throws {
        let store = try RunStore.inMemory()
        #expect(throws: ReportError("no run 42 in :memory: (list them with `headroom runs`)")) {
            try RunHTMLReport.load(from: store, id: 42)
        }
    }
}
