import HeadroomAnalysis
import HeadroomComponents

extension ForecastHTMLReport {
    /// The lines at the top of a forecast report: the load at which the SLO stops holding (or
    /// that it holds throughout, or never), what gives first there, and the key that sizes it
    /// with how far relaxing it carries the system (the next bottleneck's saturation).
    func headline() -> String {
        let f = forecast
        let e = HTML.escape
        let axis = f.axis
        let tone: String
        let verdict: String
        switch f.status {
        case .ok:
            tone = "met"
            var text = "Meets the SLO (\(ReportText.slo(f.slo.serviceLevel))) up to \(f.saturation.map(axis.format) ?? "?")"
            if let rate = f.saturationRate, axis.unit != .rate { text += " (\(ValueFormat.rate.label(rate)))" }
            if let lower = f.lower, let upper = f.upper { text += ", 95 % CI \(axis.format(lower)) – \(axis.format(upper))" }
            verdict = text
        case .notReached:
            tone = "met"
            verdict = "Meets the SLO (\(ReportText.slo(f.slo.serviceLevel))) at every load the search tried"
        case .failsAtStart:
            tone = "missed"
            verdict = "Misses the SLO (\(ReportText.slo(f.slo.serviceLevel))) even at a light load"
        }
        var out = "<div class=\"headline \(tone)\" id=\"headline\">\n<p class=\"headline-verdict\">\(e(verdict))</p>\n"
        if let top = f.bottlenecks.first {
            out += "<p class=\"headline-bottleneck\">\(e("Bottleneck at saturation: \(top.resource), \(Format.percent(top.utilization)) busy"))</p>\n"
            if let key = top.busiest?.sizedBy {
                var change = "The change that buys the most: raise \(key)"
                if let next = f.next, next.status == .ok, let saturation = next.saturation {
                    change += "; with ×\(next.factor) of it the SLO holds up to \(axis.format(saturation))"
                    if let who = next.bottlenecks.first { change += ", where \(who.resource) gives next" }
                }
                out += "<p class=\"headline-change\">\(e(change))</p>\n"
            }
        }
        return out + "</div>"
    }
}
