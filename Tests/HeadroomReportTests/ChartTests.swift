import Testing
@testable import HeadroomReport

@Suite struct ChartTests {
    @Test func niceTicksEncloseTheRange() {
        let ticks = NiceScale.ticks(low: 0, high: 0.93, target: 5)
        #expect(ticks.step == 0.2)
        #expect(ticks.values.first == 0)
        #expect(ticks.values.last! >= 0.93)
        #expect(NiceScale.niceStep(0.23) == 0.25)
        #expect(NiceScale.niceStep(7) == 10)
        #expect(NiceScale.niceStep(1.5) == 2)
    }

    @Test func timeTicksAreWholeMinutes() {
        let ticks = NiceScale.timeTicks(low: 0, high: 900, target: 6)
        #expect(ticks.step == 120)
        #expect(ticks.values.map { ValueFormat.seconds.tick($0, step: ticks.step) }.prefix(3) == ["0", "2m", "4m"])
    }

    @Test func labelsCarryTheirUnits() {
        #expect(ValueFormat.seconds.tick(0.25, step: 0.25) == "250ms")
        #expect(ValueFormat.rate.label(2000) == "2000/s")
        #expect(ValueFormat.rate.label(715.53) == "716/s")
        #expect(ValueFormat.rate.label(12_500) == "12.5k/s")
        #expect(ValueFormat.ratio.tick(0.8, step: 0.2) == "80%")
        #expect(ValueFormat.ratio.label(0.4034) == "40.3%")
        #expect(ValueFormat.duration(300) == "5m")
        #expect(ValueFormat.duration(320) == "320s")
        #expect(ValueFormat.plain.label(.nan) == "–")
    }

    func chart() -> LineChart {
        var chart = LineChart(id: "c", title: "T <&>", x: .init(label: "time", format: .seconds),
                              y: .init(label: "p99", format: .seconds))
        chart.series = [.init(name: "p99 <i>", points: [(0, 0.1), (10, 0.2), (20, .nan), (30, 0.4), (40, 0.3)])]
        chart.thresholds = [.init(value: 0.25, label: "SLO 250ms", kind: "slo")]
        chart.bands = [.init(from: 25, to: 35, label: "alert \"x\"", kind: .alert)]
        chart.markers = [.init(x: 30, label: "knee", kind: "knee")]
        chart.highlights = [.init(x: 30, y: 0.4, label: "worst")]
        return chart
    }

    @Test func nanBreaksTheLine() throws {
        let svg = chart().svg()
        let path = try #require(svg.components(separatedBy: "class=\"series-line\"").dropFirst().first)
        let d = try #require(path.components(separatedBy: " d=\"").dropFirst().first?.split(separator: "\"").first)
        // Two pieces: before and after the window without a value.
        #expect(d.filter { $0 == "M" }.count == 2)
        #expect(d.filter { $0 == "L" }.count == 2)
    }

    @Test func annotationsAreDrawnAndEscaped() {
        let html = chart().html()
        #expect(html.contains("class=\"threshold slo\""))
        #expect(html.contains("class=\"band alert\""))
        #expect(html.contains("class=\"marker knee\""))
        #expect(html.contains("class=\"highlight highlight\""))
        #expect(html.contains("SLO 250ms"))
        #expect(html.contains("alert &quot;x&quot;"))
        #expect(html.contains("T &lt;&amp;&gt;"))
        #expect(html.contains("p99 &lt;i&gt;"))
        #expect(!html.contains("<i>"))
    }

    @Test func chartsAreDeterministic() {
        #expect(chart().html() == chart().html())
    }

    /// A value far beyond a fixed axis (an unstable run's p99 of days) is drawn off the plot,
    /// clipped, without overflowing the coordinates.
    @Test func hugeValuesAreClampedNotCrashed() {
        var chart = LineChart(id: "h", title: "huge", x: .init(label: "x", format: .plain),
                              y: .init(label: "y", format: .seconds, min: 0, max: 1))
        chart.series = [.init(name: "p99", points: [(0, 0.5), (1, 1e300), (2, .infinity)])]
        let svg = chart.svg()
        #expect(svg.contains("-1000000") || svg.contains("1000000"))
        #expect(SVG.n(-0.04) == "0")
        #expect(SVG.n(12.345) == "12.3")
    }

    @Test func emptyChartSaysSo() {
        let chart = LineChart(id: "e", title: "empty", x: .init(label: "x", format: .plain), y: .init(label: "y", format: .plain))
        #expect(chart.svg().contains("no data"))
    }

    @Test func barChartDrawsTheReferenceLine() {
        var bars = BarChart(id: "u", title: "util", format: .ratio)
        bars.bars = [.init(label: "db", value: 0.95, color: Palette.utilization(0.95)), .init(label: "app", value: 0.3)]
        bars.reference = 1
        bars.referenceLabel = "100 %"
        bars.minimumMax = 1
        let svg = bars.svg()
        #expect(svg.contains("class=\"threshold reference\""))
        #expect(svg.contains("95.0%"))
        #expect(ReportFixtures.count("class=\"bar\"", in: svg) == 2)
        #expect(Palette.utilization(0.95) != Palette.utilization(0.3))
    }

    @Test func labelRowsNeverOverlap() {
        var rows = LabelRows(left: 0, right: 500)
        let a = rows.place("first alert", at: 100, size: 11)
        let b = rows.place("second alert", at: 110, size: 11)
        let c = rows.place("far away", at: 400, size: 11)
        #expect(a.row == 0)
        #expect(b.row == 1)
        #expect(c.row == 0)
        // Near the right edge a label turns to the left of its anchor.
        #expect(rows.place("at the edge", at: 495, size: 11).anchor == "end")
    }
}
