import Foundation

/// A service demand fitted by the utilization law across windows (docs/theory.md §20.1):
/// in window i the busy servers B_i = U_i·c_i equal D·X_i, so the least-squares D through the
/// origin is Σ X_i·B_i / Σ X_i², with standard error s/√(Σ X_i²), s² = Σ (B_i − D·X_i)²/(n − 1).
///
/// When the model's demand itself changes from window to window (a database behind a cache
/// whose observed hit rate changes), window i's regressor is x_i = X_i·r_i, r_i the model's
/// demand in that window over its demand at the mean hit rate: D is then the demand at the mean
/// hit rate, and B_i = D·x_i.
public struct DemandFit: Codable, Sendable, Equatable {
    /// One window of the fit.
    public struct Window: Codable, Sendable, Equatable {
        /// End of the window, seconds.
        public var time: Double
        /// Observed throughput X, requests per second.
        public var throughput: Double
        /// Servers c the utilization is a share of.
        public var servers: Double
        /// Observed utilization U.
        public var observed: Double
        /// Utilization the fit predicts, D·X/c.
        public var predicted: Double
        /// This window's own demand U·c/(X·r), seconds.
        public var demand: Double
        /// The model's demand in this window relative to its demand at the mean hit rate (1
        /// without observed hit rates).
        public var relative: Double
    }

    /// Demand at one load level: windows whose throughput falls in one band.
    public struct LoadLevel: Codable, Sendable, Equatable {
        /// Mean throughput of its windows, requests per second.
        public var throughput: Double
        /// Lowest and highest throughput of its windows.
        public var lowest: Double
        public var highest: Double
        /// Least-squares demand over its windows, seconds.
        public var demand: Double
        public var windows: Int
    }

    /// D, seconds per request.
    public var demand: Double
    /// Its standard error, seconds.
    public var standardError: Double
    public var windows: [Window]
    /// Root-mean-square error of the predicted utilization (a ratio).
    public var utilizationRMSE: Double
    /// Mean |predicted − observed| / observed over windows with observed > 0.
    public var utilizationMAPE: Double
    /// 1 − SS_res/SS_tot of the utilization; nil when the observed utilization does not vary.
    public var rSquared: Double?
    /// Demand by load level (up to 5 equal bands of throughput); empty when the throughput
    /// spans less than a factor 1.25 (one load level: nothing to compare).
    public var levels: [LoadLevel]
    /// Slope of the per-window demand against throughput (seconds per request per request/s),
    /// and its t statistic; nil with one load level.
    public var slope: Double?
    public var slopeT: Double?
    /// The demand clearly varies with the load: |t| > 3 and the fitted line changes by more than
    /// 10 % of D across the observed throughputs.
    public var loadDependent: Bool
    /// The fitted line's change across the observed throughputs, relative to D.
    public var loadChange: Double?

    /// Smallest number of windows a fit takes.
    public static let minimumWindows = 3

    /// The fit over (throughput, servers, utilization, time) windows with throughput > 0; nil
    /// with fewer than ``minimumWindows``.
    /// `relative` (by position, 1 when absent) is each window's r_i.
    public static func fit(_ points: [(time: Double, throughput: Double, servers: Double, utilization: Double)],
                           relative: [Double] = []) -> DemandFit? {
        let kept = points.indices.filter { points[$0].throughput > 0 && points[$0].servers > 0 }
        guard kept.count >= minimumWindows else { return nil }
        let n = Double(kept.count)
        func r(_ i: Int) -> Double { i < relative.count && relative[i] > 0 ? relative[i] : 1 }
        func x(_ i: Int) -> Double { points[i].throughput * r(i) }
        func b(_ i: Int) -> Double { points[i].utilization * points[i].servers }
        let sxx = kept.reduce(0) { $0 + x($1) * x($1) }
        let sxb = kept.reduce(0) { $0 + x($1) * b($1) }
        let d = sxb / sxx
        let residuals = kept.reduce(0) { acc, i in
            let e = b(i) - d * x(i)
            return acc + e * e
        }
        let se = sqrt(residuals / (n - 1) / sxx)
        let windows = kept.map { i in
            Window(time: points[i].time, throughput: points[i].throughput, servers: points[i].servers,
                   observed: points[i].utilization, predicted: d * x(i) / points[i].servers, demand: b(i) / x(i),
                   relative: r(i))
        }
        let ssRes = windows.reduce(0) { $0 + ($1.predicted - $1.observed) * ($1.predicted - $1.observed) }
        let meanU = windows.reduce(0) { $0 + $1.observed } / n
        let ssTot = windows.reduce(0) { $0 + ($1.observed - meanU) * ($1.observed - meanU) }
        let positive = windows.filter { $0.observed > 0 }
        let mape = positive.isEmpty ? 0 : positive.reduce(0) { $0 + abs($1.predicted - $1.observed) / $1.observed } / Double(positive.count)
        var fit = DemandFit(
            demand: d, standardError: se, windows: windows, utilizationRMSE: sqrt(ssRes / n), utilizationMAPE: mape,
            rSquared: ssTot > 1e-12 * max(meanU * meanU, 1e-300) * n ? 1 - ssRes / ssTot : nil,
            levels: [], slope: nil, slopeT: nil, loadDependent: false, loadChange: nil)
        fit.fitLoadLevels()
        return fit
    }

    /// Load levels and the slope of the per-window demand against throughput.
    private mutating func fitLoadLevels() {
        let xs = windows.map(\.throughput)
        guard let low = xs.min(), let high = xs.max(), high >= 1.25 * low, windows.count >= 4 else { return }
        let bands = min(5, windows.count / 2)
        let width = (high - low) / Double(bands)
        var members = Array(repeating: [Window](), count: bands)
        for w in windows { members[min(bands - 1, Int((w.throughput - low) / width))].append(w) }
        levels = members.filter { !$0.isEmpty }.map { band in
            let sxx = band.reduce(0) { $0 + $1.throughput * $1.relative * $1.throughput * $1.relative }
            let sxb = band.reduce(0) { $0 + $1.throughput * $1.relative * $1.observed * $1.servers }
            return LoadLevel(throughput: band.reduce(0) { $0 + $1.throughput } / Double(band.count),
                             lowest: band.map(\.throughput).min()!, highest: band.map(\.throughput).max()!,
                             demand: sxb / sxx, windows: band.count)
        }
        // Ordinary least squares of d_i on X_i, with intercept.
        let n = Double(windows.count)
        let mx = xs.reduce(0, +) / n
        let ds = windows.map(\.demand)
        let md = ds.reduce(0, +) / n
        let sxx = xs.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let sxd = zip(xs, ds).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - md) }
        let b = sxd / sxx
        let a = md - b * mx
        let sse = zip(xs, ds).reduce(0) { acc, p in
            let r = p.1 - a - b * p.0
            return acc + r * r
        }
        let seB = sqrt(sse / max(n - 2, 1) / sxx)
        slope = b
        slopeT = seB > 0 ? b / seB : (b == 0 ? 0 : .infinity)
        let change = demand > 0 ? b * (high - low) / demand : 0
        loadChange = change
        loadDependent = abs(slopeT ?? 0) > 3 && abs(change) > 0.1
    }
}
