import HeadroomAnalysis
import HeadroomComponents

extension SweepHTMLReport {
    /// The lines at the top of a sweep report: how far along the swept axis the SLO holds (per
    /// combination of the other axes), what gives first where it stops holding, and the key
    /// that sizes it — the change that buys the most there. Without an SLO: where latency
    /// turns up instead.
    func headline(_ xs: [Double], format: ValueFormat) -> String {
        guard !points.isEmpty else { return "" }
        let slo = spec?.slo
        let hasSLO = slo.map { $0.p99 != nil || $0.errorRate != nil } ?? false
        func meets(_ index: Int) -> Bool {
            let r = points[index].result
            guard r.status == .ok, let slo else { return r.status == .ok }
            if let p99 = slo.p99, !(r.latency.p99 <= p99) { return false }
            if let errors = slo.errorRate, ReportText.errorRate(r.requests) > errors { return false }
            return true
        }
        var verdicts: [String] = []
        var firstMiss: Int?
        var tone = "met"
        for group in groups(xs) {
            let prefix = group.label.isEmpty ? "" : "\(group.label): "
            // Members are sorted along x.
            let missIndex = group.members.firstIndex { !meets($0) }
            if let missIndex {
                let miss = group.members[missIndex]
                if firstMiss == nil { firstMiss = miss }
                tone = "missed"
                if missIndex == 0 {
                    verdicts.append(prefix + "misses it from the first point, \(format.label(xs[miss]))")
                } else {
                    verdicts.append(prefix + "meets it up to \(format.label(xs[group.members[missIndex - 1]])), "
                        + "misses it at \(format.label(xs[miss]))")
                }
            } else if let last = group.members.last {
                verdicts.append(prefix + "meets it at every point, up to \(format.label(xs[last]))")
            }
        }
        let e = HTML.escape
        let verdict = hasSLO
            ? "The SLO (\(slo.map(ReportText.slo) ?? "")): " + verdicts.joined(separator: "; ")
            : "No SLO in the model: " + verdicts.map { $0.replacingOccurrences(of: "meets it", with: "stable") }
                .joined(separator: "; ")
        if !hasSLO { tone = "none" }
        var out = "<div class=\"headline \(tone)\" id=\"headline\">\n<p class=\"headline-verdict\">\(e(verdict))</p>\n"
        // What gives first: the busiest group where the SLO first fails, else at the last point.
        let at = firstMiss ?? points.indices.max { xs[$0] < xs[$1] } ?? 0
        if let top = RunHeadline.bottleneck(points[at].result.resourceLoads) {
            out += "<p class=\"headline-bottleneck\">\(e("Bottleneck at \(format.label(xs[at])): \(top.name), \(Format.percent(top.utilization)) busy"))</p>\n"
            // A saturated resource hides how much work waited: its size is then a lower bound.
            let bound = top.utilization >= RunHeadline.saturated ? "at least " : ""
            let needed = Swift.max(top.servers + 1, Int((Double(top.servers) * top.utilization / RunHeadline.target).rounded(.up)))
            let change = top.utilization >= RunHeadline.target
                ? "The change that buys the most: raise \(top.busiest.sizedBy) (now \(top.servers)); the utilization law "
                    + "puts it at \(Format.percent(RunHeadline.target)) with \(bound)\(needed) there"
                : "No resource is above \(Format.percent(RunHeadline.target)) busy there: more servers will not help"
            out += "<p class=\"headline-change\">\(e(change))</p>\n"
        }
        return out + "</div>"
    }
}
