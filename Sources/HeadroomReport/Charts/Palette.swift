/// Colours of the reports: a qualitative palette for series (Tableau 10, readable on white and
/// distinguishable for most colour-vision deficiencies) and three tones for utilization.
public enum Palette {
    /// Series colours, in order of use.
    static let series = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
        "#bab0ac",
    ]

    /// The colour of series number `index`; past ten they repeat (charts then add dashes).
    static func color(_ index: Int) -> String { series[index % series.count] }

    /// A dash pattern for series number `index`: solid for the first ten, then dashed.
    static func dash(_ index: Int) -> String? { index < series.count ? nil : "6 3" }

    /// Fill for a utilization (a ratio in [0, 1]): calm below 70 %, warm to 90 %, hot above.
    public static func utilization(_ ratio: Double) -> String {
        guard ratio.isFinite else { return "#bab0ac" }
        if ratio >= 0.9 { return "#d62728" }
        if ratio >= 0.7 { return "#f2a93b" }
        return "#4e9a6e"
    }

    /// Reference lines: thresholds, SLO bounds.
    static let threshold = "#c0392b"
    /// Shaded intervals of firing alerts.
    static let alert = "#e15759"
    /// The warm-up, discarded from statistics.
    static let warmup = "#9aa5b1"
    /// Vertical markers and highlighted points (knee, saturation).
    static let marker = "#6a3d9a"
}
