import Foundation
import HeadroomComponents

/// The frames of `headroom watch`: a run's course window by window, as a terminal screen — per
/// component a bar of its busy servers and its queue, the run's throughput and p99, and the
/// alerts fired so far.
///
/// Built from a finished run's series (one point per window and metric) and alerts, so the
/// engine needs no hook: the command simulates first (a run takes seconds) and then plays the
/// frames back at the speed asked for. Frame `i` shows the state at the end of window `i`.
public struct WatchDashboard: Sendable {
    /// The state at the end of one window.
    public struct Frame: Sendable, Equatable {
        /// End of the window, simulated seconds.
        public var time: Double
        /// The screen, one string per line.
        public var lines: [String]
    }

    public var model: String
    public var duration: Double
    public var frames: [Frame]

    /// Width of a component's bar, characters.
    static let barWidth = 24

    /// The frames of `result` (a run of a model named `model`).
    public init(model: String, result: RunResult) {
        self.model = model
        self.duration = result.simulatedSeconds
        var byTime: [Double: [String: Double]] = [:]
        var times: [Double] = []
        for p in result.series {
            if byTime[p.time] == nil {
                byTime[p.time] = [:]
                times.append(p.time)
            }
            byTime[p.time]![p.scope + "\u{1F}" + p.metric] = p.value
        }
        let components = result.components.filter { $0.kind != .loadBalancer }
        let nameWidth = Swift.max(9, components.map(\.name.count).max() ?? 0)
        var worstP99 = 0.0
        var frames: [Frame] = []
        for time in times {
            let values = byTime[time] ?? [:]
            func value(_ scope: String, _ metric: String) -> Double? {
                values[scope + "\u{1F}" + metric].flatMap { $0.isFinite ? $0 : nil }
            }
            let p99 = value("", "latency_p99")
            if let p99, time > result.warmupSeconds { worstP99 = Swift.max(worstP99, p99) }
            var lines = ["headroom watch · \(model) · t = \(Self.clock(time)) of \(Self.clock(result.simulatedSeconds))"
                + (time <= result.warmupSeconds ? " (warm-up)" : "")]
            lines.append("throughput \(Self.rate(value("", "throughput"))) · arrivals \(Self.rate(value("", "arrival_rate")))"
                + " · p99 \(p99.map(Format.duration) ?? "-") · worst p99 so far \(worstP99 > 0 ? Format.duration(worstP99) : "-")"
                + " · errors \(value("", "error_rate").map(Format.percent) ?? "-")")
            lines.append("")
            lines.append("component".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
                + "busy servers".padding(toLength: Self.barWidth + 2, withPad: " ", startingAt: 0) + "  utilization   queue")
            for c in components {
                // Kinds name their series differently: a pool's busy share is its usage, an app
                // server's queue its backlog, a pool's its waiting requests.
                let u = value(c.name, "utilization") ?? value(c.name, "usage")
                let servers = c.servers
                let queue = value(c.name, "queue") ?? value(c.name, "backlog") ?? value(c.name, "waiting")
                let busy = u.map { $0 * Double(servers) }
                let bar = Self.bar(u ?? 0)
                lines.append(c.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  [" + bar + "]  "
                    + (u.map(Format.percent) ?? "-").leftPadded(6)
                    + (busy.map { " \(String(format: "%.1f", $0))/\(servers)" } ?? "").padding(toLength: 10, withPad: " ", startingAt: 0)
                    + (queue.map { String(format: "%.1f", $0) } ?? "-").leftPadded(6))
            }
            lines.append("")
            let fired = result.alerts.filter { $0.firedAt <= time }
            if fired.isEmpty {
                lines.append("alerts: none so far")
            } else {
                lines.append("alerts:")
                for alert in fired {
                    let state = alert.resolvedAt.map { $0 <= time ? "resolved at \(Self.clock($0))" : "firing" } ?? "firing"
                    lines.append("  \(Self.clock(alert.firedAt))  \(alert.name) (\(state))")
                }
            }
            frames.append(Frame(time: time, lines: lines))
        }
        self.frames = frames
    }

    /// A bar of `ratio` (0–1) in `barWidth` characters: █ for busy, · for idle.
    static func bar(_ ratio: Double) -> String {
        let filled = Int((Swift.min(Swift.max(ratio, 0), 1) * Double(barWidth)).rounded())
        return String(repeating: "█", count: filled) + String(repeating: "·", count: barWidth - filled)
    }

    /// Simulated time as m:ss (h:mm:ss past an hour).
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.down))
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    static func rate(_ value: Double?) -> String {
        value.map { String(format: "%.1f/s", $0) } ?? "-"
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
