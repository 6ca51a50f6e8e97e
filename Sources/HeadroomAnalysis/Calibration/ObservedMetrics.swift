import HeadroomComponents

/// Measurements of a real system, window by window: what `headroom calibrate` fits a model to.
///
/// Each point is (time, scope, metric, value), the shape `headroom runs series --csv` writes:
/// `time` is the end of a window (any clock, seconds), `scope` a component's name or "" for
/// run-wide figures, `metric` e.g. `throughput` (requests per second), `utilization` (a ratio of
/// the component's servers) or `service_p50`/`service_p99` (seconds). Points with the same time
/// form one window. Read from the long CSV (``read(csv:file:)``) or from Prometheus' range-query
/// JSON (``read(prometheusJSON:file:rename:)``); several files merge (``merged(with:)``).
public struct ObservedMetrics: Sendable, Equatable {
    /// One window: its end time and the value of every series that has a point in it.
    public struct Window: Sendable, Equatable {
        /// End of the window, seconds (simulated time, or Unix time for Prometheus).
        public var time: Double
        public var values: [ObservedKey: Double]

        public init(time: Double, values: [ObservedKey: Double]) {
            self.time = time
            self.values = values
        }
    }

    /// Windows in time order.
    public var windows: [Window]
    /// Every series that has at least one point, in first-seen order.
    public var keys: [ObservedKey]
    /// Where each series came from (`file:line`), for messages.
    public var origin: [ObservedKey: String]

    public init(points: [SeriesPoint], origin: [ObservedKey: String] = [:]) {
        var byTime: [Double: [ObservedKey: Double]] = [:]
        var keys: [ObservedKey] = []
        var seen = Set<ObservedKey>()
        for p in points {
            let key = ObservedKey(scope: p.scope, metric: p.metric)
            if seen.insert(key).inserted { keys.append(key) }
            byTime[p.time, default: [:]][key] = p.value
        }
        windows = byTime.keys.sorted().map { Window(time: $0, values: byTime[$0]!) }
        self.keys = keys
        self.origin = origin
    }

    /// The points of both, `other`'s winning where both have a series at the same time.
    public func merged(with other: ObservedMetrics) -> ObservedMetrics {
        var points: [SeriesPoint] = []
        for metrics in [self, other] {
            for w in metrics.windows {
                for key in metrics.keys {
                    if let v = w.values[key] { points.append(SeriesPoint(time: w.time, scope: key.scope, metric: key.metric, value: v)) }
                }
            }
        }
        return ObservedMetrics(points: points, origin: origin.merging(other.origin) { _, new in new })
    }

    /// The scopes there are, in first-seen order ("" for run-wide).
    public var scopes: [String] {
        var seen = Set<String>()
        return keys.map(\.scope).filter { seen.insert($0).inserted }
    }

    /// `metric` of `scope` in every window that has it, as (window index, value).
    public func values(_ scope: String, _ metric: String) -> [(window: Int, value: Double)] {
        let key = ObservedKey(scope: scope, metric: metric)
        return windows.indices.compactMap { i in windows[i].values[key].map { (i, $0) } }
    }
}

/// One observed series: a metric of one scope, keyed as a run's own series are.
public typealias ObservedKey = SeriesKey

/// Observed data that cannot be read: the file, the line (1-based, when there is one) and why.
public struct ObservedDataError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)" }
}
