import Foundation
import HeadroomAnalysis
import HeadroomStore
import Testing
@testable import HeadroomReport

@Suite struct SweepReportTests {
    @Test func drawsLatencyThroughputAndUtilizationAgainstLoad() throws {
        let (store, id) = try ReportFixtures.storedSweep()
        let report = try SweepHTMLReport.load(from: store, id: id)
        #expect(report.xAxis?.path == "traffic.rate")
        #expect(report.groupAxes.map(\.path) == ["components.servers.servers"])
        let html = report.html()
        let ids = ReportFixtures.ids(html)
        for section in ["summary", "latency-vs-load", "throughput-vs-load", "utilization-vs-load", "points", "topology", "model"] {
            #expect(ids.contains(section), "section \(section)")
        }
        #expect(ids.contains("chart-utilization-1") && ids.contains("chart-utilization-2"))
        // mm c has no SLO: the knee is the point of maximum curvature, one per server count.
        #expect(ReportFixtures.count("class=\"highlight knee\"", in: html) == 2)
        #expect(html.contains("p99 · servers.servers=4"))
        #expect(html.contains("offered"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(html == (try SweepHTMLReport.load(from: store, id: id).html()))
    }

    @Test func kneeIsWhereP99FirstBreaksTheSLO() throws {
        let (store, id) = try ReportFixtures.storedSweep()
        var report = try SweepHTMLReport.load(from: store, id: id)
        let xs = report.xValues().values
        // A bound every server count breaks somewhere: below the lowest of their worst p99s.
        let worst = report.groups(xs).map { group in group.members.map { report.points[$0].result.latency.p99 }.max()! }
        let bound = worst.min()! * 0.9
        report.spec?.slo = .init(p99: bound, errorRate: nil)
        let knees = report.knees(xs)
        #expect(knees.count == 2)
        for knee in knees {
            #expect(knee.method == .sloBreach)
            #expect(report.points[knee.point].result.latency.p99 > bound)
        }
        let html = report.html()
        #expect(html.contains("class=\"threshold slo\""))
        #expect(html.contains("knee: p99 &gt; SLO"))
        #expect(html.contains("exceeds the SLO at"))
    }

    @Test func aSweepWithoutPointsSaysSo() throws {
        let (store, id) = try ReportFixtures.storedSweep(points: 0)
        let html = try SweepHTMLReport.load(from: store, id: id).html()
        #expect(html.contains("No point has finished yet."))
        #expect(html.contains("0 of 8 finished"))
    }

    @Test func unknownSweepIsAClearError() throws {
        let store = try RunStore.inMemory()
        #expect(throws: ReportError("no sweep 9 in :memory: (list them with `headroom sweeps`)")) {
            try SweepHTMLReport.load(from: store, id: 9)
        }
    }

    @Test func axesAreInferredFromOverridesWhenTheGridIsUnreadable() {
        let axes = SweepHTMLReport.inferAxes([
            ["duration=1s", "a=1", "b=x"], ["duration=1s", "a=2", "b=x"], ["duration=1s", "a=1", "b=y"],
        ])
        #expect(axes == [.init(path: "a", values: ["1", "2"]), .init(path: "b", values: ["x", "y"])])
    }

    @Test func axisValuesReadModelUnits() {
        #expect(AxisValue.parse("900/s")?.value == 900)
        #expect(AxisValue.parse("60/m")?.value == 1)
        #expect(AxisValue.parse("250ms")?.value == 0.25)
        #expect(AxisValue.parse("80%")?.value == 0.8)
        #expect(AxisValue.parse("8")?.value == 8)
        #expect(AxisValue.parse("hash") == nil)
        #expect(AxisValue.value(of: "a.b", in: ["a.b=1", "a.bc=2", "a.b=3"]) == "3")
    }

    @Test func kneeByCurvatureFindsTheTurn() {
        let xs: [Double] = [1, 2, 3, 4, 5, 6]
        let ys: [Double] = [1, 1.1, 1.2, 1.4, 3, 9]
        #expect(Knee.maximumCurvature(xs: xs, ys: ys) == 3)
        // A straight line has no knee; too few points neither.
        #expect(Knee.maximumCurvature(xs: xs, ys: xs) == nil)
        #expect(Knee.maximumCurvature(xs: [1, 2], ys: [1, 5]) == nil)
        #expect(Knee.firstBreach(ys: [0.1, 0.2, 0.6, 0.4], bound: 0.5) == 2)
        #expect(Knee.firstBreach(ys: [0.1, .nan], bound: 0.5) == 1)
        #expect(Knee.firstBreach(ys: [0.1, 0.2], bound: 0.5) == nil)
    }

    /// The headline of a sweep without an SLO: every point stable, and at the highest rate
    /// (3.8/s on 4 servers: ρ = 0.95) the servers are the bottleneck; the utilization law asks
    /// for ⌈4 · 0.95 / 0.7⌉ = 6 servers there (within one, as the measured U varies by ±0.03).
    @Test func headlineSaysHowFarItHoldsAndWhatGivesFirst() throws {
        let (store, id) = try ReportFixtures.storedSweep()
        let html = try SweepHTMLReport.load(from: store, id: id).html()
        #expect(ReportFixtures.ids(html).first == "headline")
        #expect(html.contains("<p class=\"headline-verdict\">No SLO in the model: servers.servers=4: stable at every point, up to 3.8/s; servers.servers=5: stable"),
                "\(html.prefix(4000))")
        #expect(html.contains("<p class=\"headline-bottleneck\">Bottleneck at 3.8/s: servers.servers, 9"))
        let change = try #require(html.components(separatedBy: "<p class=\"headline-change\">").dropFirst().first)
        #expect(change.hasPrefix("The change that buys the most: raise components.servers.servers (now 4)"), "\(change.prefix(200))")
        #expect(change.contains("70.0% with 6 there") || change.contains("70.0% with 5 there"))
    }
}
