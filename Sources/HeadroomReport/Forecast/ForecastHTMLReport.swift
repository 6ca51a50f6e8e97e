import HeadroomAnalysis
import HeadroomComponents
import HeadroomStore

/// The HTML report of a stored saturation forecast (`headroom saturate`): the saturation load
/// with its confidence interval, the top three capacities there and the next bottleneck, the
/// operational-law bound, and the search's probes — p99 (and errors) against the load with the
/// SLO line, the saturation point and its interval marked.
public struct ForecastHTMLReport: Sendable {
    /// The forecast's row and the runs it used.
    public var stored: StoredForecast
    /// The whole forecast, decoded from the stored JSON.
    public var forecast: SaturationForecast
    /// The model rebuilt with the forecast's overrides (topology); nil when that failed
    /// (``specProblem`` says why).
    public var spec: SimulationSpec?
    public var specProblem: String?

    public init(stored: StoredForecast, forecast: SaturationForecast, spec: SimulationSpec?, specProblem: String? = nil) {
        self.stored = stored
        self.forecast = forecast
        self.spec = spec
        self.specProblem = specProblem
    }

    /// Reads forecast `id` from `store` and rebuilds its model.
    ///
    /// - throws: ``ReportError`` when there is no such forecast or its JSON cannot be read by
    ///   this version, `StoreError` when the store cannot be read.
    public static func load(from store: RunStore, id: Int64) throws -> ForecastHTMLReport {
        guard let stored = try store.forecast(id: id) else {
            throw ReportError("no forecast \(id) in \(store.path) (make one with `headroom saturate`)")
        }
        let forecast: SaturationForecast
        do {
            forecast = try stored.decodeResult(SaturationForecast.self)
        } catch {
            throw ReportError("forecast \(id) in \(store.path) cannot be read by this version of headroom: \(error)")
        }
        // The search's first run has the model's own components and flows (at a light load).
        switch StoredModel.spec(
            store: store, runID: stored.runs.first?.runID, text: stored.modelText, file: stored.modelFile,
            overrides: stored.overrides) {
        case .success(let spec): return ForecastHTMLReport(stored: stored, forecast: forecast, spec: spec)
        case .failure(let problem):
            return ForecastHTMLReport(stored: stored, forecast: forecast, spec: nil, specProblem: problem.description)
        }
    }

    /// How the axis's numbers are written on charts.
    var axisFormat: ValueFormat {
        switch forecast.axis.unit {
        case .factor: return .suffixed("×")
        case .rate: return .rate
        case .duration: return .seconds
        case .number: return .plain
        }
    }

    /// The x axis's title.
    var axisLabel: String {
        forecast.axis.isLoadFactor ? "load (× the model's traffic, ×1 = \(ValueFormat.rate.label(forecast.baseRate)))"
            : forecast.axis.name
    }

    /// The whole page.
    public func html() -> String {
        var page = ReportPage(
            kind: "forecast", title: "\(stored.modelName) — forecast \(stored.id)",
            subtitle: "<code>\(HTML.escape(stored.modelFile))</code> · searched along "
                + "<code>\(HTML.escape(forecast.axis.name))</code> · SLO " + HTML.escape(ReportText.slo(forecast.slo.serviceLevel)),
            footer: "Made by <code>headroom report forecast \(stored.id)</code> from the run store; forecast made "
                + "\(HTML.escape(ReportText.timestamp(stored.createdAt))) UTC.")
        page.headline = headline()
        page.sections.append(.init(id: "summary", title: "Summary", body: summary()))
        page.sections.append(.init(id: "latency-vs-load", title: "Latency against load", body: latencyChart()))
        if forecast.slo.errorRate != nil, forecast.probes.contains(where: { $0.errorRate > 0 }) {
            page.sections.append(.init(id: "errors-vs-load", title: "Errors against load", body: errorsChart()))
        }
        page.sections.append(.init(id: "throughput-vs-load", title: "Throughput against load", body: throughputChart()))
        page.sections.append(.init(id: "bottlenecks", title: "Bottlenecks", body: bottlenecks()))
        page.sections.append(.init(id: "probes", title: "Runs of the search", body: probesTable()))
        page.sections.append(.init(id: "topology", title: "Topology", body: ReportText.topology(spec, problem: specProblem)))
        page.sections.append(.init(id: "model", title: "Model",
                                   body: ReportText.model(text: stored.modelText, file: stored.modelFile, overrides: stored.overrides)))
        return page.html()
    }
}
