import HeadroomAnalysis
import HeadroomComponents

extension RunHTMLReport {
    /// One chart of the series: which (scope, metric) pairs it draws and how.
    struct SeriesChartSpec {
        var id: String
        var title: String
        var yLabel: String
        var format: ValueFormat
        /// Fixed top of the y axis (1 for ratios), else fitted.
        var yMax: Double?
        /// The series drawn: (scope, metric, legend name, dashed).
        var lines: [(scope: String, metric: String, name: String, dashed: Bool)]
        /// Reference lines besides the alerts' thresholds (the SLO).
        var thresholds: [LineChart.Threshold] = []
        /// The y axis: latencies go logarithmic when they span decades.
        var scale: LineChart.Scale = .linear
        /// Drawn only when some value is above zero (errors).
        var onlyIfNonZero = false
        /// Drawn only when some series changes over the run (replicas without autoscaling do not).
        var onlyIfVarying = false
    }

    /// The charts of the first run's series that it has data for, each as a `<figure>`.
    func seriesCharts() -> [String] {
        let result = first.result
        guard !result.series.isEmpty else { return [] }
        var points: [String: [(x: Double, y: Double)]] = [:]
        var order: [(scope: String, metric: String)] = []
        for p in result.series {
            let key = p.scope + "\u{1F}" + p.metric
            if points[key] == nil { order.append((p.scope, p.metric)) }
            points[key, default: []].append((p.time, p.value))
        }
        func line(_ scope: String, _ metric: String) -> [(x: Double, y: Double)]? { points[scope + "\u{1F}" + metric] }

        let kinds = Dictionary(result.components.map { ($0.name, $0.kind) }, uniquingKeysWith: { a, _ in a })
        let components = order.map(\.scope).filter { !$0.isEmpty }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        func componentLines(_ metrics: [String], label: (String, String) -> String) -> [(String, String, String, Bool)] {
            components.flatMap { scope in
                metrics.compactMap { metric in line(scope, metric) == nil ? nil : (scope, metric, label(scope, metric), false) }
            }
        }
        let slo = spec?.slo
        var specs: [SeriesChartSpec] = [
            SeriesChartSpec(
                id: "series-throughput", title: "Throughput", yLabel: "requests per second", format: .rate,
                lines: [("", "throughput", "completed", false), ("", "arrival_rate", "arrivals", true)]),
            SeriesChartSpec(
                id: "series-latency", title: "Response time p99", yLabel: "response time", format: .seconds,
                lines: [("", "latency_p99", "p99", false), ("", "latency_p50", "p50", true)],
                thresholds: slo?.p99.map { [LineChart.Threshold(value: $0, label: "SLO p99 \(Format.duration($0))", kind: "slo")] } ?? [],
                scale: .automatic),
            SeriesChartSpec(
                id: "series-errors", title: "Error rate", yLabel: "errors / finished", format: .ratio,
                lines: [("", "error_rate", "error rate", false)],
                thresholds: slo?.errorRate.map { [LineChart.Threshold(value: $0, label: "SLO errors \(Format.percent($0))", kind: "slo")] } ?? [],
                onlyIfNonZero: true),
            SeriesChartSpec(
                id: "series-utilization", title: "Utilization", yLabel: "busy / servers", format: .ratio, yMax: 1,
                lines: componentLines(["utilization"]) { scope, _ in scope }),
            SeriesChartSpec(
                id: "series-queue", title: "Queue depth", yLabel: "requests or jobs waiting", format: .plain,
                lines: componentLines(["queue", "backlog", "depth", "waiting"]) { scope, metric in
                    kinds[scope] == .pool ? "\(scope) waiting" : metric == "queue" ? scope : "\(scope) \(metric)"
                },
                onlyIfNonZero: true),
            SeriesChartSpec(
                id: "series-pool", title: "Connection pool usage", yLabel: "connections in use / size", format: .ratio,
                yMax: 1, lines: componentLines(["usage"]) { scope, _ in scope }),
            SeriesChartSpec(
                id: "series-cache", title: "Cache hit rate", yLabel: "hits / lookups", format: .ratio, yMax: 1,
                lines: componentLines(["hit_rate"]) { scope, _ in scope }),
            SeriesChartSpec(
                id: "series-in-system", title: "Requests in the system", yLabel: "requests", format: .plain,
                lines: [("", "in_system", "in system", false)], onlyIfNonZero: true),
            SeriesChartSpec(
                id: "series-capacity", title: "Capacity (autoscaling, timeline)", yLabel: "replicas or workers", format: .plain,
                lines: componentLines(["replicas", "in_rotation", "workers"]) { scope, metric in "\(scope) \(metric.replacingOccurrences(of: "_", with: " "))" },
                onlyIfVarying: true),
        ]
        specs = specs.map { spec in
            var spec = spec
            spec.lines = spec.lines.filter { line($0.scope, $0.metric) != nil }
            return spec
        }

        var bands: [LineChart.Band] = []
        if result.warmupSeconds > 0 {
            bands.append(.init(from: 0, to: result.warmupSeconds, label: "warm-up", kind: .warmup))
        }
        for alert in result.alerts {
            bands.append(.init(from: alert.firedAt, to: alert.resolvedAt ?? result.simulatedSeconds, label: alert.name, kind: .alert))
        }

        var out: [String] = []
        for chartSpec in specs where !chartSpec.lines.isEmpty {
            let data = chartSpec.lines.map { line($0.scope, $0.metric)! }
            let values = data.flatMap { $0.map(\.y) }.filter(\.isFinite)
            if chartSpec.onlyIfNonZero && !values.contains(where: { $0 > 0 }) { continue }
            if chartSpec.onlyIfVarying && !data.contains(where: { Set($0.map(\.y)).count > 1 }) { continue }
            var chart = LineChart(
                id: chartSpec.id, title: chartSpec.title,
                x: .init(label: "simulated time", format: .seconds, min: 0, max: result.simulatedSeconds),
                y: .init(label: chartSpec.yLabel, format: chartSpec.format, min: chartSpec.yMax == nil ? nil : 0, max: chartSpec.yMax,
                         scale: chartSpec.scale))
            chart.series = zip(chartSpec.lines, data).map { spec, points in
                LineChart.Series(name: spec.name, points: points, dashed: spec.dashed, showPoints: false)
            }
            if chart.series.count == 1 && chartSpec.lines[0].scope.isEmpty { chart.series[0].name = "" }
            chart.bands = bands
            chart.thresholds = chartSpec.thresholds
            // An alert on a drawn series adds its threshold (once per value).
            for alert in result.alerts where chartSpec.lines.contains(where: { $0.scope == alert.scope && $0.metric == alert.metric }) {
                if let same = chart.thresholds.firstIndex(where: { abs($0.value - alert.threshold) <= 1e-12 * max(1, abs($0.value)) }) {
                    if !chart.thresholds[same].label.hasSuffix("alert threshold") { chart.thresholds[same].label += " = alert threshold" }
                } else {
                    chart.thresholds.append(.init(
                        value: alert.threshold,
                        label: "alert \(alert.name) > \(RunReport.format(seriesMetric: alert.metric, alert.threshold))",
                        kind: "alert-threshold"))
                }
            }
            out.append(chart.html())
        }
        return out
    }
}
