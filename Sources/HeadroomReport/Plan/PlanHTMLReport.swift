import HeadroomAnalysis
import HeadroomComponents
import HeadroomStore

/// The HTML report of a stored capacity plan (`headroom plan`): the answer (configuration,
/// cost against the model's, p99 and errors with intervals, headroom, bottleneck), the
/// cost–latency frontier of the configurations judged, the path of steps, and the topology
/// before and after with each component's utilization at the planned load.
public struct PlanHTMLReport: Sendable {
    public var stored: StoredPlan
    public var plan: Plan
    /// The model as it is and as planned, each with a run at the planned load (for the
    /// utilizations on the diagrams); nil where they could not be rebuilt.
    public var before: (spec: SimulationSpec, run: RunResult?)?
    public var after: (spec: SimulationSpec, run: RunResult?)?
    public var specProblem: String?

    /// Reads plan `id` from `store` and the runs the diagrams need.
    ///
    /// - throws: ``ReportError`` when there is no such plan or its JSON cannot be read by this
    ///   version, `StoreError` when the store cannot be read.
    public static func load(from store: RunStore, id: Int64) throws -> PlanHTMLReport {
        guard let stored = try store.plan(id: id) else {
            throw ReportError("no plan \(id) in \(store.path) (make one with `headroom plan`)")
        }
        let plan: Plan
        do {
            plan = try stored.decodeResult(Plan.self)
        } catch {
            throw ReportError("plan \(id) in \(store.path) cannot be read by this version of headroom: \(error)")
        }
        var report = PlanHTMLReport(stored: stored, plan: plan)
        /// The first evaluation run of a configuration, with its spec (as it ran) and result.
        /// The model as it is ran under the start's overrides when they are its own values.
        func side(_ configurations: [[String]]) -> (spec: SimulationSpec, run: RunResult?)? {
            let found = configurations.lazy.compactMap { configuration in
                stored.runs.first { $0.role == "evaluation" && $0.configuration == configuration }
            }.first
            let run = found.flatMap { try? store.run(id: $0.runID) }
            let configuration = found?.configuration ?? configurations[0]
            let overrides = stored.overrides + configuration + ["traffic.scale=\(found?.scale ?? plan.load)"]
            switch StoredModel.spec(store: store, runID: found?.runID, text: stored.modelText, file: stored.modelFile,
                                    overrides: overrides) {
            case .success(let spec): return (spec, run?.result)
            case .failure(let problem):
                report.specProblem = problem.description
                return nil
            }
        }
        report.before = side([plan.current.overrides, plan.start.overrides])
        report.after = side([plan.chosen.overrides])
        return report
    }

    init(stored: StoredPlan, plan: Plan) {
        self.stored = stored
        self.plan = plan
    }

    /// The whole page.
    public func html() -> String {
        var page = ReportPage(
            kind: "plan", title: "\(stored.modelName) — plan \(stored.id)",
            subtitle: "<code>\(HTML.escape(stored.modelFile))</code> · ×\(HTML.escape(Format.number(plan.load, digits: 4))) load · SLO "
                + HTML.escape(ReportText.slo(plan.slo.serviceLevel)),
            footer: "Made by <code>headroom report plan \(stored.id)</code> from the run store; plan made "
                + "\(HTML.escape(ReportText.timestamp(stored.createdAt))) UTC.")
        page.sections.append(.init(id: "summary", title: "Summary", body: summary()))
        page.sections.append(.init(id: "frontier", title: "Cost against p99", body: frontierChart()))
        page.sections.append(.init(id: "path", title: "Path of steps", body: pathTable()))
        page.sections.append(.init(id: "topology-before", title: "Topology now, at the planned load",
                                   body: topology(before)))
        page.sections.append(.init(id: "topology-after", title: "Topology as planned, at the planned load",
                                   body: topology(after)))
        return page.html()
    }

    func summary() -> String {
        let e = HTML.escape
        let chosen = plan.chosen
        var facts: [(String, String)] = [
            ("Model", e(stored.modelName)),
            ("Plan", e(String(stored.id))),
            ("Load", e("×\(Format.number(plan.load, digits: 4)) (\(ValueFormat.rate.label(plan.rate)))")),
        ]
        switch plan.status {
        case .met:
            facts.append(("Answer", "<span class=\"verdict met\">meets</span> "
                + (plan.changes.isEmpty ? "the model as it is" : plan.changes.map { "<code>--set \(e($0))</code>" }.joined(separator: " "))))
        case .unmeetable:
            facts.append(("Answer", "<span class=\"verdict missed\">unmeetable</span> the best configuration found: "
                + chosen.overrides.map { "<code>--set \(e($0))</code>" }.joined(separator: " ")))
        }
        facts.append(("Cost", e(String(format: "%.2f %@/h against %.2f %@/h now", chosen.costPerHour, plan.currency,
                                       plan.current.costPerHour, plan.currency))))
        facts.append(("p99", e("\(Format.duration(chosen.p99.mean)) (95 % interval \(Format.duration(chosen.p99.lower)) – "
            + "\(Format.duration(chosen.p99.upper)))")))
        facts.append(("Errors", e("\(Format.percent(chosen.errorRate.mean)) (95 % interval "
            + "\(Format.percent(max(chosen.errorRate.lower, 0))) – \(Format.percent(chosen.errorRate.upper)))")))
        if let headroom = plan.headroom, let saturation = headroom.saturation, let over = headroom.overLoad {
            facts.append(("Headroom", e("saturates at ×\(Format.number(saturation, digits: 3)) of the model's traffic, "
                + "\(Format.signedPercent(over - 1)) above the planned load")))
        }
        if let bottleneck = chosen.bottleneck {
            facts.append(("Bottleneck now", e("\(bottleneck.name) \(Format.percent(bottleneck.utilization)) (sized by \(bottleneck.sizedBy))")))
        }
        facts.append(("Search", e("\(plan.evaluations) configurations judged, \(plan.runs) runs, \(plan.replications) "
            + "replications each")))
        return HTML.facts(facts)
    }

    /// Every configuration on the frontier as a point of cost against p99, with the SLO line;
    /// the planned one and the model as it is are marked.
    func frontierChart() -> String {
        var chart = LineChart(
            id: "chart-plan-frontier", title: "The cheapest configuration found for each p99",
            caption: "The cost–latency frontier of the configurations the search judged (each kept up and met the "
                + "error objective); lower and to the left is better.",
            x: .init(label: "cost per hour (\(plan.currency))", format: .plain, includeZero: false),
            y: .init(label: "p99 response time", format: .seconds, scale: .automatic))
        chart.series = [LineChart.Series(
            name: "frontier", points: plan.frontier.map { ($0.costPerHour, $0.p99.mean) }, color: Palette.color(0),
            showPoints: true)]
        if let p99 = plan.slo.p99 { chart.thresholds.append(.init(value: p99, label: "SLO p99 \(Format.duration(p99))", kind: "slo")) }
        if plan.status == .met {
            chart.highlights.append(.init(x: plan.chosen.costPerHour, y: plan.chosen.p99.mean, label: "planned", kind: "saturation"))
        }
        chart.width = 1120
        chart.plotHeight = 260
        guard !plan.frontier.isEmpty else {
            return "<p class=\"note\">No configuration judged kept up and met the error objective.</p>"
        }
        return chart.html()
    }

    func pathTable() -> String {
        let e = HTML.escape
        guard !plan.steps.isEmpty else { return "<p class=\"note\">No step: the start already met the SLO and no knob could go lower.</p>" }
        let rows = plan.steps.map { step -> [String] in
            [
                e(step.kind.rawValue), "<code>\(e(step.knob))</code>", e("\(step.from) → \(step.to)"),
                e("\(Format.duration(step.before.p99)) → \(Format.duration(step.after.p99))"),
                e("\(Format.percent(step.before.errorRate)) → \(Format.percent(step.after.errorRate))"),
                e(String(format: "%+.2f", step.after.costPerHour - step.before.costPerHour)),
                e(step.relieved.map { name in
                    "\(name) " + (step.utilizationBefore.map { Format.percent($0) } ?? "?")
                        + (step.utilizationAfter.map { " → " + Format.percent($0) } ?? "")
                } ?? "-"),
                step.after.meets ? "<span class=\"verdict met\">meets</span>" : "<span class=\"verdict missed\">misses</span>",
            ]
        }
        return HTML.table(header: ["step", "knob", "value", "p99", "errors", "cost/h", "relieved", "SLO"], rows: rows,
                          numeric: [5])
    }

    func topology(_ side: (spec: SimulationSpec, run: RunResult?)?) -> String {
        ReportText.topology(side?.spec, problem: specProblem,
                            utilization: side?.run.map(RunHTMLReport.utilizationByName) ?? [:])
    }
}
