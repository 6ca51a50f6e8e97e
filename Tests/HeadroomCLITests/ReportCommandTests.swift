import Foundation
import Testing

@Suite struct ReportCommandTests {
    /// How often `needle` occurs in `haystack`.
    static func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    /// A run of the flash sale (series, the p99 alert, an SLO) and a small sweep, reported and
    /// opened in headless Chromium: every section and chart is in the DOM the browser built,
    /// and the screenshot is a real picture.
    @Test func reportsRenderInABrowser() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        let run = try CLI.run(["run", "models/flash-sale.yaml", "--set", "duration=10m", "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        let sweep = try CLI.run([
            "sweep", "models/flash-sale.yaml", "--base-set", "duration=2m", "--base-set", "traffic.profile.spike.factor=1",
            "--set", "traffic.rate=600/s,1200/s,1600/s,1900/s", "--db", db,
        ])
        #expect(sweep.status == 0, "\(sweep.stderr)")

        let runHTML = dir.appendingPathComponent("run.html")
        let made = try CLI.run(["report", "run", "1", "--db", db, "-o", runHTML.path])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stderr.contains("wrote \(runHTML.path)"))
        let sweepHTML = dir.appendingPathComponent("sweep.html")
        #expect(try CLI.run(["report", "sweep", "1", "--db", db, "-o", sweepHTML.path]).status == 0)

        let started = Date()
        let runPage = try ReportBrowser.render(runHTML, screenshot: dir.appendingPathComponent("run.png"))
        let sweepPage = try ReportBrowser.render(sweepHTML, screenshot: dir.appendingPathComponent("sweep.png"))
        let seconds = Date().timeIntervalSince(started)
        #expect(seconds < 60, "two Chromium renderings took \(seconds) s")

        let dom = runPage.dom
        for id in ["summary", "topology", "utilization", "series", "series-throughput", "series-latency",
                   "series-utilization", "series-queue", "series-pool", "series-cache", "alerts", "components", "model"] {
            #expect(dom.contains("id=\"\(id)\""), "run report: no #\(id)")
        }
        #expect(Self.count("<svg", in: dom) >= 10)
        #expect(dom.contains("class=\"band alert\" data-label=\"P99 latency too high - consider scaling\""))
        #expect(dom.contains("class=\"threshold slo\""))
        #expect(dom.contains("class=\"verdict missed\""))
        #expect(dom.contains("data-from=\"lb\" data-to=\"app\""))
        #expect(!dom.contains("<script"))
        // The headline comes first, before the summary, and the browser keeps its three lines.
        let headline = try #require(dom.range(of: "id=\"headline\""))
        #expect(headline.lowerBound < (dom.range(of: "id=\"summary\"")?.lowerBound ?? dom.startIndex))
        #expect(dom.contains("class=\"headline missed\""))
        #expect(dom.contains("The change that buys the most: components.app."))
        // Values on hover: every chart keeps its <title> tooltips through the parser.
        #expect(Self.count("<rect class=\"hover\"", in: dom) >= 8 * 20)
        #expect(dom.contains("<title>simulated time "))

        let sweepDOM = sweepPage.dom
        for id in ["summary", "latency-vs-load", "throughput-vs-load", "utilization-vs-load", "points", "topology"] {
            #expect(sweepDOM.contains("id=\"\(id)\""), "sweep report: no #\(id)")
        }
        #expect(sweepDOM.contains("class=\"threshold slo\""))
        #expect(sweepDOM.contains("class=\"highlight knee\""))
        // The sweep's headline: how far the SLO holds along the rate, and what gives first.
        #expect(sweepDOM.contains("<p class=\"headline-verdict\">The SLO (p99 ≤ 500ms"), "\(sweepDOM.prefix(3000))")
        #expect(sweepDOM.contains("<p class=\"headline-bottleneck\">Bottleneck at "))
        #expect(Self.count("<svg", in: sweepDOM) >= 4)

        for png in [runPage.png, sweepPage.png] {
            let size = ReportBrowser.pngSize(png)
            #expect(size?.width == 1280 && size?.height == 2400)
            // A blank page compresses to a few kilobytes; charts and text do not.
            #expect(png.count > 60_000, "screenshot of \(png.count) bytes")
        }
    }

    /// A saturation forecast of M/M/1 (short runs, two replications), reported and opened in
    /// headless Chromium: the probes are drawn with the SLO line and the saturation point.
    @Test func forecastReportRendersInABrowser() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        let saturate = try CLI.run([
            "saturate", "models/textbook/mm1.yaml", "--set", "duration=40000s", "--set", "warmup=1000s",
            "--slo", "p99=30s", "--replications", "2", "--max-replications", "2", "--precision", "50%", "--quiet",
            "--db", db,
        ])
        #expect(saturate.status == 0, "\(saturate.stderr)")
        let html = dir.appendingPathComponent("forecast.html")
        let made = try CLI.run(["report", "forecast", "1", "--db", db, "-o", html.path])
        #expect(made.status == 0, "\(made.stderr)")
        let page = try ReportBrowser.render(html, screenshot: dir.appendingPathComponent("forecast.png"))
        for id in ["summary", "latency-vs-load", "throughput-vs-load", "bottlenecks", "probes", "topology"] {
            #expect(page.dom.contains("id=\"\(id)\""), "forecast report: no #\(id)")
        }
        #expect(page.dom.contains("class=\"threshold slo\""))
        #expect(page.dom.contains("class=\"marker saturation\""))
        #expect(page.dom.contains("<p class=\"headline-verdict\">Meets the SLO"), "\(page.dom.prefix(3000))")
        #expect(page.dom.contains("<p class=\"headline-change\">The change that buys the most: raise components."))
        #expect(page.dom.contains("class=\"highlight saturation\""))
        #expect(page.png.count > 40_000, "screenshot of \(page.png.count) bytes")
    }

    @Test func writesToStandardOutputAndDefaultFile() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        #expect(try CLI.run(["run", "models/textbook/mm1.yaml", "--set", "duration=20000s", "--db", db]).status == 0)
        let out = try CLI.run(["report", "run", "1", "--db", db, "-o", "-"])
        #expect(out.status == 0)
        #expect(out.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(out.stdout.contains("<section id=\"topology\">"))
        let again = try CLI.run(["report", "run", "1", "--db", db, "-o", "-"])
        #expect(again.stdout == out.stdout)

        let file = try CLI.run(["report", "run", "1", "--db", db], in: dir)
        #expect(file.status == 0, "\(file.stderr)")
        let written = try String(contentsOf: dir.appendingPathComponent("report-run-1.html"), encoding: .utf8)
        #expect(written == out.stdout)
    }

    @Test func badInputIsAClearError() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path

        let missing = try CLI.run(["report", "run", "1", "--db", db])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no run store at '\(db)'"))
        #expect(!FileManager.default.fileExists(atPath: db), "a report must not create a store")

        #expect(try CLI.run(["run", "models/textbook/mm1.yaml", "--set", "duration=20000s", "--db", db]).status == 0)
        let run = try CLI.run(["report", "run", "7", "--db", db])
        #expect(run.status == 1)
        #expect(run.stderr.contains("no run 7 in \(db)"))
        let sweep = try CLI.run(["report", "sweep", "3", "--db", db])
        #expect(sweep.status == 1)
        #expect(sweep.stderr.contains("no sweep 3 in \(db)"))
        let forecast = try CLI.run(["report", "forecast", "2", "--db", db])
        #expect(forecast.status == 1)
        #expect(forecast.stderr.contains("no forecast 2 in \(db)"))

        let unwritable = try CLI.run(["report", "run", "1", "--db", db, "-o", dir.appendingPathComponent("no/such/dir.html").path])
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.contains("cannot write the report to"))

        let notANumber = try CLI.run(["report", "run", "first", "--db", db])
        #expect(notANumber.status != 0)
        #expect(!notANumber.stderr.isEmpty)
    }
}
