import Foundation

extension Calibration {
    /// The fit report: per component what was fitted and how well, the percentile fits, the
    /// demand by load level, what was not fitted and why, then observed against predicted
    /// utilization window by window.
    public var text: String {
        var lines: [String] = []
        lines.append("calibrated \(model) against \(windows) observed windows"
            + (idleWindows > 0 ? " (\(idleWindows) with no throughput left out)" : ""))
        if !hitRates.isEmpty {
            lines.append("model demands with the observed cache hit rates: "
                + hitRates.keys.sorted().map { "\($0) \(Format.percent(hitRates[$0]!))" }.joined(separator: ", "))
        }
        lines.append("")
        var rows = [["component", "kind", "servers", "model D", "fitted D", "±", "× factor", "mean/visit", "windows",
                     "U rmse", "U mape", "R²"]]
        for c in components {
            let u = c.utilization
            rows.append([
                c.target.component, c.target.kind.rawValue, Format.number(c.target.servers),
                Format.duration(c.target.demand), Format.duration(c.demand),
                u.map { Format.percent($0.standardError / max($0.demand, 1e-300)) } ?? "",
                Format.number(c.factor, digits: 4), Format.duration(c.meanService),
                u.map { String($0.windows.count) } ?? "", u.map { Format.percent($0.utilizationRMSE) } ?? "",
                u.map { Format.percent($0.utilizationMAPE) } ?? "", u.flatMap { $0.rSquared.map { Format.number($0, digits: 3) } } ?? "",
            ])
        }
        lines.append(Format.table(rows))
        let services = components.filter { $0.service != nil }
        if !services.isEmpty {
            lines.append("")
            lines.append("service times from percentiles (\(family.rawValue); observed = median over windows):")
            var rows = [["component", "windows", "observed p50", "p99", "written p50", "p99", "p50 error", "p99 error", "shape", "applied"]]
            for c in services {
                let s = c.service!
                rows.append([
                    c.target.component, String(s.windows), Format.duration(s.observedP50), Format.duration(s.observedP99),
                    Format.duration(s.predictedP50), Format.duration(s.predictedP99),
                    Format.signedPercent(s.predictedP50 / s.observedP50 - 1), Format.signedPercent(s.predictedP99 / s.observedP99 - 1),
                    s.fit.sigma.map { "σ " + Format.number($0, digits: 4) } ?? s.fit.shape.map { "k " + Format.number($0, digits: 4) } ?? "",
                    s.applied ? "yes" : "no (scaled)",
                ])
            }
            lines.append(Format.table(rows))
        }
        let levelled = components.filter { !($0.utilization?.levels.isEmpty ?? true) }
        if !levelled.isEmpty {
            lines.append("")
            lines.append("demand by load level (least squares within each throughput band):")
            var rows = [["component", "throughput", "band", "windows", "demand", "vs fitted D"]]
            for c in levelled {
                for level in c.utilization!.levels {
                    rows.append([c.target.component, Format.number(level.throughput) + "/s",
                                 Format.number(level.lowest) + "–" + Format.number(level.highest) + "/s", String(level.windows),
                                 Format.duration(level.demand), Format.signedPercent(level.demand / c.demand - 1)])
                }
            }
            lines.append(Format.table(rows))
        }
        let notes = components.flatMap { c in c.notes.map { "  \(c.target.component): \($0)" } }
        if !notes.isEmpty {
            lines.append("")
            lines.append("notes:")
            lines.append(contentsOf: notes)
        }
        if !skipped.isEmpty {
            lines.append("")
            lines.append("not fitted:")
            lines.append(contentsOf: skipped.map { "  \($0.component): \($0.reason)" })
        }
        let fits = components.filter { $0.utilization != nil }
        if !fits.isEmpty {
            lines.append("")
            lines.append("utilization per window, observed → predicted (D·X/c):")
            var times: [Double] = []
            var throughput: [Double: Double] = [:]
            for c in fits {
                for w in c.utilization!.windows where throughput[w.time] == nil {
                    times.append(w.time)
                    throughput[w.time] = w.throughput
                }
            }
            times.sort()
            var rows = [["time (s)", "throughput"] + fits.map(\.target.component)]
            let byTime = fits.map { c in Dictionary(c.utilization!.windows.map { ($0.time, $0) }) { a, _ in a } }
            for t in times {
                rows.append([String(format: "%.7g", t), Format.number(throughput[t]!) + "/s"] + byTime.map { windows in
                    windows[t].map { Format.percent($0.observed) + " → " + Format.percent($0.predicted) } ?? ""
                })
            }
            lines.append(Format.table(rows))
        }
        return lines.joined(separator: "\n")
    }
}
