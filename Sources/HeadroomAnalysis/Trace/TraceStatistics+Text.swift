import HeadroomComponents

extension TraceStatistics {
    /// The readable report `headroom trace-stats` prints.
    public var text: String {
        var lines: [String] = []
        let format = format == .csv ? "CSV" : "access log"
        lines.append("trace       \(file) (\(format)): \(Format.count(requests)) requests over \(Format.duration(span)), "
            + "mean rate \(Format.number(meanRate)) /s")
        if badLines > 0 {
            lines.append("            \(Format.count(badLines)) bad line\(badLines == 1 ? "" : "s") not counted"
                + (badLines > problems.count ? " (the first \(problems.count) listed)" : "") + ":")
            for problem in problems { lines.append("              " + problem.description) }
        }
        if reordered > 0 { lines.append("            \(Format.count(reordered)) requests logged out of time order") }
        if let keys { lines.append("keys        " + Self.describe(keys)) }
        if let tenants { lines.append("tenants     " + Self.describe(tenants)) }
        if let sessions { lines.append("sessions    \(Format.count(sessions)) distinct") }
        if !burstiness.isEmpty {
            lines.append("burstiness  index of dispersion of counts per window (1 for Poisson arrivals, above 1 bursty): "
                + burstiness.map { "\(Format.number($0.index, digits: 3)) at \(Format.duration($0.window)) "
                    + "(\($0.windows) windows)" }.joined(separator: " · "))
        }
        lines.append("rate        " + (rateVaries
            ? "varies beyond Poisson noise over \(Format.duration(window)) windows: a synthetic model needs a rate profile"
            : "steady within Poisson noise over \(Format.duration(window)) windows"))
        if let d = durations {
            lines.append("durations   recorded: mean \(Format.duration(d.mean)) · p50 \(Format.duration(d.p50)) · "
                + "p99 \(Format.duration(d.p99))")
        }
        lines.append("")
        var rows = [["class", "requests", "share", "keys", "key zipf", "tenants", "tenant zipf"]]
        for c in classes {
            rows.append([
                c.name, Format.count(c.requests), Format.percent(c.share),
                c.keys.map { Format.count($0.distinct) } ?? "-", c.keys.map { Format.number($0.zipf, digits: 3) } ?? "-",
                c.tenants.map { Format.count($0.distinct) } ?? "-",
                c.tenants.map { Format.number($0.zipf, digits: 3) } ?? "-",
            ])
        }
        lines.append(Format.table(rows))
        lines.append("")
        lines.append("rate over time (\(Format.duration(window)) windows)")
        var rateRows = [["from", "requests", "rate"]]
        for p in rateOverTime {
            rateRows.append([Format.duration(p.offset), Format.count(p.requests), Format.number(p.rate) + "/s"])
        }
        lines.append(Format.table(rateRows))
        return lines.joined(separator: "\n")
    }

    private static func describe(_ p: Popularity) -> String {
        "\(Format.count(p.distinct)) distinct · zipf \(Format.number(p.zipf, digits: 3)) · the most requested "
            + "takes \(Format.percent(p.topShare)) of requests"
    }
}
