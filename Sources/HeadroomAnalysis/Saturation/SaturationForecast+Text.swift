extension SaturationForecast {
    /// The forecast as `headroom saturate` prints it: the saturation load with its interval,
    /// the operational bound beside it, the top three capacities and the next bottleneck.
    public var text: String {
        var lines: [String] = []
        var objectives: [String] = []
        if let p99 = slo.p99 { objectives.append("p99 ≤ \(Format.duration(p99))") }
        if let errors = slo.errorRate { objectives.append("errors ≤ \(Format.percent(errors))") }
        lines.append("Saturation forecast for \(model): SLO \(objectives.joined(separator: ", "))")
        let base = axis.isLoadFactor ? " (×1 = \(Format.number(baseRate))/s)" : ""
        lines.append("searched along \(axis.name)\(base); \(replications) replications, \(probes.count) runs")
        lines.append("")
        switch status {
        case .ok:
            if let saturation, let lower, let upper {
                let precision = achievedPrecision.map { $0.isFinite ? ", ±" + Format.percent($0) : "" } ?? ""
                var line = "saturation:         \(axis.format(saturation))   95% CI \(axis.format(lower)) – "
                    + "\(axis.format(upper))\(precision)"
                if let rate = saturationRate, axis.unit != .rate {
                    line += "   = \(Format.number(rate))/s"
                }
                lines.append(line)
            }
        case .notReached:
            lines.append("saturation:         not reached: the SLO still held at the highest load tried")
        case .failsAtStart:
            lines.append("saturation:         none: the SLO is missed even at a light load")
        }
        if let bound {
            var line = "operational bound:  \(axis.format(bound.value))"
            if axis.unit != .rate { line += " = \(Format.number(bound.rate))/s" }
            lines.append(line + "   (\(bound.resource) reaches 100 %)")
            if let note = bound.note { lines.append("  note: " + note) }
        }
        if !bottlenecks.isEmpty {
            lines.append("")
            lines.append("at saturation (the first is the bottleneck):")
            // The key that sizes each: what to change to relax it.
            var rows = [["resource", "utilization", "sized by"]]
            for item in bottlenecks {
                rows.append([item.resource, Format.percent(item.utilization), item.busiest?.sizedBy ?? "-"])
            }
            lines.append(Format.table(rows).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }
        if let next {
            lines.append("")
            let key = next.sizedBy.map { " (\($0) ×\(next.factor))" } ?? ""
            let head = "next bottleneck, with \(next.relaxed) ×\(next.factor)\(key):"
            switch next.status {
            case .ok:
                let at = next.saturation.map(axis.format) ?? "?"
                let range = zip(next.lower, next.upper).map { " (95% CI \(axis.format($0.0)) – \(axis.format($0.1)))" } ?? ""
                let who = next.bottlenecks.first.map { "\($0.resource) at \(Format.percent($0.utilization))" } ?? "?"
                // The same resource again: even ten times its servers, it gives first.
                let still = next.bottlenecks.first?.resource == next.relaxed ? "still " : ""
                // What relaxing it buys: the headroom question in one number.
                let gain = zip(next.saturation, saturation).map { "; " + Format.signedPercent($0.0 / $0.1 - 1) + " load" } ?? ""
                lines.append("\(head) \(still)\(who), saturating at \(at)\(range)\(gain)")
            case .notReached:
                lines.append("\(head) none within the search: the SLO held at the highest load tried")
            case .failsAtStart:
                lines.append("\(head) the relaxed model misses the SLO at a light load")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Both values, when both are there.
private func zip(_ a: Double?, _ b: Double?) -> (Double, Double)? {
    guard let a, let b else { return nil }
    return (a, b)
}
