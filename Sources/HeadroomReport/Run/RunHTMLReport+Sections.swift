import HeadroomAnalysis
import HeadroomComponents

extension RunHTMLReport {
    /// The headline figures; with replications, ± the 95 % confidence half-widths.
    func summary(_ r: RunResult) -> String {
        let confidence = runs.count > 1 ? Confidence(runs.map(\.result)) : nil
        func plusMinus(_ i: Confidence.Interval?, _ format: (Double) -> String) -> String {
            i.map { " <small>± \(HTML.escape(format($0.halfWidth)))</small>" } ?? ""
        }
        let e = HTML.escape
        // The verdict, the same as the summary headline, the JSON and the store give.
        let verdict = r.verdict ?? (r.status == .unstable ? .unstable : .ok)
        var status = e(verdict.rawValue)
        switch verdict {
        case .ok: break
        case .sloMissed:
            status = "<span class=\"verdict missed\">SLO missed</span> " + e(r.verdictReason ?? "")
        case .unstable:
            status = "<span class=\"verdict unstable\">unstable</span> "
                + e(r.verdictReason ?? r.statusReason ?? "the system could not keep up")
        }
        var facts: [(String, String)] = [
            ("Model", e(first.modelName)),
            (runs.count > 1 ? "Runs" : "Run", e(label)),
            (runs.count > 1 ? "Seeds" : "Seed", e(runs.count > 1 ? "\(first.seed)–\(runs[runs.count - 1].seed)" : "\(first.seed)")),
            ("Verdict", status),
            ("Simulated", e("\(Format.duration(r.simulatedSeconds)) (warm-up \(Format.duration(r.warmupSeconds)))")),
            ("Events", e(Format.count(r.events))),
            ("Throughput", e(ValueFormat.rate.label(r.throughput)) + plusMinus(confidence?.throughput) { ValueFormat.rate.label($0) }),
            ("Latency mean", e(Format.duration(r.latency.mean)) + plusMinus(confidence?.latencyMean, Format.duration)),
            ("Latency p50", e(Format.duration(r.latency.p50))),
            ("Latency p90", e(Format.duration(r.latency.p90))),
            ("Latency p99", e(Format.duration(r.latency.p99)) + plusMinus(confidence?.latencyP99, Format.duration)),
            ("Latency p99.9", e(Format.duration(r.latency.p999))),
            ("Latency max", e(Format.duration(r.latency.max))),
            ("Completed", e(Format.count(r.requests.completed))),
            ("Errors", e("\(Format.count(r.requests.errors)) (\(Format.percent(ReportText.errorRate(r.requests))))")),
        ]
        let q = r.requests
        if q.errors > 0 {
            facts.append(("Errors by cause", e("rejected \(Format.count(q.rejected)) · timed out \(Format.count(q.timedOut)) · "
                + "pool \(Format.count(q.poolTimedOut)) · failed \(Format.count(q.failed)) · client \(Format.count(q.clientTimedOut))")))
        }
        if q.retries > 0 {
            facts.append(("Retries", e("\(Format.count(q.retries)) (amplification \(Format.number(q.amplification, digits: 3))×)")))
        }
        if r.cost > 0 { facts.append(("Cost", e(Format.number(r.cost, digits: 4)))) }
        facts.append(("SLO", ReportText.verdict(r, slo: spec?.slo)))
        if let recovery = first.result.recovery {
            facts.append(("Recovery", e(Self.recovery(recovery))))
        }
        if !first.result.alerts.isEmpty {
            facts.append(("Alerts fired", e(first.result.alerts.map(\.name).joined(separator: ", "))))
        }
        return HTML.facts(facts)
    }

    /// Recovery figures in one line.
    static func recovery(_ r: Recovery) -> String {
        guard let firstViolation = r.firstViolation else { return "SLO held in every window" }
        var parts = ["\(Format.duration(r.secondsInViolation)) in violation from \(Format.duration(firstViolation))"]
        if r.violatedAtEnd {
            parts.append("still broken at the end")
        } else if let again = r.sloHoldsAgainAt {
            parts.append("holds again at \(Format.duration(again))")
        }
        parts.append("\(Format.count(r.requestsLost)) requests lost")
        parts.append("peak backlog \(Format.count(r.peakBacklog))")
        return parts.joined(separator: " · ")
    }

    /// Bars of utilization per component, with the resources under a component (replicas,
    /// database nodes, shards) when it has several, so that a hot one shows.
    func utilization(_ r: RunResult) -> String {
        var chart = BarChart(
            id: "utilization-chart", title: "Utilization (busy servers over servers, after warm-up)",
            caption: "Green below 70 %, amber to 90 %, red above. Rows under a component are its replicas, nodes or shards.",
            format: .ratio)
        chart.reference = 1
        chart.referenceLabel = "100 %"
        chart.minimumMax = 1
        for c in r.components where c.kind != .loadBalancer {
            chart.bars.append(.init(label: c.name, value: c.utilization, color: Palette.utilization(c.utilization),
                                    note: c.kind.rawValue.replacingOccurrences(of: "_", with: " ")))
            let parts = Self.resourceBars(c)
            chart.bars += parts
        }
        return chart.html()
    }

    /// The resources of `c` worth a bar: when there are several of one kind (cores of each
    /// replica, each database node), at most 12.
    static func resourceBars(_ c: ComponentResult) -> [BarChart.Bar] {
        // App servers list threads and cores per replica: cores carry the CPU load.
        var resources = c.resources
        if c.kind == .appServer {
            let cores = resources.filter { $0.declaration?.role == .cores }
            if !cores.isEmpty { resources = cores }
        }
        guard resources.count > 1 else { return [] }
        return resources.prefix(12).map { res in
            return BarChart.Bar(label: res.declaration?.label ?? res.name, value: res.utilization,
                                color: Palette.utilization(res.utilization), indented: true)
        }
    }

    func alertsTable(_ alerts: [AlertEvent]) -> String {
        let rows = alerts.map { a -> [String] in
            [
                HTML.escape(a.name), "<code>\(HTML.escape(a.scope.isEmpty ? a.metric : "\(a.scope).\(a.metric)"))</code>",
                HTML.escape(RunReport.format(seriesMetric: a.metric, a.threshold)),
                HTML.escape(Format.duration(a.firedAt)),
                HTML.escape(a.resolvedAt.map(Format.duration) ?? "still firing"),
                HTML.escape(RunReport.format(seriesMetric: a.metric, a.peak)),
            ]
        }
        return HTML.table(header: ["alert", "metric", "threshold", "fired at", "resolved at", "peak"], rows: rows,
                          numeric: [2, 3, 4, 5], attributes: [("class", "alerts")])
    }

    func componentsTable(_ r: RunResult) -> String {
        let e = HTML.escape
        let rows = r.components.map { c -> [String] in
            let figures = c.metrics.keys.sorted().map { key in
                "\(key.replacingOccurrences(of: "_", with: " ")) \(RunReport.format(c.metrics[key]!, unit: c.kind.unit(ofMetric: key)))"
            }.joined(separator: " · ")
            return [
                e(c.name), e(c.kind.rawValue.replacingOccurrences(of: "_", with: " ")), e(String(c.servers)),
                e(Format.percent(c.utilization)), e(Format.number(c.meanQueue, digits: 3)), e(Format.count(c.maxQueue)),
                e(ValueFormat.rate.label(c.throughput)), e(Format.duration(c.meanWait)), e(Format.duration(c.meanResponse)),
                e(figures),
            ]
        }
        return HTML.table(
            header: ["component", "type", "servers", "util", "mean queue", "max queue", "throughput", "mean wait",
                     "mean response", "own metrics"],
            rows: rows, numeric: [2, 3, 4, 5, 6, 7, 8], attributes: [("class", "components")])
    }

    func classesTable(_ r: RunResult) -> String {
        let e = HTML.escape
        let rows = r.classes.map { c -> [String] in
            [
                e(c.name), e(Format.count(c.requests.completed)), e(ValueFormat.rate.label(c.throughput)),
                e(Format.duration(c.latency.mean)), e(Format.duration(c.latency.p50)), e(Format.duration(c.latency.p99)),
                e(Format.count(c.requests.errors)),
            ]
        }
        return HTML.table(header: ["class", "completed", "throughput", "mean", "p50", "p99", "errors"], rows: rows,
                          numeric: [1, 2, 3, 4, 5, 6], attributes: [("class", "classes")])
    }
}
