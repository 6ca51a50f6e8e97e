import HeadroomComponents

extension TraceStatistics {
    /// Shares are written in units of 1/`shareUnits` (0.01 %), at least one unit each, and sum
    /// to exactly 100 % (largest remainders).
    static let shareUnits = 10_000

    /// The synthetic `traffic:` section equivalent to the trace, for a model file: the mean
    /// rate, a rate profile (multipliers of the mean per window, at the windows' midpoints) when
    /// the rate varies beyond Poisson noise, and each class's share with its keys and tenants
    /// (distinct values seen, fitted Zipf exponent). Flows are the user's to write.
    public var fittedTraffic: String {
        var lines = [
            "# Synthetic traffic fitted from \(file): \(Format.count(requests)) requests over \(Format.duration(span))",
            "# (headroom trace-stats --fit). Keys and tenants: distinct values seen and the fitted Zipf exponent.",
            "traffic:",
            "  rate: \(Self.decimal(meanRate, places: 4))/s",
        ]
        if rateVaries && meanRate > 0 {
            let points = rateOverTime.map { p in
                let middle = p.offset + Swift.min(window, span - p.offset) / 2
                return "[\(Self.decimal(middle, places: 3))s, \(Self.decimal(p.rate / meanRate, places: 4))]"
            }
            lines.append("  profile: { points: [\(points.joined(separator: ", "))] }")
        }
        lines.append("  classes:")
        let shares = Self.apportion(classes.map(\.requests))
        for (c, units) in zip(classes, shares) {
            var parts = ["share: \(Self.decimal(Double(units) / Double(Self.shareUnits), places: 4))"]
            if let k = c.keys { parts.append("keys: { count: \(k.distinct), zipf: \(Self.decimal(k.zipf, places: 3)) }") }
            if let t = c.tenants { parts.append("tenants: { count: \(t.distinct), zipf: \(Self.decimal(t.zipf, places: 3)) }") }
            lines.append("    \(Self.yamlKey(c.name)): { \(parts.joined(separator: ", ")) }")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Integer shares of `shareUnits` proportional to `counts`, each at least 1, summing to
    /// `shareUnits` (largest remainder method).
    static func apportion(_ counts: [Int]) -> [Int] {
        guard !counts.isEmpty else { return [] }
        let total = Double(counts.reduce(0, +))
        let exact = counts.map { Double($0) / total * Double(shareUnits) }
        var units = exact.map { Swift.max(1, Int($0.rounded(.down))) }
        var left = shareUnits - units.reduce(0, +)
        let order = exact.indices.sorted { (exact[$0] - exact[$0].rounded(.down)) > (exact[$1] - exact[$1].rounded(.down)) }
        var i = 0
        while left > 0 {
            units[order[i % order.count]] += 1
            left -= 1
            i += 1
        }
        while left < 0, let largest = units.indices.max(by: { units[$0] < units[$1] }) {
            units[largest] -= 1
            left += 1
        }
        return units
    }

    /// `value` with at most `places` decimals, without trailing zeros (no exponent).
    static func decimal(_ value: Double, places: Int) -> String {
        var text = String(format: "%.\(places)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A class name as a YAML key: quoted unless it is a plain word.
    static func yamlKey(_ name: String) -> String {
        let plain = !name.isEmpty && name.unicodeScalars.allSatisfy {
            ($0.value >= 97 && $0.value <= 122) || ($0.value >= 65 && $0.value <= 90) || ($0.value >= 48 && $0.value <= 57)
                || $0 == "_" || $0 == "-"
        }
        return plain ? name : "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
