import Foundation

extension Explanation {
    /// The bottleneck line: "bottleneck: db.primary — saturates at 412 req/s, 2.1× today's 200 req/s".
    public var bottleneckLine: String {
        guard let bottleneck else { return "bottleneck: none — no resource has any demand" }
        return "bottleneck: \(bottleneck) — saturates at \(Format.number(maxThroughput)) req/s, "
            + "\(Format.number(headroom, digits: 3))× today's \(Format.number(rate)) req/s"
    }

    /// A readable report: one row per resource, the bottleneck line, the notes.
    public var text: String {
        let simulated = runID != nil
        var header = ["resource", "c", "visits", "S", "demand D", "load a", "U pred", "form", "W", "P(wait)", "p99"]
        if simulated { header += ["U sim", "W sim", "Little"] }
        var rows = [header]
        for r in resources {
            let form = r.closedForm
            let mark = form.map { $0.exact || $0.name == "none" ? "" : "~" } ?? ""
            let w: String
            if let form, !form.stable {
                w = "unstable"
            } else {
                w = form?.response.map { Format.duration($0) + mark } ?? (form == nil ? "-" : "no closed form")
            }
            let servers = r.members > 1 ? "\(r.members)×\(r.servers)" : String(r.servers)
            var row = [
                r.name, servers, Format.number(r.visits, digits: 3), Format.duration(r.service),
                Format.duration(r.demand), Format.number(r.offeredLoad, digits: 3), Format.percent(r.utilization),
                form.map { $0.name + mark } ?? "-", w,
                form?.waitProbability.map { Format.percent($0) } ?? "-",
                form?.p99.map { Format.duration($0) + mark } ?? "-",
            ]
            if let blocking = form?.blocking, blocking > 0 { row[6] += " (blocks \(Format.percent(blocking)))" }
            if simulated {
                row.append(r.simulatedUtilization.map { Format.percent($0) } ?? "-")
                row.append(r.simulatedResponse.map { Format.duration($0) } ?? "-")
                row.append(r.simulatedLittleGap.map { "L=λW ±" + Format.percent($0) } ?? "-")
            }
            rows.append(row)
        }
        var lines = ["\(model): \(Format.number(rate)) req/s offered (queueing theory, no simulation)"
            + (runID.map { "; simulated values from run \($0)" } ?? ""), "", Format.table(rows), "", bottleneckLine]
        if !hitRates.isEmpty {
            lines.append("cache hit rates used: " + hitRates.sorted { $0.key < $1.key }
                .map { "\($0.key) \(Format.percent($0.value))" }.joined(separator: ", "))
        }
        lines.append("")
        lines.append("notes:")
        lines.append("  - U pred = λ·S/c of the traffic served (utilization law); W, P(wait) and p99 from the form "
            + "named, per visit (docs/theory.md); ~ marks an approximation: the form's assumptions do not all hold")
        lines.append("  - c shows replicas×cores where each replica is its own queue; its figures are the busiest replica's")
        for note in notes { lines.append("  - " + note) }
        return lines.joined(separator: "\n")
    }
}
