import Foundation
import HeadroomComponents

/// The calibrated model simulated at the observed load, window by window, against the observed
/// metrics (`headroom calibrate --simulate`): the prediction for what the fit did not use, the
/// run-wide latency percentiles above all.
public struct CalibrationCheck: Codable, Sendable, Equatable {
    /// One metric compared over the windows both have.
    public struct Metric: Codable, Sendable, Equatable {
        public var scope: String
        public var metric: String
        public var windows: Int
        /// Means over those windows.
        public var observedMean: Double
        public var simulatedMean: Double
        /// Mean |simulated − observed| / observed over windows with observed > 0.
        public var meanRelativeError: Double
        /// Root-mean-square of simulated − observed.
        public var rmse: Double
        /// (time of the observed window, observed, simulated) for every window compared.
        public var points: [Point]
    }

    public struct Point: Codable, Sendable, Equatable {
        public var time: Double
        public var observed: Double
        public var simulated: Double
    }

    /// Length of one observed window, seconds (the median spacing of their end times).
    public var window: Double
    public var metrics: [Metric]

    /// The metrics compared: the run-wide latency percentiles and mean, throughput and error
    /// rate, and each fitted component's utilization.
    public static func metrics(fitted: [String]) -> [(scope: String, metric: String)] {
        [("", "throughput"), ("", "latency_p50"), ("", "latency_p99"), ("", "latency_mean"), ("", "error_rate")]
            + fitted.map { ($0, "utilization") }
    }

    /// The observed windows as a rate profile: their length W, the simulated duration (one
    /// window per observed one), and the `points` of a piecewise-constant multiplier of
    /// `baseRate` (requests/s) reproducing each window's throughput (`{ points: […] }`).
    /// Nil with fewer than 2 windows or no throughput.
    public static func loadProfile(_ observed: ObservedMetrics, baseRate: Double) -> (window: Double, duration: Double, points: String)? {
        let times = observed.windows.map(\.time)
        guard times.count >= 2, baseRate > 0 else { return nil }
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }.sorted()
        let w = gaps[gaps.count / 2]
        guard w > 0 else { return nil }
        let x = Dictionary(uniqueKeysWithValues: observed.values("", Calibration.throughputMetric).map { ($0.window, $0.value) })
        guard !x.isEmpty else { return nil }
        var points: [String] = []
        for k in times.indices {
            let m = (x[k] ?? 0) / baseRate
            let start = Double(k) * w, end = Double(k + 1) * w
            points.append("[\(String(format: "%.6g", start))s, \(String(format: "%.6g", m))]")
            points.append("[\(String(format: "%.6g", end))s, \(String(format: "%.6g", m))]")
        }
        return (w, Double(times.count) * w, "{ points: [" + points.joined(separator: ", ") + "] }")
    }

    /// Compares `simulated` (a run of `loadProfile`'s duration and window, its k-th window
    /// ending at (k + 1)·W) with `observed`, window k against window k.
    public init(observed: ObservedMetrics, simulated: [SeriesPoint], window: Double, fitted: [String]) {
        self.window = window
        var byWindow: [Int: [ObservedKey: Double]] = [:]
        for p in simulated {
            let k = Int((p.time / window).rounded()) - 1
            byWindow[k, default: [:]][ObservedKey(scope: p.scope, metric: p.metric)] = p.value
        }
        metrics = Self.metrics(fitted: fitted).compactMap { scope, metric in
            let key = ObservedKey(scope: scope, metric: metric)
            let pairs = observed.values(scope, metric).compactMap { o -> Point? in
                byWindow[o.window]?[key].map { Point(time: observed.windows[o.window].time, observed: o.value, simulated: $0) }
            }
            guard !pairs.isEmpty else { return nil }
            let n = Double(pairs.count)
            let positive = pairs.filter { $0.observed > 0 }
            return Metric(
                scope: scope, metric: metric, windows: pairs.count,
                observedMean: pairs.reduce(0) { $0 + $1.observed } / n, simulatedMean: pairs.reduce(0) { $0 + $1.simulated } / n,
                meanRelativeError: positive.isEmpty ? 0
                    : positive.reduce(0) { $0 + abs($1.simulated - $1.observed) / $1.observed } / Double(positive.count),
                rmse: sqrt(pairs.reduce(0) { $0 + ($1.simulated - $1.observed) * ($1.simulated - $1.observed) } / n),
                points: pairs)
        }
    }

    /// One row per metric: windows, observed and simulated means, mean relative error, rmse.
    public var text: String {
        var rows = [["metric", "windows", "observed mean", "simulated mean", "mean rel. error", "rmse"]]
        for m in metrics {
            let name = m.scope.isEmpty ? m.metric : "\(m.scope).\(m.metric)"
            func format(_ value: Double) -> String {
                if m.metric.hasPrefix("latency") { return Format.duration(value) }
                return m.metric == "throughput" ? Format.number(value) + "/s" : Format.percent(value)
            }
            rows.append([name, String(m.windows), format(m.observedMean), format(m.simulatedMean),
                         Format.percent(m.meanRelativeError), format(m.rmse)])
        }
        return "the calibrated model simulated at the observed throughput, window by window "
            + "(\(Format.duration(window)) windows):\n" + Format.table(rows)
    }
}
