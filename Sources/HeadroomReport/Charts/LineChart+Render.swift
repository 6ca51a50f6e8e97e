import Foundation

extension LineChart {
    /// Font size of ticks, legend and labels, px.
    static let fontSize = 12.0

    /// The chart as an `<svg>` element.
    public func svg() -> String {
        let fs = Self.fontSize
        let prefix = HTML.slug(id)
        let xs = series.flatMap { $0.points.map(\.x) }.filter(\.isFinite)
        let ys = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)

        // Y domain: the data, the thresholds and highlights that fall near it, from 0 by default.
        var yValues = ys + thresholds.map(\.value) + highlights.map(\.y)
        yValues = yValues.filter(\.isFinite)
        var yLow = y.min ?? (yValues.min() ?? 0)
        var yHigh = y.max ?? (yValues.max() ?? 1)
        if y.min == nil && y.includeZero { yLow = Swift.min(0, yLow) }
        if y.max == nil && yHigh > yLow { yHigh += (yHigh - yLow) * 0.04 }
        let yTicks = y.format.ticks(low: yLow, high: yHigh, target: 5)
        if y.min == nil { yLow = yTicks.values.first ?? yLow }
        if y.max == nil { yHigh = yTicks.values.last ?? yHigh }
        if yHigh <= yLow { yHigh = yLow + 1 }
        var yTickValues = yTicks.values.filter { $0 >= yLow - 1e-9 * abs(yHigh - yLow) && $0 <= yHigh + 1e-9 * abs(yHigh - yLow) }
        var yLabels = yTickValues.map { y.format.tick($0, step: yTicks.step) }
        // A logarithmic y axis: whole decades, with 2 and 5 between them when there are few.
        let logY = Self.usesLog(y.scale, ys)
        if logY {
            let positive = yValues.filter { $0 > 0 }
            let lowDecade = (log10(y.min.flatMap { $0 > 0 ? $0 : nil } ?? positive.min() ?? 1)).rounded(.down)
            let highDecade = Swift.max((log10(y.max ?? positive.max() ?? 10)).rounded(.up), lowDecade + 1)
            yLow = pow(10, lowDecade)
            yHigh = pow(10, highDecade)
            let steps: [Double] = highDecade - lowDecade <= 2 ? [1, 2, 5] : [1]
            yTickValues = stride(from: lowDecade, through: highDecade, by: 1).flatMap { d in
                steps.map { $0 * pow(10, d) }
            }.filter { $0 <= yHigh * (1 + 1e-9) }
            yLabels = yTickValues.map { y.format.label($0) }
        }

        // X domain: exactly the data's (and the annotations') range.
        let xValues = (xs + markers.map(\.x) + highlights.map(\.x)).filter(\.isFinite)
        var xLow = x.min ?? (xValues.min() ?? 0)
        var xHigh = x.max ?? (xValues.max() ?? 1)
        if xHigh <= xLow {
            let pad = xLow == 0 ? 1 : abs(xLow) * 0.1
            xLow -= pad
            xHigh += pad
        }
        // A highlighted point on a fitted edge (the cheapest plan, a knee at the last point)
        // would have half its ring outside the plot: leave 3 % of room on that side.
        let span = xHigh - xLow
        if x.min == nil && highlights.contains(where: { abs($0.x - xLow) <= span * 1e-9 }) { xLow -= span * 0.03 }
        if x.max == nil && highlights.contains(where: { abs($0.x - xHigh) <= span * 1e-9 }) { xHigh += span * 0.03 }

        // Layout: the left margin fits the widest y label, the top the legend's rows.
        let left = (yLabels.map { SVG.textWidth($0, size: fs) }.max() ?? 20) + 30
        // The right margin leaves room for half of the last x tick's label.
        let lastXLabel = x.format.tick(xHigh, step: NiceScale.niceStep((xHigh - xLow) / 5))
        let right = Swift.max(18, SVG.textWidth(lastXLabel, size: fs) / 2 + 6)
        let legend = legendLayout(width: width - left - right, fontSize: fs)
        let plotWidth = width - left - right
        func px(_ v: Double) -> Double { left + (v - xLow) / (xHigh - xLow) * plotWidth }

        // Labels of bands and markers go in rows above the plot, clear of the data; each in the
        // first row where it overlaps no other.
        var rows = LabelRows(left: left, right: left + plotWidth)
        let bandSpans = bands.map { band -> (x1: Double, x2: Double, label: (text: String, x: Double, anchor: String, row: Int))? in
            let x1 = Swift.max(px(band.from), left)
            let x2 = Swift.min(px(Swift.max(band.to, band.from)), left + plotWidth)
            guard x2 >= x1 else { return nil }
            return (x1, x2, rows.place(band.label, at: x1, size: fs - 1))
        }
        let shownMarkers = markers.filter { $0.x.isFinite && $0.x >= xLow && $0.x <= xHigh }
        let markerLabels = shownMarkers.map { rows.place($0.label, at: px($0.x), size: fs - 1) }
        let labelRowHeight = fs + 1
        let top = 10 + Double(legend.rows) * (fs + 6) + Double(rows.count) * labelRowHeight + (rows.count > 0 ? 4 : 0)
        func labelY(_ row: Int) -> Double { top - 5 - Double(row) * labelRowHeight }
        let bottom = 46.0
        let height = top + plotHeight + bottom
        func py(_ v: Double) -> Double {
            guard logY else { return top + plotHeight - (v - yLow) / (yHigh - yLow) * plotHeight }
            // Zero and below have no place on a log axis: not finite, so the line breaks there.
            guard v > 0 else { return .nan }
            return top + plotHeight - (log10(v) - log10(yLow)) / (log10(yHigh) - log10(yLow)) * plotHeight
        }
        let n = SVG.n

        var out = "<svg class=\"line-chart\(logY ? " log-y" : "")\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" "
            + "height=\"\(n(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">\n"
        out += "<title>\(HTML.escape(title))</title>\n"
        out += "<defs><clipPath id=\"\(prefix)-clip\"><rect x=\"\(n(left))\" y=\"\(n(top - 1))\" "
            + "width=\"\(n(plotWidth))\" height=\"\(n(plotHeight + 2))\"/></clipPath></defs>\n"
        out += "<rect class=\"plot-area\" x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotWidth))\" height=\"\(n(plotHeight))\"/>\n"

        // Grid and ticks.
        for (value, label) in zip(yTickValues, yLabels) {
            let yy = py(value)
            out += SVG.line(x1: left, y1: yy, x2: left + plotWidth, y2: yy, className: "grid") + "\n"
            out += SVG.text(label, x: left - 6, y: yy + fs * 0.35, anchor: "end", className: "tick") + "\n"
        }
        let xTicks = x.format.ticks(low: xLow, high: xHigh, target: Swift.max(2, Int(plotWidth / 95)))
        var lastTickEnd = -Double.infinity
        for value in xTicks.values where value >= xLow - 1e-9 * (xHigh - xLow) && value <= xHigh + 1e-9 * (xHigh - xLow) {
            let xx = px(value)
            let label = x.format.tick(value, step: xTicks.step)
            let half = SVG.textWidth(label, size: fs) / 2
            out += SVG.line(x1: xx, y1: top, x2: xx, y2: top + plotHeight, className: "grid grid-x") + "\n"
            out += SVG.line(x1: xx, y1: top + plotHeight, x2: xx, y2: top + plotHeight + 4, className: "axis") + "\n"
            // Skip a label that would run into the previous one.
            if xx - half > lastTickEnd + 4 {
                out += SVG.text(label, x: xx, y: top + plotHeight + 8 + fs, anchor: "middle", className: "tick") + "\n"
                lastTickEnd = xx + half
            }
        }
        out += SVG.line(x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight, className: "axis") + "\n"
        out += SVG.line(x1: left, y1: top, x2: left, y2: top + plotHeight, className: "axis") + "\n"
        out += SVG.text(x.label, x: left + plotWidth / 2, y: height - 8, anchor: "middle", className: "axis-label") + "\n"
        let yMid = top + plotHeight / 2
        out += "<text class=\"axis-label\" text-anchor=\"middle\" transform=\"translate(\(n(14)) \(n(yMid))) rotate(-90)\">"
            + "\(HTML.escape(y.label + (logY ? " (log scale)" : "")))</text>\n"

        for (band, span) in zip(bands, bandSpans) {
            guard let span else { continue }
            out += "<g class=\"band \(band.kind.rawValue)\" data-label=\"\(HTML.escape(band.label))\">"
            out += "<rect x=\"\(n(span.x1))\" y=\"\(n(top))\" width=\"\(n(Swift.max(span.x2 - span.x1, 1.5)))\" height=\"\(n(plotHeight))\"/>"
            out += SVG.line(x1: span.x1, y1: top, x2: span.x1, y2: labelY(span.label.row) - fs + 3, className: "band-tick")
            out += SVG.text(span.label.text, x: span.label.x + (span.label.anchor == "start" ? 3 : -3), y: labelY(span.label.row),
                            anchor: span.label.anchor, className: "band-label")
            out += "</g>\n"
        }

        // The lines, clipped to the plot.
        out += "<g clip-path=\"url(#\(prefix)-clip)\">\n"
        for (index, s) in series.enumerated() {
            let color = s.color ?? Palette.color(index)
            let dash = s.dashed ? "5 4" : Palette.dash(index)
            var d = ""
            var pen = false
            for p in s.points {
                guard p.x.isFinite, p.y.isFinite, py(p.y).isFinite else {
                    pen = false
                    continue
                }
                d += (pen ? "L" : "M") + n(px(p.x)) + " " + n(py(p.y))
                pen = true
            }
            let dashAttribute = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            out += "<path class=\"series-line\" data-series=\"\(HTML.escape(s.name))\" d=\"\(d)\" stroke=\"\(color)\"\(dashAttribute)/>\n"
            let finite = s.points.filter { $0.x.isFinite && $0.y.isFinite }.count
            if s.showPoints ?? (finite <= 40) {
                for (i, p) in s.points.enumerated() where p.x.isFinite && p.y.isFinite && py(p.y).isFinite {
                    let fill = s.hollow.contains(i) ? "#fff" : color
                    out += "<circle class=\"point\" cx=\"\(n(px(p.x)))\" cy=\"\(n(py(p.y)))\" r=\"3\" fill=\"\(fill)\" stroke=\"\(color)\"/>"
                }
                out += "\n"
            }
        }
        out += "</g>\n"

        for t in thresholds where t.value.isFinite && t.value >= yLow && t.value <= yHigh {
            let yy = py(t.value)
            let above = yy - top > fs + 4
            out += "<g class=\"threshold \(HTML.escape(t.kind))\">"
            out += SVG.line(x1: left, y1: yy, x2: left + plotWidth, y2: yy, className: "threshold-line")
            out += SVG.text(t.label, x: left + plotWidth - 4, y: above ? yy - 4 : yy + fs + 2, anchor: "end",
                            className: "threshold-label")
            out += "</g>\n"
        }
        for (m, label) in zip(shownMarkers, markerLabels) {
            let xx = px(m.x)
            out += "<g class=\"marker \(HTML.escape(m.kind))\">"
            out += SVG.line(x1: xx, y1: labelY(label.row) - fs + 3, x2: xx, y2: top + plotHeight, className: "marker-line")
            out += SVG.text(label.text, x: label.x + (label.anchor == "start" ? 3 : -3), y: labelY(label.row), anchor: label.anchor,
                            className: "marker-label")
            out += "</g>\n"
        }
        for h in highlights where h.x.isFinite && h.y.isFinite {
            let xx = px(h.x)
            let yy = py(Swift.min(Swift.max(h.y, yLow), yHigh))
            let w = SVG.textWidth(h.label, size: fs)
            let toLeft = xx - 10 - w >= left
            let below = yy - top < fs + 8
            out += "<g class=\"highlight \(HTML.escape(h.kind))\">"
            out += "<circle cx=\"\(n(xx))\" cy=\"\(n(yy))\" r=\"6.5\" class=\"highlight-ring\"/>"
            out += SVG.text(h.label, x: toLeft ? xx - 10 : xx + 10, y: below ? yy + fs + 8 : yy - 9,
                            anchor: toLeft ? "end" : "start", className: "highlight-label")
            out += "</g>\n"
        }

        out += hoverStrips(left: left, top: top, plotWidth: plotWidth, xLow: xLow, xHigh: xHigh, px: px)

        // Legend above the plot.
        for item in legend.items {
            let s = series[item.index]
            let color = s.color ?? Palette.color(item.index)
            let dash = (s.dashed ? "5 4" : Palette.dash(item.index)).map { " stroke-dasharray=\"\($0)\"" } ?? ""
            let ly = 10 + Double(item.row) * (fs + 6) + fs * 0.5
            out += "<g class=\"legend-item\">"
            out += "<line x1=\"\(n(left + item.x))\" y1=\"\(n(ly))\" x2=\"\(n(left + item.x + 18))\" y2=\"\(n(ly))\" "
                + "stroke=\"\(color)\" class=\"legend-swatch\"\(dash)/>"
            out += SVG.text(item.text, x: left + item.x + 23, y: ly + fs * 0.35, className: "legend-text")
            out += "</g>\n"
        }
        if xs.isEmpty || ys.isEmpty {
            out += SVG.text("no data", x: left + plotWidth / 2, y: top + plotHeight / 2, anchor: "middle", className: "no-data") + "\n"
        }
        return out + "</svg>"
    }

    /// Most hover strips a chart gets: a long series is sampled evenly (the page stays small).
    static let maximumHoverStrips = 120

    /// Values on hover without scripts: a transparent strip of the plot's height around each x
    /// of the data, whose SVG `<title>` (the browser's tooltip) lists x and every series' value
    /// there. Drawn over the lines, so the whole column answers, not just a 3-pixel dot.
    func hoverStrips(left: Double, top: Double, plotWidth: Double, xLow: Double, xHigh: Double,
                     px: (Double) -> Double) -> String {
        var values: [Double: [(name: String, y: Double)]] = [:]
        for (index, s) in series.enumerated() {
            for p in s.points where p.x.isFinite && p.x >= xLow && p.x <= xHigh {
                values[p.x, default: []].append((s.name.isEmpty ? "series \(index + 1)" : s.name, p.y))
            }
        }
        let all = values.keys.sorted()
        guard !all.isEmpty else { return "" }
        let stride = Swift.max(1, Int((Double(all.count) / Double(Self.maximumHoverStrips)).rounded(.up)))
        let xs = Swift.stride(from: 0, to: all.count, by: stride).map { all[$0] }
        let n = SVG.n
        var out = "<g class=\"hover-strips\">\n"
        for (i, x) in xs.enumerated() {
            let from = i == 0 ? left : (px(xs[i - 1]) + px(x)) / 2
            let to = i == xs.count - 1 ? left + plotWidth : (px(x) + px(xs[i + 1])) / 2
            let lines = (values[x] ?? []).map { "\($0.name): \($0.y.isFinite ? y.format.label($0.y) : "no value")" }
            let text = "\(self.x.label) \(self.x.format.label(x))\n" + lines.joined(separator: "\n")
            out += "<rect class=\"hover\" x=\"\(n(from))\" y=\"\(n(top))\" width=\"\(n(Swift.max(to - from, 0.5)))\" "
                + "height=\"\(n(plotHeight))\"><title>\(HTML.escape(text))</title></rect>\n"
        }
        return out + "</g>\n"
    }

    /// Where each legend entry goes: rows of (swatch, name) from the left, wrapping at `width`.
    private func legendLayout(width: Double, fontSize: Double) -> (items: [(index: Int, x: Double, row: Int, text: String)], rows: Int) {
        guard series.count > 1 || (series.count == 1 && !series[0].name.isEmpty) else { return ([], 0) }
        var items: [(index: Int, x: Double, row: Int, text: String)] = []
        var x = 0.0
        var row = 0
        for (index, s) in series.enumerated() {
            let text = SVG.truncated(s.name, width: 220, size: fontSize)
            let itemWidth = 23 + SVG.textWidth(text, size: fontSize) + 16
            if x > 0 && x + itemWidth > width {
                row += 1
                x = 0
            }
            items.append((index, x, row, text))
            x += itemWidth
        }
        return (items, row + 1)
    }
}

/// Rows of labels above a plot: each label goes in the first row where it does not overlap the
/// ones placed before, to the left of its anchor when it would run past the right edge.
struct LabelRows {
    let left: Double
    let right: Double
    /// Per row, the spans taken.
    private var taken: [[ClosedRange<Double>]] = []
    /// Most rows used; further labels share the last.
    static let maximumRows = 4

    init(left: Double, right: Double) {
        self.left = left
        self.right = right
    }

    /// Rows in use.
    var count: Int { taken.count }

    /// The label's (possibly shortened) text, its anchor point and side, and its row (0 is the
    /// row nearest the plot).
    mutating func place(_ label: String, at x: Double, size: Double) -> (text: String, x: Double, anchor: String, row: Int) {
        let text = SVG.truncated(label, width: (right - left) * 0.6, size: size)
        let w = SVG.textWidth(text, size: size)
        var start = x
        var anchor = "start"
        if x + 3 + w > right {
            start = Swift.max(left, x - 3 - w)
            anchor = "end"
        }
        let span = (start - 4)...(start + w + 4)
        for row in 0..<Self.maximumRows {
            if row == taken.count { taken.append([]) }
            if !taken[row].contains(where: { $0.overlaps(span) }) {
                taken[row].append(span)
                return (text, x, anchor, row)
            }
        }
        return (text, x, anchor, Self.maximumRows - 1)
    }
}
