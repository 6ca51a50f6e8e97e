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

    /// A p99 from 2 ms to 30 s spans four decades: the automatic axis goes logarithmic, with a
    /// tick at each power of ten, and a zero (no place on a log axis) breaks the line.
    @Test func latenciesSpanningDecadesGetALogAxis() throws {
        var chart = LineChart(id: "log", title: "p99", x: .init(label: "load", format: .plain),
                              y: .init(label: "p99", format: .seconds, scale: .automatic))
        chart.series = [.init(name: "p99", points: [(1, 0.002), (2, 0.02), (3, 0), (4, 3), (5, 30)])]
        let svg = chart.svg()
        #expect(svg.contains("class=\"line-chart log-y\""))
        #expect(svg.contains("(log scale)"))
        for tick in ["1ms", "10ms", "100ms", "1s", "10s", "100s"] {
            #expect(svg.contains(">\(tick)</text>"), "tick \(tick)")
        }
        let path = try #require(svg.components(separatedBy: "class=\"series-line\"").dropFirst().first)
        let d = try #require(path.components(separatedBy: " d=\"").dropFirst().first?.split(separator: "\"").first)
        #expect(d.filter { $0 == "M" }.count == 2)
        // Decades are evenly spaced: 1 ms → 10 ms is as tall as 1 s → 10 s.
        func y(_ label: String) throws -> Double {
            let before = try #require(svg.components(separatedBy: ">\(label)</text>").first)
            let attribute = try #require(before.components(separatedBy: " y=\"").last?.split(separator: "\"").first)
            return try #require(Double(attribute))
        }
        #expect(abs((try y("1ms") - y("10ms")) - (try y("1s") - y("10s"))) < 0.02)

        // One decade and a half: linear, as before.
        chart.series = [.init(name: "p99", points: [(1, 0.1), (2, 0.5), (3, 3)])]
        #expect(!chart.svg().contains("log-y"))
    }

    /// Values on hover: one strip per x with a <title> naming x and each series' value; a long
    /// series is sampled to at most maximumHoverStrips strips.
    @Test func hoverShowsTheValues() {
        var chart = LineChart(id: "hover", title: "t", x: .init(label: "time", format: .seconds),
                              y: .init(label: "rate", format: .rate))
        chart.series = [.init(name: "done", points: [(10, 5), (20, 7), (30, 9)]),
                        .init(name: "arrivals <in>", points: [(10, 6), (20, 8), (30, .nan)])]
        let svg = chart.svg()
        #expect(ReportFixtures.count("<rect class=\"hover\"", in: svg) == 3)
        #expect(svg.contains("<title>time 20s\ndone: 7/s\narrivals &lt;in&gt;: 8/s</title>"))
        #expect(svg.contains("arrivals &lt;in&gt;: no value</title>"))

        chart.series = [.init(name: "long", points: (0..<1000).map { (Double($0), Double($0)) })]
        let strips = ReportFixtures.count("<rect class=\"hover\"", in: chart.svg())
        #expect(strips <= LineChart.maximumHoverStrips && strips >= LineChart.maximumHoverStrips / 2, "\(strips) strips")

        var bars = BarChart(id: "b", title: "u", format: .ratio)
        bars.bars = [.init(label: "a very long component name that the label truncates", value: 0.25, note: "app server")]
        #expect(bars.svg().contains("<title>a very long component name that the label truncates: 25.0%  app server</title>"))
    }
}

@Suite struct ChartBlemishTests {
    /// A highlight on the fitted edge of x keeps its whole ring inside the plot.
    @Test func aHighlightOnTheEdgeStaysInside() throws {
        var chart = LineChart(id: "edge", title: "cost", x: .init(label: "cost", format: .plain, includeZero: false),
                              y: .init(label: "p99", format: .seconds))
        chart.series = [.init(name: "frontier", points: [(5, 0.2), (6, 0.1)])]
        chart.highlights = [.init(x: 5, y: 0.2, label: "planned")]
        let svg = chart.svg()
        func number(_ after: String, in text: String) throws -> Double {
            let rest = try #require(text.components(separatedBy: after).dropFirst().first)
            return try #require(Double(rest.split(separator: "\"").first.map(String.init) ?? ""))
        }
        let plotLeft = try number("class=\"plot-area\" x=\"", in: svg)
        let ring = try #require(svg.components(separatedBy: "class=\"highlight highlight\"").dropFirst().first)
        let cx = try number("<circle cx=\"", in: ring)
        #expect(cx - 6.5 >= plotLeft, "ring at \(cx), plot from \(plotLeft)")
    }

    /// Every SLO line a report draws says what it is and its value.
    @Test func sloLinesCarryTheirValue() throws {
        let (store, id) = try ReportFixtures.storedRun()
        let html = try RunHTMLReport.load(from: store, id: id).html()
        let labels = html.components(separatedBy: "<g class=\"threshold slo\">").dropFirst().map { part -> String in
            let text = part.components(separatedBy: "class=\"threshold-label\"").dropFirst().first ?? ""
            return String(text.drop(while: { $0 != ">" }).dropFirst().prefix(while: { $0 != "<" }))
        }
        #expect(!labels.isEmpty)
        for label in labels { #expect(label.hasPrefix("SLO ") && label.contains(where: \.isNumber), "\(label)") }
    }
}
