import HeadroomAnalysis
import HeadroomComponents

extension SweepHTMLReport {
    /// The whole page.
    public func html() -> String {
        let r = sweep.record
        var page = ReportPage(
            kind: "sweep", title: "\(r.modelName) — sweep \(sweep.id)",
            subtitle: "<code>\(HTML.escape(r.modelFile))</code> · "
                + HTML.escape(axes.map { "\($0.path) = \($0.values.joined(separator: ", "))" }.joined(separator: " × ")),
            footer: "Made by <code>headroom report sweep \(sweep.id)</code> from the run store; sweep created "
                + "\(HTML.escape(ReportText.timestamp(r.createdAt))) UTC.")
        let xs = xValues()
        let headline = headline(xs.values, format: xs.format)
        if !headline.isEmpty { page.headline = headline }
        page.sections.append(.init(id: "summary", title: "Summary", body: summary(xs.values, format: xs.format)))
        if points.isEmpty {
            page.sections.append(.init(id: "points", title: "Points", body: "<p class=\"note\">No point has finished yet.</p>"))
        } else {
            page.sections.append(.init(id: "latency-vs-load", title: "Latency against \(xs.label)",
                                       body: latencyChart(xs.values, format: xs.format, label: xs.label)))
            page.sections.append(.init(id: "throughput-vs-load", title: "Throughput against \(xs.label)",
                                       body: throughputChart(xs.values, format: xs.format, label: xs.label)))
            page.sections.append(.init(id: "utilization-vs-load", title: "Utilization against \(xs.label)",
                                       body: utilizationCharts(xs.values, format: xs.format, label: xs.label)))
            page.sections.append(.init(id: "points", title: "Points", body: pointsTable()))
        }
        page.sections.append(.init(id: "topology", title: "Topology", body: ReportText.topology(spec, problem: specProblem)))
        page.sections.append(.init(id: "model", title: "Model",
                                   body: ReportText.model(text: r.modelText, file: r.modelFile, overrides: r.baseOverrides)))
        return page.html()
    }

    func summary(_ xs: [Double], format: ValueFormat) -> String {
        let r = sweep.record
        let e = HTML.escape
        var facts: [(String, String)] = [
            ("Model", e(r.modelName)),
            ("Sweep", e("\(sweep.id) (\(sweep.status))")),
            ("Points", e("\(points.count) of \(r.points) finished")),
            ("Replications per point", e(r.replications == 1 ? "1 (seed \(r.seed))"
                : "\(r.replications) (seeds \(r.seed)–\(r.seed &+ UInt64(r.replications - 1)))")),
        ]
        for axis in axes { facts.append(("Axis " + axis.path, e(axis.values.joined(separator: ", ")))) }
        if !r.baseOverrides.isEmpty {
            facts.append(("Base overrides", r.baseOverrides.map { "<code>\(e($0))</code>" }.joined()))
        }
        facts.append(("SLO", e(spec?.slo.map(ReportText.slo) ?? "none in the model")))
        let knees = self.knees(xs)
        let groupLabels = groups(xs).map(\.label)
        let kneeText = groupLabels.map { group -> String in
            let prefix = group.isEmpty ? "" : "\(group): "
            guard let knee = knees.first(where: { $0.group == group }) else {
                return prefix + (spec?.slo?.p99 != nil ? "p99 meets the SLO at every point" : "no clear knee")
            }
            let at = format.label(xs[knee.point])
            switch knee.method {
            case .sloBreach:
                return prefix + "p99 \(Format.duration(points[knee.point].result.latency.p99)) exceeds the SLO at \(at)"
            case .maximumCurvature:
                return prefix + "latency turns up at \(at) (maximum curvature)"
            }
        }
        let verdict = kneeText.isEmpty ? "no points" : kneeText.joined(separator: "; ")
        facts.append(("Knee", e(verdict)))
        if let best = points.indices.max(by: { points[$0].result.throughput < points[$1].result.throughput }) {
            facts.append(("Highest throughput", e("\(ValueFormat.rate.label(points[best].result.throughput)) at \(format.label(xs[best]))")))
        }
        let unstable = points.filter { $0.result.status == .unstable }.count
        if unstable > 0 { facts.append(("Unstable points", e("\(unstable) (drawn hollow)"))) }
        let tops = groups(xs).compactMap { group -> String? in
            // Members are sorted along x: the last is the highest value.
            guard let last = group.members.last,
                  let top = points[last].result.resourceLoads.max(by: { $0.utilization < $1.utilization })
            else { return nil }
            return "\(top.name) \(Format.percent(top.utilization))" + (group.label.isEmpty ? "" : " (\(group.label))")
        }
        if !tops.isEmpty { facts.append(("Most utilized at the highest value", e(tops.joined(separator: "; ")))) }
        return HTML.facts(facts)
    }

    /// Mean and p99 per group, the SLO line, the knee; points of unstable runs hollow. Values
    /// far above the stable ones (an unstable run's p99) are left off the scale so that the
    /// curve below stays readable.
    func latencyChart(_ xs: [Double], format: ValueFormat, label: String) -> String {
        var chart = LineChart(
            id: "chart-latency", title: "Response time: p99 (solid) and mean (dashed)",
            x: .init(label: label, format: format, includeZero: false), y: .init(label: "response time", format: .seconds, scale: .automatic))
        let groups = self.groups(xs)
        let slo = spec?.slo?.p99
        for (g, group) in groups.enumerated() {
            let color = Palette.color(g)
            let hollow = Set(group.members.enumerated().filter { points[$0.element].result.status == .unstable }.map(\.offset))
            let suffix = group.label.isEmpty ? "" : " · \(group.label)"
            chart.series.append(.init(name: "p99" + suffix, points: group.members.map { (xs[$0], points[$0].result.latency.p99) },
                                      color: color, showPoints: true, hollow: hollow))
            chart.series.append(.init(name: "mean" + suffix, points: group.members.map { (xs[$0], points[$0].result.latency.mean) },
                                      color: color, dashed: true, showPoints: true, hollow: hollow))
        }
        if let slo { chart.thresholds.append(.init(value: slo, label: "SLO p99 \(Format.duration(slo))", kind: "slo")) }
        let stable = points.filter { $0.result.status == .ok }.map(\.result.latency.p99).filter(\.isFinite)
        let reference = max(stable.max() ?? 0, slo ?? 0)
        if reference > 0, points.contains(where: { $0.result.status == .unstable && $0.result.latency.p99 > 2 * reference }) {
            chart.y.max = reference * 1.25
            chart.y.min = 0
            chart.caption = "Unstable points (hollow) above \(Format.duration(reference * 1.25)) run off the top."
        }
        let knees = self.knees(xs)
        for knee in knees {
            let p = points[knee.point]
            let what = knee.method == .sloBreach ? "knee: p99 > SLO" : "knee"
            chart.highlights.append(.init(x: xs[knee.point], y: p.result.latency.p99,
                                          label: knee.group.isEmpty ? what : "\(what) (\(knee.group))", kind: "knee"))
        }
        if knees.count == 1, let knee = knees.first {
            chart.markers.append(.init(x: xs[knee.point], label: format.label(xs[knee.point]), kind: "knee"))
        }
        chart.width = 1120
        chart.plotHeight = 300
        return chart.html()
    }

    func throughputChart(_ xs: [Double], format: ValueFormat, label: String) -> String {
        var chart = LineChart(
            id: "chart-throughput", title: "Throughput (completed requests per second)",
            x: .init(label: label, format: format, includeZero: false), y: .init(label: "requests per second", format: .rate))
        let groups = self.groups(xs)
        for (g, group) in groups.enumerated() {
            chart.series.append(.init(name: group.label.isEmpty ? "throughput" : group.label,
                                      points: group.members.map { (xs[$0], points[$0].result.throughput) },
                                      color: Palette.color(g), showPoints: true))
        }
        if let axis = xAxis, axis.path == "traffic.rate", case .rate = format {
            let sorted = xs.sorted()
            if let lo = sorted.first, let hi = sorted.last {
                chart.series.append(.init(name: "offered", points: [(lo, lo), (hi, hi)], color: "#9aa5b1", dashed: true, showPoints: false))
            }
        }
        for knee in knees(xs) where groups.count == 1 {
            chart.markers.append(.init(x: xs[knee.point], label: "knee", kind: "knee"))
        }
        chart.width = 1120
        chart.plotHeight = 240
        return chart.html()
    }

    /// One chart per group (at most six): each component's utilization.
    func utilizationCharts(_ xs: [Double], format: ValueFormat, label: String) -> String {
        let groups = self.groups(xs)
        let knees = self.knees(xs)
        var figures: [String] = []
        for (g, group) in groups.prefix(6).enumerated() {
            var chart = LineChart(
                id: "chart-utilization-\(g + 1)", title: group.label.isEmpty ? "Utilization per component" : "Utilization · \(group.label)",
                x: .init(label: label, format: format, includeZero: false),
                y: .init(label: "busy / servers", format: .ratio, min: 0, max: 1))
            // Each group of resources by its busiest member: a hot shard shows as itself.
            let names = points[group.members[0]].result.resourceLoads.map(\.name)
            for name in names {
                chart.series.append(.init(name: name, points: group.members.map { i in
                    (xs[i], points[i].result.resourceLoads.first { $0.name == name }?.utilization ?? .nan)
                }, showPoints: true))
            }
            for knee in knees where knee.group == group.label {
                chart.markers.append(.init(x: xs[knee.point], label: "knee", kind: "knee"))
            }
            if groups.count == 1 {
                chart.width = 1120
                chart.plotHeight = 240
            }
            figures.append(chart.html())
        }
        var out = groups.count == 1 ? figures.joined() : "<div class=\"charts\">\n" + figures.joined(separator: "\n") + "\n</div>"
        if groups.count > 6 { out += "<p class=\"note\">The first six of \(groups.count) combinations are drawn.</p>" }
        return out
    }

    func pointsTable() -> String {
        let e = HTML.escape
        let rows = points.map { p -> [String] in
            let top = p.result.resourceLoads.max { $0.utilization < $1.utilization }
            return [e(String(p.index + 1))]
                + axes.map { e(AxisValue.value(of: $0.path, in: p.overrides) ?? "") }
                + [
                    e(p.result.status.rawValue), e(ValueFormat.rate.label(p.result.throughput)),
                    e(Format.duration(p.result.latency.mean)), e(Format.duration(p.result.latency.p99)),
                    e(Format.percent(ReportText.errorRate(p.result.requests))),
                    e(top.map { "\($0.name) \(Format.percent($0.utilization))" } ?? "–"),
                    e(p.runIDs.count == 1 ? String(p.runIDs[0]) : "\(p.runIDs[0])–\(p.runIDs[p.runIDs.count - 1])"),
                ]
        }
        let numericStart = 1 + axes.count
        return HTML.table(
            header: ["point"] + axes.map { e($0.path) } + ["status", "throughput", "mean", "p99", "errors", "most utilized", "runs"],
            rows: rows, numeric: Set([0] + Array(1..<numericStart) + [numericStart + 1, numericStart + 2, numericStart + 3, numericStart + 4]),
            attributes: [("class", "points")])
    }
}
