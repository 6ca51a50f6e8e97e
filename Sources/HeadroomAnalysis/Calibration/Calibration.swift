import Foundation
import HeadroomComponents

/// A model's service times fitted to measurements of the real system (`headroom calibrate`,
/// docs/calibration.md).
///
/// For each calibrated component (``CalibrationTarget``): the service demand D from its observed
/// utilization and the run-wide throughput by the utilization law (``DemandFit``); with observed
/// `service_p50` and `service_p99` (seconds, the medians over windows) the shape of its service
/// time (``PercentileFit``), its mean then set by D when the utilization is observed too. The
/// model keeps its relative times: every service time of the component is multiplied by
/// ``Component/factor`` = D / D_model, except that a component with exactly one service-time
/// distribution and observed percentiles gets the fitted family instead.
public struct Calibration: Codable, Sendable, Equatable {
    /// A service-time distribution fitted to observed percentiles.
    public struct ServiceFit: Codable, Sendable, Equatable {
        /// Medians over windows of the observed `service_p50` and `service_p99`, seconds.
        public var observedP50: Double
        public var observedP99: Double
        /// Windows that had both.
        public var windows: Int
        public var fit: PercentileFit
        /// The p50 and p99 of the distribution written (the fitted shape with the calibrated
        /// mean), seconds.
        public var predictedP50: Double
        public var predictedP99: Double
        /// Whether the model's distribution is replaced by it (it has exactly one).
        public var applied: Bool
    }

    /// One fitted component.
    public struct Component: Codable, Sendable, Equatable {
        public var target: CalibrationTarget
        /// Calibrated demand per request D, seconds.
        public var demand: Double
        /// D / D_model: what every service time of the component is multiplied by.
        public var factor: Double
        /// Calibrated mean service time per visit, D / V, seconds.
        public var meanService: Double
        /// The utilization-law fit, when the utilization was observed.
        public var utilization: DemandFit?
        /// The percentile fit, when `service_p50` and `service_p99` were observed.
        public var service: ServiceFit?
        /// What was fitted from what, in words (the comment written into the model).
        public var source: String
        /// Remarks: percentiles not applied, means that disagree, a demand that varies with load.
        public var notes: [String]
    }

    /// A component that was not fitted, and why.
    public struct Skipped: Codable, Sendable, Equatable {
        public var component: String
        public var reason: String
    }

    public var model: String
    /// Windows in the observed data (after any time filter).
    public var windows: Int
    /// Windows whose throughput was 0 (left out of utilization fits: they say nothing of D).
    public var idleWindows: Int
    public var family: PercentileFamily
    public var components: [Component]
    public var skipped: [Skipped]
    /// Caches' observed hit rates used for the model's demands (empty when none observed).
    public var hitRates: [String: Double] = [:]

    /// Metrics calibration reads; others are ignored.
    public static let throughputMetric = "throughput"
    public static let utilizationMetric = "utilization"
    public static let inRotationMetric = "in_rotation"
    public static let p50Metric = "service_p50"
    public static let p99Metric = "service_p99"

    /// Fits `targets` to `observed`.
    ///
    /// - Parameters:
    ///   - components: every component of the model, in model order (observed scopes must be
    ///     among them).
    ///   - only: fit only these components (`--fit`); nil for every target with data.
    ///   - relative: by component and window index, the model's demand in that window over its
    ///     demand in `targets` (``DemandFit``'s r_i); 1 where absent.
    /// - Throws: ``CalibrationError`` for an observed scope the model lacks, a `--fit` name that
    ///   is not a calibrated component or cannot be fitted, utilization without a throughput
    ///   series or with zero throughput in every window, and when nothing can be fitted.
    public static func fit(
        model: String, targets: [CalibrationTarget], components: [(name: String, kind: ComponentType)],
        observed: ObservedMetrics,
        family: PercentileFamily = .lognormal, only: [String]? = nil, relative: [String: [Int: Double]] = [:]
    ) throws(CalibrationError) -> Calibration {
        let names = components.map(\.name)
        for scope in observed.scopes where !scope.isEmpty && !names.contains(scope) {
            throw CalibrationError(
                "the observed data has scope '\(scope)' (\(observed.origin.first { $0.key.scope == scope }?.value ?? "")), "
                    + "which is not a component of the model",
                suggestion: nearest(scope, in: names), known: names)
        }
        var chosen = targets
        if let only {
            chosen = []
            for name in only {
                if let target = targets.first(where: { $0.component == name }) {
                    chosen.append(target)
                } else if names.contains(name) {
                    throw CalibrationError("--fit \(name): not calibrated: \(reasonNotCalibrated(name, components: components))")
                } else {
                    throw CalibrationError("--fit: the model has no component '\(name)'",
                                           suggestion: nearest(name, in: names), known: names)
                }
            }
        }
        let throughput = observed.values("", throughputMetric)
        let throughputByWindow = Dictionary(uniqueKeysWithValues: throughput.map { ($0.window, $0.value) })
        let needsThroughput = chosen.contains { !observed.values($0.component, utilizationMetric).isEmpty }
        if needsThroughput {
            guard !throughput.isEmpty else {
                throw CalibrationError("no run-wide throughput in the observed data: the utilization law needs the series "
                    + "time,,throughput,VALUE (scope empty, requests per second) besides each component's utilization")
            }
            guard throughput.contains(where: { $0.value > 0 }) else {
                throw CalibrationError("the observed throughput is 0 in every window: the utilization law needs windows "
                    + "that completed requests")
            }
        }
        var fitted: [Component] = []
        var skipped: [Skipped] = []
        for target in chosen {
            switch fitComponent(target, observed: observed, throughput: throughputByWindow, family: family,
                                relative: relative[target.component] ?? [:]) {
            case .success(let component): fitted.append(component)
            case .failure(let reason):
                if only != nil { throw CalibrationError("--fit \(target.component): cannot be fitted: \(reason.message)") }
                skipped.append(Skipped(component: target.component, reason: reason.message))
            }
        }
        if only == nil {
            for name in names where !targets.contains(where: { $0.component == name }) {
                let reason = reasonNotCalibrated(name, components: components)
                if !reason.isEmpty { skipped.append(Skipped(component: name, reason: reason)) }
            }
        }
        guard !fitted.isEmpty else {
            throw CalibrationError("nothing could be calibrated:\n" + skipped.map { "  \($0.component): \($0.reason)" }.joined(separator: "\n"))
        }
        return Calibration(
            model: model, windows: observed.windows.count,
            idleWindows: needsThroughput ? throughput.filter { $0.value == 0 }.count : 0,
            family: family, components: fitted, skipped: skipped)
    }

    private static func reasonNotCalibrated(_ name: String, components: [(name: String, kind: ComponentType)]) -> String {
        components.first { $0.name == name }.map { CalibrationTarget.reasonNotCalibrated($0.kind) } ?? ""
    }

    private static func fitComponent(
        _ target: CalibrationTarget, observed: ObservedMetrics, throughput: [Int: Double], family: PercentileFamily,
        relative: [Int: Double]
    ) -> Result<Component, CalibrationError> {
        let name = target.component
        guard target.visits > 0, target.demand > 0 else {
            return .failure(CalibrationError("no request of the model visits it (its demand per request is 0)"))
        }
        let utilization = observed.values(name, utilizationMetric)
        let p50s = observed.values(name, p50Metric)
        let p99s = Dictionary(uniqueKeysWithValues: observed.values(name, p99Metric).map { ($0.window, $0.value) })
        let pairs = p50s.compactMap { p in p99s[p.window].map { (p50: p.value, p99: $0) } }
        guard !utilization.isEmpty || !pairs.isEmpty else {
            let metrics = observed.keys.filter { $0.scope == name }.map(\.metric)
            return .failure(CalibrationError(metrics.isEmpty
                ? "no metrics observed for it (needs utilization, or service_p50 and service_p99)"
                : "no utilization, nor service_p50 with service_p99, observed for it (it has: \(metrics.joined(separator: ", ")))"))
        }
        var notes: [String] = []
        var demandFit: DemandFit?
        var sources: [String] = []
        if !utilization.isEmpty {
            let rotation = Dictionary(uniqueKeysWithValues: observed.values(name, inRotationMetric).map { ($0.window, $0.value) })
            let used = utilization.filter { throughput[$0.window] != nil }
            let points = used.map { u -> (time: Double, throughput: Double, servers: Double, utilization: Double) in
                var servers = target.servers
                if let perReplica = target.serversPerReplica, let r = rotation[u.window], r > 0 { servers = r * perReplica }
                return (observed.windows[u.window].time, throughput[u.window]!, servers, u.value)
            }
            guard let fit = DemandFit.fit(points, relative: used.map { relative[$0.window] ?? 1 }) else {
                let usable = points.filter { $0.throughput > 0 }.count
                return .failure(CalibrationError("only \(usable) window\(usable == 1 ? "" : "s") with both utilization and a "
                    + "throughput above 0 (at least \(DemandFit.minimumWindows) needed)"))
            }
            demandFit = fit
            sources.append("utilization over \(fit.windows.count) windows (±\(Format.percent(fit.standardError / max(fit.demand, 1e-300))))")
            if fit.loadDependent, let change = fit.loadChange {
                notes.append("the demand varies with the load: the per-window demand changes by \(Format.signedPercent(change)) "
                    + "across the observed throughputs (t = \(Format.number(fit.slopeT ?? 0, digits: 3))); the model gets one "
                    + "demand, the least-squares one; see the load levels")
            }
        }
        var serviceFit: ServiceFit?
        var demand = demandFit?.demand ?? 0
        if !pairs.isEmpty {
            let p50 = median(pairs.map(\.p50)), p99 = median(pairs.map(\.p99))
            if let fit = PercentileFit.fit(family, p50: p50, p99: p99) {
                if demandFit == nil {
                    demand = fit.mean * target.visits
                    sources.append("service_p50 \(Format.duration(p50)) and service_p99 \(Format.duration(p99)) over \(pairs.count) windows (\(family.rawValue))")
                } else {
                    sources.append("shape from service_p50 \(Format.duration(p50)) and p99 \(Format.duration(p99)) (\(family.rawValue))")
                    let gap = fit.mean / (demand / target.visits) - 1
                    if abs(gap) > 0.1 {
                        notes.append("the percentiles' mean \(Format.duration(fit.mean)) differs by \(Format.signedPercent(gap)) "
                            + "from the utilization's \(Format.duration(demand / target.visits)) per visit; the utilization's is kept")
                    }
                }
                let mean = demand / target.visits
                let predicted = fit.percentiles(mean: mean)
                let applied = target.sites == 1
                if !applied {
                    notes.append("percentiles not applied: \(target.sites) service-time distributions feed it and one p50/p99 "
                        + "cannot tell them apart; each is scaled instead")
                }
                serviceFit = ServiceFit(observedP50: p50, observedP99: p99, windows: pairs.count, fit: fit,
                                        predictedP50: predicted.p50, predictedP99: predicted.p99, applied: applied)
            } else if demandFit == nil {
                return .failure(CalibrationError(p99 <= p50
                    ? "its service_p99 (\(Format.duration(p99))) is not above its service_p50 (\(Format.duration(p50)))"
                    : "no \(family.rawValue) has p50 \(Format.duration(p50)) and p99 \(Format.duration(p99))"))
            } else {
                notes.append("percentiles not used: no \(family.rawValue) has p50 \(Format.duration(p50)) and p99 \(Format.duration(p99))")
            }
        }
        guard demand > 0 else { return .failure(CalibrationError("the observed utilization is 0 in every window")) }
        return .success(Component(
            target: target, demand: demand, factor: demand / target.demand, meanService: demand / target.visits,
            utilization: demandFit, service: serviceFit,
            source: "demand \(Format.duration(demand)) per request from " + sources.joined(separator: "; "), notes: notes))
    }

    /// Fits the calibrated components of `spec` (``CalibrationTarget/targets(of:sites:)``) to
    /// `observed`; see ``fit(model:targets:components:observed:family:only:)``.
    public static func fit(
        spec: SimulationSpec, sites: [String: Int] = [:], observed: ObservedMetrics,
        family: PercentileFamily = .lognormal, only: [String]? = nil
    ) throws(CalibrationError) -> Calibration {
        let hitRates = observedHitRates(observed)
        let targets = CalibrationTarget.targets(of: spec, sites: sites, hitRates: hitRates)
        // Window by window, the model's demands at that window's hit rates.
        var relative: [String: [Int: Double]] = [:]
        if !hitRates.isEmpty {
            let reference = Dictionary(uniqueKeysWithValues: targets.map { ($0.component, $0.demand) })
            for (i, window) in observed.windows.enumerated() {
                var rates = hitRates
                for cache in hitRates.keys {
                    if let h = window.values[ObservedKey(scope: cache, metric: "hit_rate")] { rates[cache] = h }
                }
                for t in CalibrationTarget.targets(of: spec, hitRates: rates) {
                    if let d = reference[t.component], d > 0, t.demand > 0 { relative[t.component, default: [:]][i] = t.demand / d }
                }
            }
        }
        var calibration = try fit(
            model: spec.name, targets: targets, components: spec.components.map { ($0.name, $0.kind.type) },
            observed: observed, family: family, only: only, relative: relative)
        calibration.hitRates = hitRates
        return calibration
    }

    /// Each cache's observed `hit_rate`, averaged over windows weighted by throughput (by
    /// window when there is no throughput).
    public static func observedHitRates(_ observed: ObservedMetrics) -> [String: Double] {
        let throughput = Dictionary(uniqueKeysWithValues: observed.values("", throughputMetric).map { ($0.window, $0.value) })
        var out: [String: Double] = [:]
        for key in observed.keys where key.metric == "hit_rate" && !key.scope.isEmpty {
            let values = observed.values(key.scope, key.metric)
            let weights = values.map { throughput.isEmpty ? 1 : (throughput[$0.window] ?? 0) }
            let total = weights.reduce(0, +)
            guard total > 0 else { continue }
            out[key.scope] = zip(values, weights).reduce(0) { $0 + $1.0.value * $1.1 } / total
        }
        return out
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// The name within a third of its length (at least 1, at most 3 edits) of `word`, if any;
    /// an edit is an insertion, a deletion, a substitution or a swap of two neighbours.
    static func nearest(_ word: String, in candidates: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            guard !a.isEmpty else { return b.count }
            guard !b.isEmpty else { return a.count }
            var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in 0...a.count { d[i][0] = i }
            for j in 0...b.count { d[0][j] = j }
            for i in 1...a.count {
                for j in 1...b.count {
                    d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
                }
            }
            return d[a.count][b.count]
        }
        let best = candidates.map { ($0, distance(Array(word.lowercased()), Array($0.lowercased()))) }.min { $0.1 < $1.1 }
        return best.flatMap { $0.1 <= max(1, min(3, $0.0.count / 3)) ? $0.0 : nil }
    }
}

/// Why calibration cannot go on, worded for the user; with a suggestion for a misspelt name.
public struct CalibrationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var suggestion: String?
    /// The names there are, for the message.
    public var known: [String]

    public init(_ message: String, suggestion: String? = nil, known: [String] = []) {
        self.message = message
        self.suggestion = suggestion
        self.known = known
    }

    public var description: String {
        if let suggestion { return message + " (did you mean '\(suggestion)'?)" }
        if !known.isEmpty { return message + "; its components: " + known.joined(separator: ", ") }
        return message
    }
}
