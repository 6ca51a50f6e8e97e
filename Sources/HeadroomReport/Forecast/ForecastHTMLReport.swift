import HeadroomStore

/// The HTML report of a stored saturation forecast (`headroom saturate`).
///
/// Seam: the store has the `forecasts` and `forecast_runs` tables (migration v2) but no read
/// API yet; ``load(from:id:)`` reads nothing until `RunStore.forecast(id:)` exists.
public struct ForecastHTMLReport: Sendable {
    public static func load(from store: RunStore, id: Int64) throws -> ForecastHTMLReport {
        throw ReportError("forecast reports are not available yet: this build of headroom cannot read forecasts "
            + "from the store")
    }

    public func html() -> String { "" }
}
