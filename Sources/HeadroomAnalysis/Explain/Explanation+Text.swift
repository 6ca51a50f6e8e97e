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
        var header = ["resource", "c", "visits", "S", "demand D", "load a", "U pred", "M/M/c W"]
        if simulated { header += ["U sim", "W sim"] }
        var rows = [header]
        for r in resources {
            let w = r.mmcResponse.map { Format.duration($0) + (r.mmcExact ? "" : "~") } ?? (r.visits > 0 ? "unstable" : "-")
            var row = [
                r.name, String(r.servers), Format.number(r.visits, digits: 3), Format.duration(r.service),
                Format.duration(r.demand), Format.number(r.offeredLoad, digits: 3), Format.percent(r.utilization), w,
            ]
            if simulated {
                row.append(r.simulatedUtilization.map { Format.percent($0) } ?? "-")
                row.append(r.simulatedResponse.map { Format.duration($0) } ?? "-")
            }
            rows.append(row)
        }
        var lines = ["\(model): \(Format.number(rate)) req/s offered (operational laws, no simulation)"
            + (runID.map { "; simulated values from run \($0)" } ?? ""), "", Format.table(rows), "", bottleneckLine]
        if !hitRates.isEmpty {
            lines.append("cache hit rates used: " + hitRates.sorted { $0.key < $1.key }
                .map { "\($0.key) \(Format.percent($0.value))" }.joined(separator: ", "))
        }
        lines.append("")
        lines.append("notes:")
        lines.append("  - U pred = a/c with a = λ·D (utilization law); ~ marks an M/M/c approximation")
        for note in notes { lines.append("  - " + note) }
        return lines.joined(separator: "\n")
    }
}
