import Foundation
import HeadroomAnalysis
import HeadroomComponents

/// Pieces of HTML that every kind of report uses: the topology section, the model text,
/// timestamps and the SLO verdict.
enum ReportText {
    /// `2025-06-15 15:06:40`, in UTC (fixed, so the same store gives the same page anywhere).
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
                      c.minute ?? 0, c.second ?? 0)
    }

    /// The topology section's body: the diagram, or why there is none.
    static func topology(_ spec: SimulationSpec?, problem: String?, utilization: [String: Double] = [:]) -> String {
        guard let spec else {
            return "<p class=\"note\">No diagram: \(HTML.escape(problem ?? "the model is not available")).</p>"
        }
        let diagram = TopologyDiagram(topology: Topology(spec: spec), utilization: utilization)
        var note = "Boxes are components (type and size), arrows the calls the flows make; dashed arrows are jobs "
            + "put on a queue."
        if !utilization.isEmpty { note += " The strip along a box's bottom is its utilization." }
        return "<figure class=\"topology\">\n" + diagram.svg() + "\n</figure>\n<p class=\"note\">\(HTML.escape(note))</p>"
    }

    /// The model text, folded away (a `<details>` opens without scripts).
    static func model(text: String, file: String, overrides: [String]) -> String {
        var out = "<p>File <code>\(HTML.escape(file))</code>"
        if !overrides.isEmpty {
            out += " with " + overrides.map { "<code>--set \(HTML.escape($0))</code>" }.joined(separator: " ")
        }
        out += ".</p>\n<details><summary>Model text as stored</summary>\n<pre>\(HTML.escape(text))</pre>\n</details>"
        return out
    }

    /// The SLO as written: `p99 ≤ 500ms, errors ≤ 1%`.
    static func slo(_ slo: ServiceLevel) -> String {
        var parts: [String] = []
        if let p99 = slo.p99 { parts.append("p99 ≤ " + Format.duration(p99)) }
        if let errors = slo.errorRate { parts.append("errors ≤ " + Format.percent(errors)) }
        return parts.joined(separator: ", ")
    }

    /// Share of finished requests that ended in an error, as the SLO judges it: errors over
    /// completed plus errors (0 when nothing finished).
    static func errorRate(_ requests: RequestCounts) -> Double {
        let finished = requests.completed + requests.errors
        return finished > 0 ? Double(requests.errors) / Double(finished) : 0
    }

    /// Whether `result` meets `slo` over the whole run, as a badge and the reasons.
    static func verdict(_ result: RunResult, slo: ServiceLevel?) -> String {
        guard let slo, slo.p99 != nil || slo.errorRate != nil else {
            return "<span class=\"verdict none\">no SLO in the model</span>"
        }
        var misses: [String] = []
        if result.status == .unstable { misses.append("the run was unstable") }
        if let bound = slo.p99, !(result.latency.p99 <= bound) {
            misses.append("p99 \(Format.duration(result.latency.p99)) > \(Format.duration(bound))")
        }
        let rate = errorRate(result.requests)
        if let bound = slo.errorRate, rate > bound {
            misses.append("errors \(Format.percent(rate)) > \(Format.percent(bound))")
        }
        let head = misses.isEmpty ? "<span class=\"verdict met\">met</span>" : "<span class=\"verdict missed\">missed</span>"
        return head + " " + HTML.escape(misses.isEmpty ? "(\(self.slo(slo)))" : misses.joined(separator: "; "))
    }
}
