/// A line chart drawn as inline SVG: axes with ticks in units, a legend, and the annotations the
/// reports need — horizontal threshold lines (an SLO, an alert's threshold), vertical markers
/// (a knee, a saturation point), shaded intervals (a firing alert, the warm-up) and highlighted
/// points.
///
/// A value type with defaults: fill in what a chart has and call ``html()``. NaN values break a
/// line (a window without completions has no p99), they are never drawn as zero. Output depends
/// only on the inputs, so equal data give equal bytes.
public struct LineChart: Sendable {
    /// One line.
    public struct Series: Sendable {
        public var name: String
        /// (x, y) in data units; drawn in this order.
        public var points: [(x: Double, y: Double)]
        /// Colour; nil takes the palette's next one.
        public var color: String?
        /// Dashed, to set a secondary series (a mean beside a p99) apart.
        public var dashed = false
        /// Dots on each point; nil shows them when there are few points (sweeps, not series).
        public var showPoints: Bool?
        /// Indexes of points drawn hollow, e.g. unstable sweep points.
        public var hollow: Set<Int> = []

        public init(name: String, points: [(x: Double, y: Double)], color: String? = nil, dashed: Bool = false,
                    showPoints: Bool? = nil, hollow: Set<Int> = []) {
            self.name = name
            self.points = points
            self.color = color
            self.dashed = dashed
            self.showPoints = showPoints
            self.hollow = hollow
        }
    }

    /// A horizontal reference line at `value` (y units), labelled at its right end.
    public struct Threshold: Sendable {
        public var value: Double
        public var label: String
        /// A CSS class added to the line, e.g. `slo`.
        public var kind: String
        public init(value: Double, label: String, kind: String = "threshold") {
            self.value = value
            self.label = label
            self.kind = kind
        }
    }

    /// A vertical line at `x`, labelled at the top.
    public struct Marker: Sendable {
        public var x: Double
        public var label: String
        public var kind: String
        public init(x: Double, label: String, kind: String = "marker") {
            self.x = x
            self.label = label
            self.kind = kind
        }
    }

    /// A shaded interval of x, labelled at the top: a firing alert, the warm-up.
    public struct Band: Sendable {
        public enum Kind: String, Sendable {
            /// An alert firing.
            case alert
            /// The warm-up, discarded from statistics.
            case warmup
            /// A confidence interval of an estimate.
            case interval
        }
        public var from: Double
        public var to: Double
        public var label: String
        public var kind: Kind
        public init(from: Double, to: Double, label: String, kind: Kind) {
            self.from = from
            self.to = to
            self.label = label
            self.kind = kind
        }
    }

    /// A point to draw attention to, with a label beside it (the knee of a sweep).
    public struct Highlight: Sendable {
        public var x: Double
        public var y: Double
        public var label: String
        public var kind: String
        public init(x: Double, y: Double, label: String, kind: String = "highlight") {
            self.x = x
            self.y = y
            self.label = label
            self.kind = kind
        }
    }

    /// An axis: its title, how its numbers are written, and optional fixed ends.
    public struct Axis: Sendable {
        public var label: String
        public var format: ValueFormat
        /// Fixed ends; nil fits the data (y from 0 unless ``includeZero`` is false).
        public var min: Double?
        public var max: Double?
        /// Whether a fitted y axis starts at 0 (a latency or a rate should).
        public var includeZero = true
        /// Linear, logarithmic, or logarithmic when the values span decades (y axis only).
        public var scale: Scale = .linear
        public init(label: String, format: ValueFormat, min: Double? = nil, max: Double? = nil,
                    includeZero: Bool = true, scale: Scale = .linear) {
            self.label = label
            self.format = format
            self.min = min
            self.max = max
            self.includeZero = includeZero
            self.scale = scale
        }
    }

    /// How an axis maps values to positions.
    public enum Scale: Sendable, Equatable {
        case linear
        /// Powers of ten evenly spaced; values at or below zero are left out (the line breaks).
        case log
        /// Logarithmic when the positive values span at least ``LineChart/logSpan`` (a p99 that
        /// goes from milliseconds to seconds as a sweep saturates), else linear.
        case automatic
    }

    /// The ratio of largest to smallest positive value from which ``Scale/automatic`` draws a
    /// logarithmic axis: two decades.
    public static let logSpan = 100.0

    /// Whether `values` are drawn on a logarithmic axis under `scale`.
    static func usesLog(_ scale: Scale, _ values: [Double]) -> Bool {
        switch scale {
        case .linear: return false
        case .log: return values.contains { $0.isFinite && $0 > 0 }
        case .automatic:
            let positive = values.filter { $0.isFinite && $0 > 0 }
            guard let low = positive.min(), let high = positive.max() else { return false }
            return high / low >= logSpan && !values.contains { $0.isFinite && $0 < 0 }
        }
    }

    /// The figure's id in the page (also prefixes the SVG's own ids, so several charts can share
    /// a page).
    public var id: String
    public var title: String
    /// A line under the title, e.g. what the shaded intervals mean.
    public var caption: String?
    public var x: Axis
    public var y: Axis
    public var series: [Series] = []
    public var thresholds: [Threshold] = []
    public var markers: [Marker] = []
    public var bands: [Band] = []
    public var highlights: [Highlight] = []
    /// Size of the drawing in CSS pixels at 100 % (it scales with the page).
    public var width: Double = 560
    /// Height of the plot area alone; the legend and axes add to it.
    public var plotHeight: Double = 210

    public init(id: String, title: String, caption: String? = nil, x: Axis, y: Axis) {
        self.id = id
        self.title = title
        self.caption = caption
        self.x = x
        self.y = y
    }

    /// The chart as a `<figure>` with a caption and the SVG.
    public func html() -> String {
        var out = "<figure class=\"chart\" id=\"\(HTML.escape(id))\">\n<figcaption>\(HTML.escape(title))"
        if let caption { out += "<span class=\"caption\">\(HTML.escape(caption))</span>" }
        out += "</figcaption>\n" + svg() + "\n</figure>"
        return out
    }
}
