import HeadroomAnalysis
import HeadroomComponents

extension ForecastHTMLReport {
    func summary() -> String {
        let f = forecast
        let e = HTML.escape
        let axis = f.axis
        func withRate(_ value: Double, rate: Double?) -> String {
            guard let rate, axis.unit != .rate else { return axis.format(value) }
            return "\(axis.format(value)) = \(ValueFormat.rate.label(rate))"
        }
        var facts: [(String, String)] = [
            ("Model", e(stored.modelName)),
            ("Forecast", e(String(stored.id))),
            ("Axis", e(axis.isLoadFactor ? "all traffic × a factor (×1 = \(ValueFormat.rate.label(f.baseRate)))" : axis.name)),
            ("SLO", e(ReportText.slo(f.slo.serviceLevel))),
        ]
        switch f.status {
        case .ok:
            var text = f.saturation.map { withRate($0, rate: f.saturationRate) } ?? "?"
            if let lower = f.lower, let upper = f.upper { text += " (95 % CI \(axis.format(lower)) – \(axis.format(upper)))" }
            facts.append(("Saturation", "<span class=\"verdict met\">found</span> " + e(text)))
        case .notReached:
            facts.append(("Saturation", "<span class=\"verdict none\">not reached</span> "
                + e("the SLO still held at the highest load tried")))
        case .failsAtStart:
            facts.append(("Saturation", "<span class=\"verdict missed\">none</span> " + e("the SLO is missed even at a light load")))
        }
        if !f.bottlenecks.isEmpty {
            facts.append(("Bottlenecks at saturation",
                          e(f.bottlenecks.prefix(3).map { "\($0.resource) \(Format.percent($0.utilization))" }.joined(separator: " · "))))
        }
        if let next = f.next {
            let text: String
            switch next.status {
            case .ok:
                let who = next.bottlenecks.first.map { "\($0.resource) (\(Format.percent($0.utilization)))" } ?? "?"
                text = "with \(next.relaxed) ×\(next.factor): \(who) at \(next.saturation.map(axis.format) ?? "?")"
            case .notReached: text = "with \(next.relaxed) ×\(next.factor): none within the search"
            case .failsAtStart: text = "with \(next.relaxed) ×\(next.factor): the SLO is missed at a light load"
            }
            facts.append(("Next bottleneck", e(text)))
        }
        if let bound = f.bound {
            facts.append(("Operational bound", e("\(withRate(bound.value, rate: bound.rate)) (\(bound.resource) reaches 100 %)")))
        }
        var runs = "\(f.replications) replications, \(f.probes.count) runs"
        if let precision = f.achievedPrecision, precision.isFinite { runs += ", ± \(Format.percent(precision))" }
        facts.append(("Search", e(runs)))
        return HTML.facts(facts)
    }

    /// The probes of some roles, one line per replication, each sorted by load.
    func lines(_ roles: Set<SaturationForecast.Probe.Role>, _ value: (SaturationForecast.Probe) -> Double,
               name: (Int) -> String, dashed: Bool = false) -> [LineChart.Series] {
        let probes = forecast.probes.filter { roles.contains($0.role) }
        let replications = Array(Set(probes.map(\.replication))).sorted()
        return replications.map { r in
            let mine = probes.filter { $0.replication == r }.sorted { $0.value < $1.value }
            let hollow = Set(mine.enumerated().filter { $0.element.status == .unstable }.map(\.offset))
            return LineChart.Series(name: name(r), points: mine.map { ($0.value, value($0)) },
                                    color: Palette.color(r), dashed: dashed,
                                    showPoints: true, hollow: hollow)
        }
    }

    /// The saturation point, its interval and the bound, on a chart of the load.
    func markSaturation(_ chart: inout LineChart) {
        let f = forecast
        if let lower = f.lower, let upper = f.upper, upper > lower {
            chart.bands.append(.init(from: lower, to: upper, label: "95 % CI", kind: .interval))
        }
        if let saturation = f.saturation {
            chart.markers.append(.init(x: saturation, label: "saturation \(f.axis.format(saturation))", kind: "saturation"))
        }
        if let bound = f.bound {
            chart.markers.append(.init(x: bound.value, label: "bound \(f.axis.format(bound.value))", kind: "bound"))
        }
    }

    /// p99 against the load for the search (and, when there is one, for the search with the
    /// bottleneck relaxed), the SLO line and the saturation point.
    func latencyChart() -> String {
        var chart = LineChart(
            id: "chart-forecast-latency", title: "p99 of each run of the search",
            caption: "One line per replication; the light-load runs that measure the demands are the first points.",
            x: .init(label: axisLabel, format: axisFormat, includeZero: false), y: .init(label: "p99 response time", format: .seconds, scale: .automatic))
        chart.series = lines([.light, .search], \.p99, name: { "replication \($0 + 1)" })
        capLatency(&chart, probes: forecast.probes.filter { $0.role != .relaxed })
        markSaturation(&chart)
        if let saturation = forecast.saturation, let p99 = forecast.slo.p99 {
            chart.highlights.append(.init(x: saturation, y: p99, label: "saturation", kind: "saturation"))
        }
        chart.width = 1120
        chart.plotHeight = 300
        var out = chart.html()
        if let next = forecast.next, forecast.probes.contains(where: { $0.role == .relaxed }) {
            var relaxed = LineChart(
                id: "chart-forecast-next", title: "p99 with \(next.relaxed) ×\(next.factor): the next bottleneck",
                caption: "The search repeated with the first bottleneck given \(next.factor) times its servers.",
                x: .init(label: axisLabel, format: axisFormat, includeZero: false),
                y: .init(label: "p99 response time", format: .seconds, scale: .automatic))
            relaxed.series = lines([.relaxed], \.p99, name: { "replication \($0 + 1)" })
            capLatency(&relaxed, probes: forecast.probes.filter { $0.role == .relaxed })
            if let lower = next.lower, let upper = next.upper, upper > lower {
                relaxed.bands.append(.init(from: lower, to: upper, label: "95 % CI", kind: .interval))
            }
            if let saturation = next.saturation {
                let who = next.bottlenecks.first.map { " (\($0.resource))" } ?? ""
                relaxed.markers.append(.init(x: saturation, label: "saturation \(forecast.axis.format(saturation))\(who)",
                                             kind: "saturation"))
            }
            relaxed.width = 1120
            relaxed.plotHeight = 220
            out += "\n" + relaxed.html()
        }
        return out
    }

    /// The SLO line; runs far past saturation have p99s that would flatten everything below
    /// the SLO on a linear axis, so the axis turns logarithmic when they do: every run stays on
    /// the chart (a capped axis let their lines run off the top).
    func capLatency(_ chart: inout LineChart, probes: [SaturationForecast.Probe]) {
        guard let p99 = forecast.slo.p99 else { return }
        chart.thresholds.append(.init(value: p99, label: "SLO p99 \(Format.duration(p99))", kind: "slo"))
        if probes.contains(where: { $0.p99 > 4 * p99 }) {
            chart.y.scale = .log
            chart.y.includeZero = false
        }
    }

    func errorsChart() -> String {
        var chart = LineChart(
            id: "chart-forecast-errors", title: "Error rate of each run of the search",
            x: .init(label: axisLabel, format: axisFormat, includeZero: false), y: .init(label: "errors / finished", format: .ratio))
        chart.series = lines([.light, .search], \.errorRate, name: { "replication \($0 + 1)" })
        if let errors = forecast.slo.errorRate {
            chart.thresholds.append(.init(value: errors, label: "SLO errors \(Format.percent(errors))", kind: "slo"))
        }
        markSaturation(&chart)
        chart.width = 1120
        return chart.html()
    }

    func throughputChart() -> String {
        var chart = LineChart(
            id: "chart-forecast-throughput", title: "Throughput of each run of the search",
            x: .init(label: axisLabel, format: axisFormat, includeZero: false), y: .init(label: "requests per second", format: .rate))
        chart.series = lines([.light, .search], \.throughput, name: { "replication \($0 + 1)" })
        markSaturation(&chart)
        chart.width = 1120
        chart.plotHeight = 240
        return chart.html()
    }

    /// Utilization of the top three capacities at saturation, and every capacity's demand.
    func bottlenecks() -> String {
        var out = ""
        if !forecast.bottlenecks.isEmpty {
            var chart = BarChart(id: "chart-bottlenecks", title: "Utilization at saturation (the first is the bottleneck)",
                                 format: .ratio)
            chart.reference = 1
            chart.referenceLabel = "100 %"
            chart.minimumMax = 1
            chart.bars = forecast.bottlenecks.map { .init(label: $0.resource, value: $0.utilization, color: Palette.utilization($0.utilization)) }
            out += chart.html() + "\n"
        }
        if let bound = forecast.bound, !bound.demands.isEmpty {
            let e = HTML.escape
            let rows = bound.demands.map { d -> [String] in
                [e(d.resource), e(String(d.servers)), e(Format.duration(d.demand)), e(Format.percent(d.lightUtilization)),
                 e(d.saturatesAt.map(forecast.axis.format) ?? "–")]
            }
            out += "<h3>Service demands (operational laws, from the light-load runs)</h3>\n"
            out += HTML.table(header: ["capacity", "servers", "demand per request", "utilization at light load", "alone saturates at"],
                              rows: rows, numeric: [1, 2, 3, 4], attributes: [("class", "demands")])
        }
        return out.isEmpty ? "<p class=\"note\">The search found no bottleneck.</p>" : out
    }

    func probesTable() -> String {
        let e = HTML.escape
        let axis = forecast.axis
        let rows = forecast.probes.map { p -> [String] in
            [e(p.role.rawValue), e(String(p.replication + 1)), e(axis.format(p.value)), e(p.meets ? "yes" : "no"),
             e(p.status.rawValue), e(ValueFormat.rate.label(p.throughput)), e(Format.duration(p.p99)),
             e(Format.percent(p.errorRate))]
        }
        let table = HTML.table(header: ["role", "replication", "load", "meets SLO", "status", "throughput", "p99", "errors"],
                               rows: rows, numeric: [1, 2, 5, 6, 7], attributes: [("class", "probes")])
        return "<details><summary>\(forecast.probes.count) runs, in the order the search made them</summary>\n\(table)\n</details>"
    }
}
