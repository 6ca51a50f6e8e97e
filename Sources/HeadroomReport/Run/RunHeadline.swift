import Foundation
import HeadroomAnalysis
import HeadroomComponents

/// The three lines at the top of a run report, so that a reader who reads nothing else knows:
/// whether the run meets its SLO, what limits it (the busiest group of resources), and the one
/// change that buys the most.
///
/// The change is the utilization law applied to the bottleneck: its busy servers U·c do not
/// change with c, so the key that sizes the group (``ResourceDeclaration/sizedBy``) raised from
/// c to ⌈c·U/0.7⌉ puts it at 70 % (the report's green line). U is the group's busiest member's
/// utilization after warm-up or, when the traffic surges (a window with 1.5 times the mean
/// arrival rate), the component's busiest window: a surge is sized by its peak, not by the mean. A resource that was saturated
/// (U ≥ 99 %) hides how much work waited: then U is what the busiest window offered it, the
/// mean utilization scaled by that window's arrivals over the mean throughput (without series,
/// the figure is a lower bound: "at least").
struct RunHeadline: Equatable, Sendable {
    enum Tone: String, Sendable {
        case met, missed, unstable, none
    }

    /// The utilization the suggested size aims at.
    static let target = 0.7
    /// At or above this the resource was saturated: demand is unknown beyond it.
    static let saturated = 0.99
    /// A window with this many times the run's mean arrival rate makes the traffic a surge.
    static let surge = 1.5

    var tone: Tone
    /// "Meets the SLO (…)", "Misses the SLO: …", "Unstable: …", "No SLO in the model: …".
    var verdict: String
    /// The busiest group and how busy; nil when the run has no resource with a declaration.
    var bottleneck: String?
    /// The change that buys the most, or why none is needed.
    var change: String?

    /// - Parameters:
    ///   - r: the run, or its replications pooled.
    ///   - slo: the model's service level, if it has one.
    ///   - series: the run whose time series gives the busiest window (the first replication).
    init(result r: RunResult, slo: ServiceLevel?, series: RunResult? = nil) {
        let verdict = r.verdict ?? (r.status == .unstable ? .unstable : .ok)
        let figures = "p99 \(Format.duration(r.latency.p99)), errors \(Format.percent(ReportText.errorRate(r.requests)))"
        let hasSLO = slo.map { $0.p99 != nil || $0.errorRate != nil } ?? false
        switch verdict {
        case .unstable:
            tone = .unstable
            self.verdict = "Unstable: " + (r.verdictReason ?? r.statusReason ?? "the system could not keep up")
        case .sloMissed:
            tone = .missed
            self.verdict = "Misses the SLO: " + (r.verdictReason ?? figures)
        case .ok:
            if let slo, hasSLO {
                tone = .met
                self.verdict = "Meets the SLO (\(ReportText.slo(slo))): \(figures)"
            } else {
                tone = .none
                self.verdict = "No SLO in the model: \(figures)"
            }
        }

        guard let top = Self.bottleneck(r.resourceLoads) else {
            bottleneck = nil
            change = nil
            return
        }
        let source = series ?? r
        let windowPeak = Self.peak(of: top.component, in: source)
        // Traffic that surges (a window's arrivals at least `surge` times the run's mean) is
        // sized by its busiest window; steady traffic by the mean, since the busiest of hundreds
        // of windows of a steady queue is only noise.
        let arrivals = Self.peak(of: "", metric: "arrival_rate", in: source)?.value
        let meanArrivals = Double(r.requests.arrived) / Swift.max(r.simulatedSeconds - r.warmupSeconds, 1e-9)
        let surges = arrivals.map { $0 >= Self.surge * meanArrivals } ?? false
        var peak = surges ? Swift.max(top.utilization, windowPeak?.value ?? 0) : top.utilization
        // Saturated in that window: what it was busy is no longer what it was asked. Scale the
        // run's mean utilization by the window's arrivals over the mean throughput (the same
        // work per request, more requests) for what the window offered it.
        var offered: Double?
        if surges, peak >= Self.saturated, r.throughput > 0, let arrivals {
            offered = top.utilization * arrivals / r.throughput
            peak = Swift.max(peak, offered ?? 0)
        }
        var busy = "\(top.name) (\(top.busiest.type.rawValue.replacingOccurrences(of: "_", with: " "))), "
            + "\(Format.percent(top.utilization)) busy after warm-up"
        if surges, let windowPeak, windowPeak.value > top.utilization + 0.05 {
            busy += ", \(Format.percent(windowPeak.value)) in its busiest window (the one ending at \(Format.duration(windowPeak.time)))"
        }
        bottleneck = "Bottleneck: " + busy

        let servers = top.servers
        if peak < Self.target {
            change = tone == .missed || tone == .unstable
                ? "No resource is above \(Format.percent(Self.target)) busy: more servers will not help; look at "
                    + "service times, timeouts and retries"
                : "No change needed: the busiest resource stays below \(Format.percent(Self.target))"
        } else {
            let needed = Swift.max(servers + 1, Int((Double(servers) * peak / Self.target).rounded(.up)))
            let bound = peak >= Self.saturated && offered == nil ? "at least " : ""
            let basis = offered.map { "the busiest window offered it \(Format.percent($0)) of its servers; " } ?? ""
            change = "The change that buys the most: \(top.busiest.sizedBy) from \(servers) to \(bound)\(needed) "
                + "(utilization law: \(basis)puts \(top.name) at \(Format.percent(Self.target)) or less)"
        }
    }

    /// The busiest group. Within half a point of utilization, threads give way to the others:
    /// a thread is held while its request waits for a core or for anything downstream, so
    /// threads and cores saturated together are the cores' doing.
    static func bottleneck(_ loads: [ResourceLoad]) -> ResourceLoad? {
        loads.max { a, b in
            if abs(a.utilization - b.utilization) > 0.005 { return a.utilization < b.utilization }
            return a.role == .threads && b.role != .threads
        }
    }

    /// A series' highest window after warm-up (a component's utilization by default; scope ''
    /// is run-wide), with the window's end in seconds.
    static func peak(of scope: String, metric: String = "utilization", in r: RunResult) -> (value: Double, time: Double)? {
        var best: (value: Double, time: Double)?
        for p in r.series where p.scope == scope && p.metric == metric && p.time > r.warmupSeconds && p.value.isFinite {
            if p.value > (best?.value ?? -1) { best = (p.value, p.time) }
        }
        return best
    }

    /// The headline as a block of HTML, above the summary.
    func html() -> String {
        let e = HTML.escape
        var out = "<div class=\"headline \(tone.rawValue)\" id=\"headline\">\n<p class=\"headline-verdict\">\(e(verdict))</p>\n"
        if let bottleneck { out += "<p class=\"headline-bottleneck\">\(e(bottleneck))</p>\n" }
        if let change { out += "<p class=\"headline-change\">\(e(change))</p>\n" }
        return out + "</div>"
    }
}
