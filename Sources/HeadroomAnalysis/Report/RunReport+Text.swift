import HeadroomComponents

extension RunReport {
    /// The readable summary `headroom run` prints without `--json`.
    public var text: String {
        let r = pooled
        var lines: [String] = []
        let ids = runIDs.isEmpty ? "not stored" : (runIDs.count == 1 ? "run \(runIDs[0])" :
            "runs \(runIDs.first!)–\(runIDs.last!)")
        let reps = replications.count > 1 ? ", \(replications.count) replications (seeds \(seed)–\(seed &+ UInt64(replications.count - 1)))" : ", seed \(seed)"
        lines.append("\(r.model) (\(file)): \(ids)\(reps)")
        // The verdict first: a planner reads this line before any figure.
        switch r.verdict ?? (r.status == .unstable ? .unstable : .ok) {
        case .ok: lines.append("verdict: ok" + (r.recovery == nil ? "" : ", the SLO held"))
        case .sloMissed: lines.append("verdict: SLO MISSED — \(r.verdictReason ?? "the SLO broke")")
        case .unstable:
            lines.append("verdict: UNSTABLE — \(r.verdictReason ?? r.statusReason ?? "the system could not keep up")")
        }
        let eventsPerSecond = wallSeconds > 0 ? Double(r.events) / wallSeconds : 0
        lines.append("simulated \(Format.duration(r.simulatedSeconds)) (warm-up \(Format.duration(r.warmupSeconds)) discarded), "
            + "\(Format.count(r.events)) events in \(Format.number(wallSeconds, digits: 3)) s wall "
            + "(\(Format.number(eventsPerSecond / 1e6, digits: 3)) M events/s)")
        lines.append("")
        let q = r.requests
        lines.append("requests    arrived \(Format.count(q.arrived)) · completed \(Format.count(q.completed)) · "
            + "rejected \(Format.count(q.rejected)) · timed out \(Format.count(q.timedOut)) · "
            + "pool timeouts \(Format.count(q.poolTimedOut)) · failed \(Format.count(q.failed))")
        if q.retries > 0 || q.clientTimedOut > 0 {
            lines.append("retries     \(Format.count(q.retries)) · amplification \(Format.number(q.amplification, digits: 3))× · "
                + "client timeouts \(Format.count(q.clientTimedOut))")
        }
        lines.append("throughput  \(Format.number(r.throughput)) /s" + interval(confidence?.throughput) { Format.number($0) })
        let l = r.latency
        lines.append("latency     mean \(Format.duration(l.mean))" + interval(confidence?.latencyMean, Format.duration)
            + " · p50 \(Format.duration(l.p50)) · p90 \(Format.duration(l.p90)) · p99 \(Format.duration(l.p99))"
            + interval(confidence?.latencyP99, Format.duration)
            + " · p99.9 \(Format.duration(l.p999)) · max \(Format.duration(l.max))")
        if r.cost > 0 {
            lines.append("cost        " + String(format: "%.2f", r.cost)
                + (replications.count > 1 ? " per run (mean of \(replications.count))" : "")
                + (r.simulatedSeconds > 0 ? " · " + String(format: "%.4g", r.cost / (r.simulatedSeconds / 3600)) + "/h" : ""))
        }
        if let recovery = r.recovery {
            lines.append("recovery    " + Self.recoveryFigures(recovery))
        }
        if let replay = replications.first?.replay { lines.append(contentsOf: Self.replayLines(replay)) }
        if !r.alerts.isEmpty {
            lines.append("")
            lines.append(contentsOf: Self.alertLines(r.alerts))
        }
        if replications.count > 1 && (r.recovery != nil || !r.alerts.isEmpty) {
            lines.append("(recovery and alerts: replication 1, seed \(r.seed))")
        }
        if r.classes.count > 1 {
            lines.append("")
            var rows = [["class", "completed", "throughput", "mean", "p50", "p99", "errors"]]
            for c in r.classes {
                let errors = c.requests.errors
                rows.append([c.name, Format.count(c.requests.completed), Format.number(c.throughput) + "/s",
                             Format.duration(c.latency.mean), Format.duration(c.latency.p50),
                             Format.duration(c.latency.p99), Format.count(errors)])
            }
            lines.append(Format.table(rows))
        }
        lines.append("")
        var rows = [["component", "type", "servers", "util", "mean queue", "max queue", "throughput", "mean wait",
                     "mean response"]]
        for c in r.components {
            rows.append([c.name, c.kind.rawValue, String(c.servers), Format.percent(c.utilization), Format.number(c.meanQueue),
                         Format.count(c.maxQueue), Format.number(c.throughput) + "/s", Format.duration(c.meanWait),
                         Format.duration(c.meanResponse)])
        }
        lines.append(Format.table(rows))
        let detailed = r.components.filter { !$0.metrics.isEmpty }
        if !detailed.isEmpty {
            lines.append("")
            for c in detailed {
                let figures = c.metrics.keys.sorted().map { key in
                    "\(key.replacingOccurrences(of: "_", with: " ")) \(Self.format(c.metrics[key]!, unit: c.kind.unit(ofMetric: key)))"
                }
                lines.append("\(c.name) (\(c.kind.rawValue)): " + figures.joined(separator: " · "))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Recovery figures in one line: peak backlog, time in violation, when the SLO holds again,
    /// time to recover, requests lost.
    static func recoveryFigures(_ r: Recovery) -> String {
        var parts = ["peak backlog \(Format.count(r.peakBacklog))"]
        guard let first = r.firstViolation else {
            parts.append("SLO held throughout")
            return parts.joined(separator: " · ")
        }
        parts.append("\(Format.duration(r.secondsInViolation)) in violation (first at \(Format.duration(first)))")
        if r.violatedAtEnd {
            parts.append("SLO still broken at the end")
        } else if let again = r.sloHoldsAgainAt {
            parts.append("SLO holds again at \(Format.duration(again))")
        }
        parts.append("time to recover \(Format.duration(r.timeToRecover))")
        parts.append("requests lost \(Format.count(r.requestsLost))")
        return parts.joined(separator: " · ")
    }

    /// The alerts that fired, as a table: name, scope.metric, threshold, fired at, resolved at
    /// (or "still firing"), peak.
    static func alertLines(_ alerts: [AlertEvent]) -> [String] {
        var rows = [["alert", "metric", "threshold", "fired at", "resolved at", "peak"]]
        for a in alerts {
            rows.append([
                a.name, a.scope.isEmpty ? a.metric : "\(a.scope).\(a.metric)",
                format(seriesMetric: a.metric, a.threshold), Format.duration(a.firedAt),
                a.resolvedAt.map(Format.duration) ?? "still firing", format(seriesMetric: a.metric, a.peak),
            ])
        }
        return Format.table(rows).components(separatedBy: "\n")
    }

    /// A time-series value as people read it: latencies with units, rates per second, ratios
    /// as percentages, counts as whole numbers.
    public static func format(seriesMetric name: String, _ value: Double) -> String {
        if name.hasPrefix("latency") { return Format.duration(value) }
        if ["arrival_rate", "throughput"].contains(name) { return Format.number(value) + "/s" }
        return format(metric: name, value)
    }

    /// A component metric in its declared unit: ratios as percentages, times with units, rates
    /// per second, whole counts without decimals.
    public static func format(_ value: Double, unit: MetricUnit) -> String {
        switch unit {
        case .ratio: Format.percent(value)
        case .seconds: Format.duration(value)
        case .perSecond: Format.number(value) + "/s"
        case .count, .number:
            value == value.rounded() && abs(value) < 1e15 ? Format.count(Int64(value)) : Format.number(value)
        }
    }

    /// A series metric whose component is not known here (an alert's), by its name: ratios as
    /// percentages, times with units, counts as whole numbers.
    static func format(metric name: String, _ value: Double) -> String {
        let ratios = ["rate", "ratio", "usage", "utilization", "share"]
        if ratios.contains(where: { name.hasSuffix($0) }) { return Format.percent(value) }
        if ["wait_mean", "processing_mean", "time_mean"].contains(where: { name.hasSuffix($0) }) {
            return Format.duration(value)
        }
        if value == value.rounded() && abs(value) < 1e15 { return Format.count(Int64(value)) }
        return Format.number(value)
    }

    private func interval(_ i: Confidence.Interval?, _ format: (Double) -> String) -> String {
        guard let i else { return "" }
        return " ± " + format(i.halfWidth)
    }
}
