import Foundation

/// Number formats for reports meant for people: durations with a unit that fits, counts with
/// thousands separators. Machine output (JSON, CSV) never goes through these.
public enum Format {
    /// A duration in seconds with a fitting unit: `812us`, `8.31ms`, `2.5s`, `15m`, `1.2h`, `116d`.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "∞" }
        let a = abs(seconds)
        if a == 0 { return "0s" }
        if a < 1e-3 { return String(format: "%.0fus", seconds * 1e6) }
        if a < 1 { return String(format: "%.3gms", seconds * 1e3) }
        if a < 600 { return String(format: "%.3gs", seconds) }
        if a < 7_200 { return String(format: "%.3gm", seconds / 60) }
        if a < 172_800 { return String(format: "%.3gh", seconds / 3600) }
        return String(format: "%.3gd", seconds / 86_400)
    }

    /// A whole number with thousands separators: 1,234,567.
    public static func count<T: BinaryInteger>(_ value: T) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return value < 0 ? "-" + out : out
    }

    /// A ratio as a percentage with one decimal: `80.0%`.
    public static func percent(_ ratio: Double) -> String { String(format: "%.1f%%", ratio * 100) }

    /// A change as a signed percentage: 0.254 → "+25.4%", −0.03 → "-3.0%".
    public static func signedPercent(_ ratio: Double) -> String { String(format: "%+.1f%%", ratio * 100) }

    /// A plain number with up to `digits` significant digits.
    public static func number(_ value: Double, digits: Int = 4) -> String { String(format: "%.\(digits)g", value) }

    /// Left-aligned first column, right-aligned others, two spaces apart.
    public static func table(_ rows: [[String]]) -> String {
        guard let width = rows.map(\.count).max() else { return "" }
        var widths = Array(repeating: 0, count: width)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
