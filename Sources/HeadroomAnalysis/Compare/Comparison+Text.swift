import Foundation

extension Comparison {
    /// A value of a row's unit for people.
    static func format(_ value: Double, _ unit: Unit) -> String {
        switch unit {
        case .seconds: return Format.duration(value)
        case .perSecond: return Format.number(value) + "/s"
        case .ratio: return Format.percent(value)
        case .number: return Format.number(value)
        }
    }

    /// A difference with its sign.
    static func formatDifference(_ value: Double, _ unit: Unit) -> String {
        if value == 0 { return "0" }
        let text: String
        switch unit {
        case .ratio: text = String(format: "%.1fpp", value * 100)
        default: text = format(value, unit)
        }
        return value > 0 ? "+" + text : text
    }

    static func formatRelative(_ value: Double?) -> String {
        guard let value else { return "–" }
        if value == 0 { return "0%" }
        return (value > 0 ? "+" : "") + String(format: "%.1f%%", value * 100)
    }

    /// How the runs were compared, in words.
    public var testDescription: String {
        switch test {
        case .paired: return "paired t-test on \(countA) replications with common random numbers, 95 %"
        case .welch: return "Welch's t-test (\(countA) vs \(countB) independent runs), 95 %"
        case .none: return "significance " + Self.singleRunNote
        }
    }

    static func significance(_ row: Row) -> String {
        guard let significant = row.significant else { return "n/a" }
        guard let p = row.pValue else { return significant ? "yes" : "no" }
        let pText = p < 0.001 ? "p<0.001" : String(format: "p=%.3f", p)
        return (significant ? "yes" : "no") + " (\(pText))"
    }

    /// One line each for p99 and throughput: what changed and whether it is significant.
    public func verdict() -> [String] {
        ["latency_p99", "throughput"].compactMap { name in
            guard let row = row(name) else { return nil }
            let label = name == "latency_p99" ? "p99" : "throughput"
            let change = "\(Self.format(row.meanA, row.unit)) → \(Self.format(row.meanB, row.unit))"
                + " (\(Self.formatRelative(row.relativeDifference)))"
            switch row.significant {
            case nil:
                return "\(label): \(change); significance \(Self.singleRunNote)"
            case true?:
                let direction = row.difference < 0 ? "lower" : "higher"
                return "\(label): \(change): \(labelB) is significantly \(direction)"
            case false?:
                return "\(label): \(change): no significant difference"
            }
        }
    }

    /// The side-by-side table, the test used, components only one side has, and the verdict.
    public var text: String {
        var rows = [["metric", labelA, labelB, "Δ", "Δ%", "significant?"]]
        for row in self.rows {
            rows.append([
                row.name, Self.format(row.meanA, row.unit), Self.format(row.meanB, row.unit),
                Self.formatDifference(row.difference, row.unit), Self.formatRelative(row.relativeDifference),
                Self.significance(row),
            ])
        }
        var lines = [Format.table(rows), "", testDescription]
        if !onlyInA.isEmpty { lines.append("only in \(labelA): " + onlyInA.joined(separator: ", ")) }
        if !onlyInB.isEmpty { lines.append("only in \(labelB): " + onlyInB.joined(separator: ", ")) }
        lines.append("")
        lines += verdict()
        return lines.joined(separator: "\n")
    }
}
