import HeadroomComponents

/// Two sets of runs compared metric by metric: the replications of A and of B (either may be a
/// single run), the means of each metric, their difference and whether it is significant at 95 %.
///
/// The test depends on how the runs relate:
/// - **paired** — the same number n ≥ 2 of runs on both sides and replication i of A has the
///   seed of replication i of B (common random numbers: what `headroom whatif` does). The paired
///   t-test on the n differences B_i − A_i, n − 1 degrees of freedom; the shared randomness
///   cancels out of the differences, so much smaller effects are detected than unpaired.
/// - **unpaired** — n ≥ 2 on each side otherwise: Welch's t-test (unequal variances,
///   Welch–Satterthwaite degrees of freedom).
/// - **single** — one run on either side: no spread to judge by, `significant` is nil.
///
/// A test with zero spread (every difference equal, or constant samples) is decided by the mean
/// difference alone: significant when it is not 0, not significant when it is 0 (identical runs).
public struct Comparison: Sendable {
    /// How the two sides are compared.
    public enum Test: String, Sendable, Encodable {
        case paired, welch, none
    }

    /// What a metric measures, for formatting.
    public enum Unit: String, Sendable, Encodable {
        case seconds, perSecond = "per_second", ratio, number

        /// A component metric's declared unit, as the comparison prints it.
        init(_ unit: MetricUnit) {
            switch unit {
            case .ratio: self = .ratio
            case .seconds: self = .seconds
            case .perSecond: self = .perSecond
            case .count, .number: self = .number
            }
        }
    }

    /// One metric of both sides.
    public struct Row: Sendable {
        /// A component name, or "" for run-wide metrics.
        public var scope: String
        /// `throughput`, `latency_p99`, `utilization`, `hit_rate`, …
        public var metric: String
        public var unit: Unit
        /// The mean over A's runs and over B's.
        public var meanA: Double
        public var meanB: Double
        /// meanB − meanA.
        public var difference: Double
        /// difference / |meanA|; nil when meanA is 0.
        public var relativeDifference: Double?
        /// Half-width of the 95 % confidence interval of the difference; nil without a test,
        /// +∞ when the degrees of freedom cannot be had.
        public var halfWidth: Double?
        /// Two-sided p-value of the test; nil without a test.
        public var pValue: Double?
        /// Whether the difference is significant at 95 %; nil with a single run on a side.
        public var significant: Bool?

        /// `scope.metric`, or the metric alone for run-wide ones.
        public var name: String { scope.isEmpty ? metric : "\(scope).\(metric)" }
    }

    /// How the sides are named in text and verdicts (`baseline`, `variant`; `run 12`).
    public var labelA = "A"
    public var labelB = "B"
    /// The runs of A and of B.
    public var countA: Int
    public var countB: Int
    /// Seeds of A's and B's runs, in order.
    public var seedsA: [UInt64]
    public var seedsB: [UInt64]
    public var test: Test
    /// The confidence level of the tests (0.95).
    public var level: Double
    public var rows: [Row]
    /// Components only A has, and only B has (by name).
    public var onlyInA: [String]
    public var onlyInB: [String]

    /// The note shown instead of a significance with a single run on a side.
    public static let singleRunNote = "n/a (one run: use --replications)"

    /// Compares `a` with `b` (neither may be empty); the test is chosen as described above.
    public init(_ a: [RunResult], _ b: [RunResult], level: Double = 0.95) {
        precondition(!a.isEmpty && !b.isEmpty, "a comparison needs at least one run on each side")
        countA = a.count
        countB = b.count
        seedsA = a.map(\.seed)
        seedsB = b.map(\.seed)
        self.level = level
        if a.count == 1 || b.count == 1 {
            test = .none
        } else if a.count == b.count && seedsA == seedsB {
            test = .paired
        } else {
            test = .welch
        }

        var rows: [Row] = []
        let test = test
        func add(_ scope: String, _ metric: String, _ unit: Unit, _ value: (RunResult) -> Double) {
            rows.append(Self.row(scope: scope, metric: metric, unit: unit, a.map(value), b.map(value),
                                 test: test, level: level))
        }
        add("", "throughput", .perSecond) { $0.throughput }
        add("", "latency_mean", .seconds) { $0.latency.mean }
        add("", "latency_p50", .seconds) { $0.latency.p50 }
        add("", "latency_p99", .seconds) { $0.latency.p99 }
        add("", "error_rate", .ratio) { Self.errorRate($0) }

        // Components by name, in A's order; a name must be in every run of a side to count.
        let namesA = Self.componentNames(a)
        let namesB = Self.componentNames(b)
        let setA = Set(namesA)
        let setB = Set(namesB)
        onlyInA = namesA.filter { !setB.contains($0) }
        onlyInB = namesB.filter { !setA.contains($0) }
        for name in namesA where setB.contains(name) {
            func component(_ run: RunResult) -> ComponentResult { run.components.first { $0.name == name }! }
            add(name, "utilization", .ratio) { component($0).utilization }
            add(name, "mean_queue", .number) { component($0).meanQueue }
            var shared: Set<String>?
            for run in a + b {
                let keys = Set(component(run).metrics.keys)
                shared = shared.map { $0.intersection(keys) } ?? keys
            }
            let type = component(a[0]).kind
            for metric in (shared ?? []).sorted() {
                add(name, metric, Unit(type.unit(ofMetric: metric))) { component($0).metrics[metric] ?? 0 }
            }
        }
        self.rows = rows
    }

    /// The row of one metric, by name (`throughput`, `servers.utilization`).
    public func row(_ name: String) -> Row? { rows.first { $0.name == name } }

    /// errors / (completed + errors); 0 when nothing finished.
    public static func errorRate(_ run: RunResult) -> Double {
        let errors = Double(run.requests.errors)
        let total = Double(run.requests.completed) + errors
        return total > 0 ? errors / total : 0
    }

    /// Component names present in every run of `runs`, in the first run's order.
    static func componentNames(_ runs: [RunResult]) -> [String] {
        let first = runs[0].components.map(\.name)
        return first.filter { name in runs.allSatisfy { $0.components.contains { $0.name == name } } }
    }


    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    static func variance(_ values: [Double]) -> Double {
        let m = mean(values)
        return values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
    }

    /// Two-sided p-value of t with ν degrees of freedom.
    static func pValue(_ t: Double, _ nu: Double) -> Double {
        min(1, 2 * StudentT.cdf(-abs(t), degreesOfFreedom: nu))
    }

    static func row(scope: String, metric: String, unit: Unit, _ a: [Double], _ b: [Double], test: Test,
                    level: Double) -> Row {
        let meanA = mean(a)
        let meanB = mean(b)
        let difference = meanB - meanA
        var row = Row(scope: scope, metric: metric, unit: unit, meanA: meanA, meanB: meanB, difference: difference,
                      relativeDifference: meanA != 0 ? difference / abs(meanA) : nil)
        switch test {
        case .none:
            break
        case .paired:
            let d = zip(a, b).map { $0.1 - $0.0 }
            let n = Double(d.count)
            let dBar = mean(d)
            let se = (variance(d) / n).squareRoot()
            row.halfWidth = StudentT.twoSidedCritical(level: level, degreesOfFreedom: n - 1) * se
            decide(&row, mean: dBar, se: se, nu: n - 1, level: level)
        case .welch:
            let va = variance(a) / Double(a.count)
            let vb = variance(b) / Double(b.count)
            let se = (va + vb).squareRoot()
            let denominator = va * va / Double(a.count - 1) + vb * vb / Double(b.count - 1)
            let nu = denominator > 0 ? (va + vb) * (va + vb) / denominator : Double(a.count + b.count - 2)
            row.halfWidth = StudentT.twoSidedCritical(level: level, degreesOfFreedom: nu) * se
            decide(&row, mean: difference, se: se, nu: nu, level: level)
        }
        return row
    }

    /// Significance from a mean difference, its standard error and degrees of freedom.
    static func decide(_ row: inout Row, mean: Double, se: Double, nu: Double, level: Double) {
        guard se > 0, se.isFinite else {
            // No spread: every difference is the same. Decided by whether it is 0.
            row.pValue = mean == 0 ? 1 : 0
            row.significant = mean != 0
            return
        }
        let p = pValue(mean / se, nu)
        row.pValue = p
        row.significant = p < 1 - level
    }
}

extension Comparison.Row: Encodable {
    enum Key: String, CodingKey {
        case name, scope, metric, unit, meanA = "mean_a", meanB = "mean_b", difference
        case relativeDifference = "relative_difference", halfWidth = "half_width", pValue = "p_value", significant
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(name, forKey: .name)
        try c.encode(scope, forKey: .scope)
        try c.encode(metric, forKey: .metric)
        try c.encode(unit, forKey: .unit)
        try c.encode(meanA, forKey: .meanA)
        try c.encode(meanB, forKey: .meanB)
        try c.encode(difference, forKey: .difference)
        try c.encode(relativeDifference, forKey: .relativeDifference)
        try c.encode(halfWidth, forKey: .halfWidth)
        try c.encode(pValue, forKey: .pValue)
        try c.encode(significant, forKey: .significant)
    }
}

extension Comparison: Encodable {
    enum Key: String, CodingKey {
        case labelA = "label_a", labelB = "label_b", test, level, countA = "count_a", countB = "count_b", seedsA = "seeds_a", seedsB = "seeds_b"
        case metrics, onlyInA = "only_in_a", onlyInB = "only_in_b", note, verdict
    }

    /// `metrics` is the list of rows; `note` says why there is no significance (single runs).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(labelA, forKey: .labelA)
        try c.encode(labelB, forKey: .labelB)
        try c.encode(test, forKey: .test)
        try c.encode(level, forKey: .level)
        try c.encode(countA, forKey: .countA)
        try c.encode(countB, forKey: .countB)
        try c.encode(seedsA, forKey: .seedsA)
        try c.encode(seedsB, forKey: .seedsB)
        try c.encode(rows, forKey: .metrics)
        try c.encode(onlyInA, forKey: .onlyInA)
        try c.encode(onlyInB, forKey: .onlyInB)
        try c.encode(test == .none ? Self.singleRunNote : nil, forKey: .note)
        try c.encode(verdict(), forKey: .verdict)
    }
}
