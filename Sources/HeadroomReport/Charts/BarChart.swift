/// A horizontal bar chart as inline SVG: one labelled bar per row, its value written at its end,
/// and an optional reference line (100 % utilization).
///
/// Rows may be indented (a replica under its app server, a shard under its database).
public struct BarChart: Sendable {
    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        /// Fill colour; nil is the palette's first.
        public var color: String?
        /// Drawn indented and thinner, under the bar before it.
        public var indented = false
        /// Text after the value, e.g. the component's kind.
        public var note: String?

        public init(label: String, value: Double, color: String? = nil, indented: Bool = false, note: String? = nil) {
            self.label = label
            self.value = value
            self.color = color
            self.indented = indented
            self.note = note
        }
    }

    public var id: String
    public var title: String
    public var caption: String?
    public var bars: [Bar] = []
    public var format: ValueFormat
    /// A vertical reference line at this value, labelled with ``referenceLabel``.
    public var reference: Double?
    public var referenceLabel = ""
    /// The axis runs at least to this value (1 for utilizations, so 100 % is always visible).
    public var minimumMax: Double = 0
    public var width: Double = 1120

    public init(id: String, title: String, caption: String? = nil, format: ValueFormat) {
        self.id = id
        self.title = title
        self.caption = caption
        self.format = format
    }

    /// The chart as a `<figure>` with a caption and the SVG.
    public func html() -> String {
        var out = "<figure class=\"chart bar-chart-figure\" id=\"\(HTML.escape(id))\">\n<figcaption>\(HTML.escape(title))"
        if let caption { out += "<span class=\"caption\">\(HTML.escape(caption))</span>" }
        return out + "</figcaption>\n" + svg() + "\n</figure>"
    }

    /// The chart as an `<svg>` element.
    public func svg() -> String {
        let fs = 12.0
        let n = SVG.n
        let labels = bars.map { SVG.truncated($0.label, width: 230, size: fs) }
        let labelWidth = (zip(labels, bars).map { SVG.textWidth($0, size: fs) + ($1.indented ? 14 : 0) }.max() ?? 40)
        let left = labelWidth + 20
        let valueRoom = 150.0
        let plotWidth = width - left - valueRoom
        let rowHeight = 24.0
        let top = 22.0
        let height = top + Double(bars.count) * rowHeight + 30
        let finite = bars.map(\.value).filter(\.isFinite)
        let ticks = format.ticks(low: 0, high: Swift.max(finite.max() ?? 0, minimumMax, reference ?? 0), target: 5)
        let high = Swift.max(ticks.values.last ?? 1, 1e-12)
        func px(_ v: Double) -> Double { left + Swift.max(0, Swift.min(v, high)) / high * plotWidth }

        var out = "<svg class=\"bar-chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" "
            + "role=\"img\" aria-label=\"\(HTML.escape(title))\">\n<title>\(HTML.escape(title))</title>\n"
        for value in ticks.values {
            let xx = px(value)
            out += SVG.line(x1: xx, y1: top - 4, x2: xx, y2: height - 26, className: "grid grid-x") + "\n"
            out += SVG.text(format.tick(value, step: ticks.step), x: xx, y: height - 10, anchor: "middle", className: "tick") + "\n"
        }
        for (index, (bar, label)) in zip(bars, labels).enumerated() {
            let y0 = top + Double(index) * rowHeight
            let thickness = bar.indented ? 10.0 : 16.0
            let barY = y0 + (rowHeight - thickness) / 2
            let color = bar.color ?? Palette.color(0)
            var valueText = format.label(bar.value)
            if let note = bar.note { valueText += "  " + note }
            // Hovering a row shows its full label and value (labels may be truncated).
            out += "<g class=\"bar\(bar.indented ? " sub" : "")\" data-label=\"\(HTML.escape(bar.label))\">"
                + "<title>\(HTML.escape("\(bar.label): \(valueText)"))</title>"
                + "<rect class=\"hover\" x=\"0\" y=\"\(n(y0))\" width=\"\(n(width))\" height=\"\(n(rowHeight))\"/>"
            out += SVG.text(label, x: left - 8, y: y0 + rowHeight / 2 + fs * 0.35, anchor: "end",
                            className: bar.indented ? "bar-label sub" : "bar-label")
            if bar.value.isFinite {
                out += "<rect x=\"\(n(left))\" y=\"\(n(barY))\" width=\"\(n(Swift.max(px(bar.value) - left, 0.5)))\" "
                    + "height=\"\(n(thickness))\" fill=\"\(color)\"/>"
            }
            out += SVG.text(valueText, x: px(bar.value.isFinite ? bar.value : 0) + 6, y: y0 + rowHeight / 2 + fs * 0.35,
                            className: "bar-value")
            out += "</g>\n"
        }
        out += SVG.line(x1: left, y1: top - 4, x2: left, y2: height - 26, className: "axis") + "\n"
        if let reference, reference <= high {
            let xx = px(reference)
            out += "<g class=\"threshold reference\">"
                + SVG.line(x1: xx, y1: top - 8, x2: xx, y2: height - 26, className: "threshold-line")
                + SVG.text(referenceLabel, x: xx, y: top - 11, anchor: "middle", className: "threshold-label")
                + "</g>\n"
        }
        return out + "</svg>"
    }
}
