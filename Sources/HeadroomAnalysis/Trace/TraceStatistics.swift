import HeadroomComponents
import HeadroomKernel

/// What a trace says about its traffic, so that a user can write its synthetic equivalent: rate
/// over time, class mix, key and tenant popularity with a fitted Zipf exponent, burstiness.
///
/// Read in one streaming pass (`TraceSource`). Memory grows with the trace's span (one count per
/// second) and with its distinct keys, tenants and sessions (one count each), never with its
/// number of lines.
public struct TraceStatistics: Sendable {
    /// Popularity of keys or tenants: how many distinct values, the fitted Zipf exponent, and
    /// the share of requests that went to the most requested value.
    public struct Popularity: Sendable, Equatable {
        public var distinct: Int
        public var zipf: Double
        public var topShare: Double
    }

    /// One class: its requests, their share, and its own key and tenant popularity.
    public struct ClassMix: Sendable, Equatable {
        public var name: String
        public var requests: Int
        public var share: Double
        public var keys: Popularity?
        public var tenants: Popularity?
    }

    /// Requests in one window of `TraceStatistics.window` seconds.
    public struct RatePoint: Sendable, Equatable {
        /// Start of the window, seconds after the start of the trace's first second.
        public var offset: Double
        public var requests: Int
        /// Requests per second over the window (its covered part for the last one).
        public var rate: Double
    }

    /// The index of dispersion of counts in windows of `window` seconds.
    public struct Burstiness: Sendable, Equatable {
        public var window: Double
        public var windows: Int
        public var index: Double
    }

    public var file: String
    public var format: TraceFormat
    /// Requests read (bad lines excluded).
    public var requests: Int
    public var badLines: Int
    public var problems: [TraceLineProblem]
    public var reordered: Int
    /// Trace time of the start of the first request's second, seconds.
    public var start: Double
    /// From `start` to the end of the last request's second, seconds.
    public var span: Double
    /// Requests per second over the span.
    public var meanRate: Double
    /// The window of `rateOverTime`, seconds.
    public var window: Double
    public var rateOverTime: [RatePoint]
    public var classes: [ClassMix]
    /// All classes together.
    public var keys: Popularity?
    public var tenants: Popularity?
    /// Distinct sessions, when the trace maps them.
    public var sessions: Int?
    /// At 1 s, 10 s and 1 min, each when the span holds at least 10 such windows.
    public var burstiness: [Burstiness]
    /// Whether the rate changes over the trace by more than Poisson noise: the index of
    /// dispersion at `window` is above 1 by more than four standard errors (√(2 / (W − 1)) for W
    /// windows), so a synthetic model needs a rate profile.
    public var rateVaries: Bool
    /// The recorded durations (a CSV `duration` column): mean, p50, p99, seconds.
    public var durations: (mean: Double, p50: Double, p99: Double)?

    /// Windows of `rateOverTime`, seconds: the smallest of these that gives at most
    /// `maxRatePoints` windows.
    public static let windows: [Double] = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 21_600, 86_400]
    public static let maxRatePoints = 60
    /// Windows of the burstiness figures, seconds.
    public static let burstinessWindows: [Double] = [1, 10, 60]
    /// Fewest windows a burstiness figure needs.
    public static let minimumWindows = 10

    /// Reads the trace `spec` describes. With `openClasses`, class names are learnt from the
    /// trace (a CSV `class` column, or `METHOD /first-segment` of an access log without rules).
    /// `window` (seconds) fixes the window of `rateOverTime`; nil chooses one.
    public static func read(
        _ spec: ReplaySpec, openClasses: Bool, window: Double? = nil
    ) throws(TraceFileError) -> TraceStatistics {
        let source = try TraceSource(spec: spec, seed: 1, openClasses: openClasses)
        var perSecond: [Int] = []
        var classCounts: [Int] = []
        var keyCounts: [UInt64: Int] = [:], tenantCounts: [UInt64: Int] = [:]
        var sessions: Set<UInt64> = []
        var classKeys: [[UInt64: Int]] = [], classTenants: [[UInt64: Int]] = []
        var durations = LatencyHistogram()
        var origin = Double.nan
        var requests = 0
        while let r = source.next() {
            if origin.isNaN { origin = r.time.rounded(.down) }
            let second = Int(r.time - origin)
            if second >= perSecond.count { perSecond.append(contentsOf: repeatElement(0, count: second - perSecond.count + 1)) }
            perSecond[second] += 1
            let k = Int(r.classIndex)
            while classCounts.count <= k {
                classCounts.append(0)
                classKeys.append([:])
                classTenants.append([:])
            }
            classCounts[k] += 1
            // A request without the field (hash 0) has no key, tenant or session to count.
            if r.keyHash != 0 {
                keyCounts[r.keyHash, default: 0] += 1
                classKeys[k][r.keyHash, default: 0] += 1
            }
            if r.tenantHash != 0 {
                tenantCounts[r.tenantHash, default: 0] += 1
                classTenants[k][r.tenantHash, default: 0] += 1
            }
            if r.sessionHash != 0 { sessions.insert(r.sessionHash) }
            if r.duration == r.duration { durations.record(r.duration) }
            requests += 1
        }
        let span = Double(perSecond.count)
        let chosen = window ?? (windows.first { (span / $0).rounded(.up) <= Double(maxRatePoints) } ?? windows.last!)
        let counts = windowCounts(perSecond, window: chosen)
        let rateOverTime = counts.enumerated().map { i, c in
            let covered = Swift.min(chosen, span - Double(i) * chosen)
            return RatePoint(offset: Double(i) * chosen, requests: c, rate: covered > 0 ? Double(c) / covered : 0)
        }
        let burstiness = burstinessWindows.compactMap { w -> Burstiness? in
            let whole = Int(span / w)
            guard whole >= minimumWindows else { return nil }
            let c = Array(windowCounts(perSecond, window: w).prefix(whole))
            return Dispersion.index(counts: c).map { Burstiness(window: w, windows: whole, index: $0) }
        }
        var rateVaries = false
        let whole = Int(span / chosen)
        if whole >= 3, let index = Dispersion.index(counts: Array(counts.prefix(whole))) {
            rateVaries = index > 1 + 4 * (2 / Double(whole - 1)).squareRoot()
        }
        let names = source.classNames
        let classes = classCounts.indices.compactMap { k -> ClassMix? in
            guard classCounts[k] > 0 else { return nil }
            return ClassMix(
                name: k < names.count ? names[k] : "class \(k)", requests: classCounts[k],
                share: Double(classCounts[k]) / Double(Swift.max(requests, 1)),
                keys: spec.key == nil ? nil : popularity(classKeys[k]),
                tenants: spec.tenant == nil ? nil : popularity(classTenants[k]))
        }
        return TraceStatistics(
            file: spec.file, format: spec.format, requests: requests, badLines: source.badLines,
            problems: source.problems, reordered: source.reordered, start: origin.isNaN ? 0 : origin, span: span,
            meanRate: span > 0 ? Double(requests) / span : 0, window: chosen, rateOverTime: rateOverTime,
            classes: classes, keys: spec.key == nil ? nil : popularity(keyCounts),
            tenants: spec.tenant == nil ? nil : popularity(tenantCounts),
            sessions: spec.session == nil ? nil : sessions.count, burstiness: burstiness, rateVaries: rateVaries,
            durations: durations.count == 0 ? nil
                : (durations.mean, durations.percentile(50), durations.percentile(99)))
    }

    /// Counts per window of `window` seconds (a whole number ≥ 1) from counts per second; the
    /// last window may be partial.
    static func windowCounts(_ perSecond: [Int], window: Double) -> [Int] {
        let w = Swift.max(1, Int(window))
        var out = [Int](repeating: 0, count: (perSecond.count + w - 1) / w)
        for (i, c) in perSecond.enumerated() { out[i / w] += c }
        return out
    }

    private static func popularity(_ counts: [UInt64: Int]) -> Popularity? {
        guard !counts.isEmpty else { return nil }
        // Deterministic order for the fit: by count, then by hash.
        let values = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.value)
        let total = values.reduce(0, +)
        return Popularity(
            distinct: values.count, zipf: ZipfFit.exponent(counts: values), topShare: Double(values[0]) / Double(total))
    }
}
