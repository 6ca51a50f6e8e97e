import Foundation

extension Plan {
    /// The plan as `headroom plan` prints it: the answer first (the configuration as `--set`
    /// overrides and its cost against the model's), then its figures with intervals, the
    /// headroom it leaves, the bottleneck now, and the path of steps.
    public var text: String {
        var lines: [String] = []
        let sloText = [slo.p99.map { "p99 ≤ \(latency($0))" }, slo.errorRate.map { "errors ≤ \(Format.percent($0))" }]
            .compactMap { $0 }.joined(separator: ", ")
        lines.append("\(model): plan for ×\(Format.number(load, digits: 4)) load (\(Format.number(rate, digits: 4))/s), "
            + "SLO \(sloText); \(replications) replications per configuration, seeds \(seed)…"
            + "\(seed &+ UInt64(Swift.max(replications - 1, 0)))")
        lines.append("")
        switch status {
        case .met:
            lines.append("cheapest configuration that meets the SLO in every replication:")
        case .unmeetable:
            lines.append("no configuration of the design space the search reached meets the SLO; the best one found:")
        }
        let changes = self.changes
        lines.append("  " + (changes.isEmpty ? "(the model as it is)" : changes.map { "--set \($0)" }.joined(separator: " ")))
        let delta = chosen.costPerHour - current.costPerHour
        lines.append("cost        \(money(chosen.costPerHour))/h against \(money(current.costPerHour))/h now "
            + "(\(delta >= 0 ? "+" : "−")\(money(abs(delta)))/h)")
        lines.append("p99         \(latency(chosen.p99.mean)) (95 % interval \(latency(chosen.p99.lower)) – "
            + "\(latency(chosen.p99.upper))); the model as it is: \(latency(current.p99.mean))"
            + (current.unstable > 0 ? " (\(current.unstable) of \(current.replications) runs unstable)" : ""))
        lines.append("errors      \(Format.percent(chosen.errorRate.mean)) (95 % interval "
            + "\(Format.percent(Swift.max(chosen.errorRate.lower, 0))) – \(Format.percent(chosen.errorRate.upper))); "
            + "the model as it is: \(Format.percent(current.errorRate.mean))")
        if let headroom {
            if let saturation = headroom.saturation, let over = headroom.overLoad {
                var text = "headroom    saturates at ×\(Format.number(saturation, digits: 3)) of the model's traffic"
                if let lower = headroom.lower, let upper = headroom.upper {
                    text += " (95 % interval ×\(Format.number(lower, digits: 3)) – ×\(Format.number(upper, digits: 3)))"
                }
                text += ": the SLO holds up to \(Format.signedPercent(over - 1)) above the planned load"
                if let bottleneck = headroom.bottleneck { text += ", \(bottleneck) giving first" }
                lines.append(text)
            } else {
                lines.append("headroom    \(headroom.status.rawValue): no saturation load found")
            }
        }
        if let bottleneck = chosen.bottleneck {
            let next = chosen.loads.dropFirst().prefix(2).map { "\($0.name) \(Format.percent($0.utilization))" }
            lines.append("bottleneck  \(bottleneck.name) \(Format.percent(bottleneck.utilization)) busy (sized by "
                + "\(bottleneck.sizedBy))" + (next.isEmpty ? "" : "; then " + next.joined(separator: ", ")))
        }
        lines.append("")
        if steps.isEmpty {
            lines.append("path: no step (the start already met the SLO and no knob could go lower)")
        } else {
            lines.append("path from the model (every knob at its value nearest the model's):")
            for step in steps {
                var text = "  \(step.kind == .relax ? "relax" : "trim ") \(step.knob) \(step.from) → \(step.to): p99 "
                    + "\(latency(step.before.p99)) → \(latency(step.after.p99))"
                if step.before.errorRate > 0 || step.after.errorRate > 0 {
                    text += ", errors \(Format.percent(step.before.errorRate)) → \(Format.percent(step.after.errorRate))"
                }
                let cost = step.after.costPerHour - step.before.costPerHour
                text += ", \(cost >= 0 ? "+" : "−")\(money(abs(cost)))/h"
                if let relieved = step.relieved, let before = step.utilizationBefore {
                    text += " (\(relieved) \(Format.percent(before))"
                    if let after = step.utilizationAfter { text += " → \(Format.percent(after))" }
                    text += ")"
                }
                text += step.after.meets ? ", meets" : ", misses"
                lines.append(text)
            }
        }
        for note in notes { lines.append("note: \(note)") }
        lines.append("")
        lines.append("design space: " + knobs.map { "\($0.path) \($0.values.count == 1 ? $0.values[0] : "\($0.values.first!)…\($0.values.last!) (\($0.values.count))")" }
            .joined(separator: ", ") + "; \(evaluations) configurations judged, \(runs) runs")
        return lines.joined(separator: "\n")
    }

    /// The cost–latency frontier as a table: cost per hour, p99 with its interval, whether it
    /// meets the SLO, and the configuration's changes to the model.
    public var frontierText: String {
        guard !frontier.isEmpty else { return "frontier: no configuration judged kept up and met the error objective" }
        var rows = [["cost/h", "p99", "95 % interval", "meets", "configuration"]]
        for evaluation in frontier {
            let changed = zip(knobs.indices, evaluation.overrides).compactMap { k, override in
                knobs[k].values[evaluation.point[k]] == modelValues[k] ? nil : override
            }
            rows.append([
                money(evaluation.costPerHour), latency(evaluation.p99.mean),
                "\(latency(evaluation.p99.lower)) – \(latency(evaluation.p99.upper))", evaluation.meets ? "yes" : "no",
                changed.isEmpty ? "(the model's values)" : changed.joined(separator: " "),
            ])
        }
        return "cost–latency frontier of the \(evaluations) configurations judged (the cheapest for each p99 level "
            + "found):\n" + Format.table(rows)
    }

    /// A latency as people read it; a run in which no request finished in time counts a p99 of
    /// 10⁹ s (``PlanSearch``), printed as such.
    func latency(_ seconds: Double) -> String {
        seconds >= 1e8 ? "none (no request finished)" : Format.duration(seconds)
    }

    /// An amount in the plan's currency: `12.40 USD`.
    func money(_ amount: Double) -> String {
        String(format: "%.2f", amount) + " " + currency
    }
}
