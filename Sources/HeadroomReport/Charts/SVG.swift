import Foundation

/// Helpers shared by the chart and diagram builders: coordinates, text and estimates of how
/// wide a label will be.
///
/// Inline SVG needs no `xmlns` inside HTML (the HTML parser puts `<svg>` in the SVG namespace),
/// so a report holds no URL at all.
enum SVG {
    /// A coordinate with one decimal (a tenth of a pixel is below what a screen shows), without
    /// `-0`, so that equal inputs always give equal bytes.
    /// Values beyond ±1e6 px (a point far off a fixed axis) are clamped: they are clipped
    /// anyway, and the integer conversion must not overflow.
    static func n(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (min(max(value, -1e6), 1e6) * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.1f", rounded)
    }

    /// Approximate width in pixels of `text` at `size` px in a sans-serif font (DejaVu Sans and
    /// Liberation Sans average about 0.6 em per character): enough to keep labels apart.
    static func textWidth(_ text: String, size: Double) -> Double {
        var width = 0.0
        for ch in text {
            switch ch {
            case "i", "l", "j", "t", "f", "r", ".", ",", ":", ";", "'", "|", "!", "(", ")", " ": width += 0.36
            case "m", "w", "M", "W", "%": width += 0.9
            case "A"..."Z": width += 0.7
            default: width += 0.6
            }
        }
        return width * size
    }

    /// `text` cut to at most `width` pixels at `size` px, with an ellipsis when cut.
    static func truncated(_ text: String, width: Double, size: Double) -> String {
        guard textWidth(text, size: size) > width else { return text }
        var out = ""
        for ch in text {
            if textWidth(out + String(ch) + "…", size: size) > width { break }
            out.append(ch)
        }
        return out + "…"
    }

    /// A `<text>` element; `content` is escaped here.
    static func text(
        _ content: String, x: Double, y: Double, anchor: String = "start", className: String? = nil,
        extra: String = ""
    ) -> String {
        let cls = className.map { " class=\"\($0)\"" } ?? ""
        let anchorAttribute = anchor == "start" ? "" : " text-anchor=\"\(anchor)\""
        return "<text x=\"\(n(x))\" y=\"\(n(y))\"\(anchorAttribute)\(cls)\(extra)>\(HTML.escape(content))</text>"
    }

    /// A straight line.
    static func line(x1: Double, y1: Double, x2: Double, y2: Double, className: String, extra: String = "") -> String {
        "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" class=\"\(className)\"\(extra)/>"
    }
}
