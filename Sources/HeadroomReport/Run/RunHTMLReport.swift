import HeadroomAnalysis
import HeadroomComponents
import HeadroomStore

/// The HTML report of one stored run, or of the replication group it belongs to: summary with
/// the SLO verdict, the topology, utilization per component, the metrics over time with the
/// alerts that fired, and tables of components and classes.
///
/// With several replications, figures are pooled as `headroom run --replications` pools them
/// (with 95 % confidence intervals); the series and alerts are the first replication's.
public struct RunHTMLReport: Sendable {
    /// The runs reported: one run, or every replication of its group, in replication order.
    public var runs: [StoredRun]
    /// The model rebuilt from the stored text, for the topology and the SLO; nil when that
    /// failed (``specProblem`` says why).
    public var spec: SimulationSpec?
    public var specProblem: String?

    public init(runs: [StoredRun], spec: SimulationSpec?, specProblem: String? = nil) {
        precondition(!runs.isEmpty, "a run report needs a run")
        self.runs = runs
        self.spec = spec
        self.specProblem = specProblem
    }

    /// Reads run `id` (and its replications) from `store` and rebuilds its model.
    ///
    /// - throws: ``ReportError`` when there is no such run, `StoreError` when the store cannot
    ///   be read.
    public static func load(from store: RunStore, id: Int64) throws -> RunHTMLReport {
        guard let run = try store.run(id: id) else {
            throw ReportError("no run \(id) in \(store.path) (list them with `headroom runs`)")
        }
        var runs = [run]
        if run.replicationCount > 1 {
            let group = try store.runs(groupID: run.groupID)
            if !group.isEmpty { runs = group }
        }
        let spec = run.spec.map { Result<SimulationSpec, ReportError>.success($0) }
            ?? StoredModel.spec(text: run.modelText, file: run.modelFile, overrides: run.overrides)
        switch spec {
        case .success(let spec): return RunHTMLReport(runs: runs, spec: spec)
        case .failure(let problem): return RunHTMLReport(runs: runs, spec: nil, specProblem: problem.description)
        }
    }

    /// The first run: identity, model text and the series shown.
    var first: StoredRun { runs[0] }
    /// The replications pooled (the run itself when alone).
    var pooled: RunResult { RunResult.pooled(runs.map(\.result)) }

    /// `run 12` or `runs 12–16`.
    var label: String {
        runs.count == 1 ? "run \(first.id)" : "runs \(first.id)–\(runs[runs.count - 1].id)"
    }

    /// The whole page.
    public func html() -> String {
        let pooled = self.pooled
        var page = ReportPage(
            kind: "run", title: "\(first.modelName) — \(label)",
            subtitle: Self.subtitle(first, count: runs.count),
            footer: "Made by <code>headroom report run \(first.id)</code> from the run store; "
                + "stored \(HTML.escape(ReportText.timestamp(first.createdAt))) UTC by headroom \(HTML.escape(first.toolVersion)).")
        page.headline = RunHeadline(result: pooled, slo: spec?.slo, series: first.result).html()
        page.sections.append(.init(id: "summary", title: "Summary", body: summary(pooled)))
        page.sections.append(.init(id: "topology", title: "Topology",
                                   body: ReportText.topology(spec, problem: specProblem, utilization: Self.utilizationByName(pooled))))
        page.sections.append(.init(id: "utilization", title: "Utilization per component", body: utilization(pooled)))
        let series = seriesCharts()
        if !series.isEmpty {
            page.sections.append(.init(
                id: "series", title: "Over time" + (runs.count > 1 ? " (replication 1, seed \(first.seed))" : ""),
                body: seriesNote(first.result) + "<div class=\"charts\">\n" + series.joined(separator: "\n") + "\n</div>"))
        }
        if !first.result.alerts.isEmpty {
            page.sections.append(.init(id: "alerts", title: "Alerts", body: alertsTable(first.result.alerts)))
        }
        page.sections.append(.init(id: "components", title: "Components", body: componentsTable(pooled)))
        if pooled.classes.count > 1 {
            page.sections.append(.init(id: "classes", title: "Request classes", body: classesTable(pooled)))
        }
        page.sections.append(.init(id: "model", title: "Model",
                                   body: ReportText.model(text: first.modelText, file: first.modelFile, overrides: first.overrides)))
        return page.html()
    }

    /// What the shading of the time charts means.
    func seriesNote(_ result: RunResult) -> String {
        var parts = ["Per window of the run, warm-up included (shaded grey)."]
        if !result.alerts.isEmpty { parts.append("Shaded red: an alert firing, from when it fired to when it resolved.") }
        if spec?.slo != nil || !result.alerts.isEmpty { parts.append("Dashed red lines: the SLO and the alerts' thresholds.") }
        return "<p class=\"note series-note\">\(HTML.escape(parts.joined(separator: " ")))</p>\n"
    }

    static func subtitle(_ run: StoredRun, count: Int) -> String {
        var parts = ["<code>\(HTML.escape(run.modelFile))</code>"]
        if !run.overrides.isEmpty {
            parts.append(run.overrides.map { "<code>--set \(HTML.escape($0))</code>" }.joined(separator: " "))
        }
        parts.append(count > 1 ? "\(count) replications, seeds \(run.seed)–\(run.seed &+ UInt64(count - 1))" : "seed \(run.seed)")
        return parts.joined(separator: " · ")
    }

    /// Utilization per component name (load balancers have none of their own).
    static func utilizationByName(_ result: RunResult) -> [String: Double] {
        var map: [String: Double] = [:]
        for c in result.components where c.kind != .loadBalancer { map[c.name] = c.utilization }
        return map
    }
}
