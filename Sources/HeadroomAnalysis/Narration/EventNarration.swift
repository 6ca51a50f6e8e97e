import Foundation
import HeadroomComponents

/// The first events of a run told in order — when each request arrives, waits, gets a server,
/// gives it back and leaves, with the queue and the busy servers of its station after each step
/// — so that a student can follow an M/M/1 queue by hand (`headroom trace`).
///
/// It reads the engine's own trace (``Simulation/trace(_:)``, the state changes of every
/// request) of a run started at time 0 without warm-up, long enough to hold the events asked
/// for: the same draws as the full run, since arrivals and service times come from named streams
/// in order, so the first events are the same whatever the run's length. The queue and busy
/// figures are counted from those events themselves (a start takes a server, a release gives it
/// back, a queued request leaves the queue when it starts or times out).
public struct EventNarration: Sendable, Codable, Equatable {
    /// One event.
    public struct Line: Sendable, Codable, Equatable {
        /// Simulated time, seconds.
        public var time: Double
        /// The request's arrival number, from 0.
        public var request: Int
        /// `arrive`, `queue`, `start`, `release`, `reject`, `timeout` or `done`.
        public var event: String
        /// The station (a resource: `server`, `app.0.cores`, `db.primary`), or the request's
        /// class for `arrive` and `done`.
        public var station: String
        /// What happened, in words.
        public var what: String
        /// Requests waiting at the station after the event; nil for `arrive` and `done`.
        public var queue: Int?
        /// Busy servers of the station after the event; nil for `arrive` and `done`.
        public var busy: Int?
        /// The station's servers; nil for `arrive` and `done`.
        public var servers: Int?
    }

    public var model: String
    public var seed: UInt64
    public var lines: [Line]
    /// False when the whole run had fewer events than asked for.
    public var complete: Bool

    /// The most events `headroom trace` tells.
    public static let maximumEvents = 100_000

    /// Runs `spec` from time 0 without warm-up, long enough for `count` events (at most its
    /// own duration), and tells the first `count`.
    public static func narrate(_ spec: SimulationSpec, events count: Int) -> EventNarration {
        var base = spec
        base.warmup = 0
        let rate = spec.classes.map(\.rate).filter(\.isFinite).reduce(0, +)
        // About four events per request (arrive, start, release, done): start with enough
        // simulated time for `count` arrivals and grow it fourfold until the events are there.
        var duration = Swift.min(spec.duration, rate > 0 ? Swift.max(Double(count) / rate, 1e-6) : 1)
        while true {
            var run = base
            run.duration = duration
            let (trace, result) = Simulation.trace(run)
            if trace.count >= count || duration >= spec.duration {
                var servers: [String: Int] = [:]
                for component in result.components {
                    for resource in component.resources where servers[resource.name] == nil {
                        servers[resource.name] = resource.servers
                    }
                }
                let told = lines(Array(trace.prefix(count)), servers: servers)
                return EventNarration(model: spec.name, seed: spec.seed, lines: told, complete: trace.count >= count)
            }
            duration = Swift.min(spec.duration, duration * 4)
        }
    }

    /// The lines of a trace, with the queue and busy servers of each station counted from it.
    public static func lines(_ trace: [TraceRecord], servers: [String: Int]) -> [Line] {
        var busy: [String: Int] = [:]
        var waiting: [String: Set<Int>] = [:]
        var arrived: [Int: Double] = [:]
        var out: [Line] = []
        out.reserveCapacity(trace.count)
        for record in trace {
            let station = record.component
            var what: String
            var atStation = true
            switch record.event {
            case .arrive:
                arrived[record.request] = record.time
                what = "arrives (class \(station))"
                atStation = false
            case .reject:
                what = "is turned away: \(station) is full"
            case .queue:
                waiting[station, default: []].insert(record.request)
                what = "waits in the queue: all servers busy"
            case .start:
                if waiting[station]?.remove(record.request) != nil {
                    let since = arrivedWait(record, trace: out)
                    what = "leaves the queue and starts service" + (since.map { " (waited \(Self.seconds($0)))" } ?? "")
                } else {
                    what = "starts service at once"
                }
                busy[station, default: 0] += 1
            case .release:
                busy[station, default: 0] -= 1
                what = "finishes service, frees a server"
            case .timeout:
                waiting[station]?.remove(record.request)
                what = "gives up waiting (timeout)"
            case .done:
                atStation = false
                what = "leaves the system" + (arrived[record.request].map { ", \(Self.seconds(record.time - $0)) after arriving" } ?? "")
            }
            out.append(Line(
                time: record.time, request: record.request, event: record.event.rawValue, station: station, what: what,
                queue: atStation ? waiting[station]?.count ?? 0 : nil, busy: atStation ? busy[station] ?? 0 : nil,
                servers: atStation ? servers[station] : nil))
        }
        return out
    }

    /// How long the request of `record` waited at its station: since its `queue` line there.
    private static func arrivedWait(_ record: TraceRecord, trace: [Line]) -> Double? {
        trace.last { $0.request == record.request && $0.station == record.component && $0.event == "queue" }
            .map { record.time - $0.time }
    }

    /// Seconds with three decimals: `1.234s`.
    static func seconds(_ value: Double) -> String { String(format: "%.3fs", value) }

    /// The narration as a table: time, request, station, what happened, queue, busy/servers.
    public var text: String {
        var rows = [["time", "request", "station", "what happened", "queue", "busy"]]
        for line in lines {
            rows.append([
                Self.seconds(line.time), "#\(line.request)", line.station, line.what,
                line.queue.map(String.init) ?? "",
                line.busy.map { busy in "\(busy)" + (line.servers.map { "/\($0)" } ?? "") } ?? "",
            ])
        }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = Swift.max(widths[i], cell.count) } }
        let rightAligned: Set<Int> = [0, 4, 5]
        var out = "\(model), seed \(seed): the first \(lines.count) events from t = 0 (no warm-up)\n"
        for row in rows {
            let cells = row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }
            var row = cells.joined(separator: "  ")
            while row.last == " " { row.removeLast() }
            out += row + "\n"
        }
        if !complete { out += "(the run ended after \(lines.count) events)\n" }
        return out
    }
}
