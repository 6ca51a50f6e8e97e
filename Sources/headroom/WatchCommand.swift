import ArgumentParser
import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomModeling
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `headroom watch MODEL`: a terminal dashboard of a run, redrawn window by window at a chosen
/// speed.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch a run on a terminal dashboard, window by window, at --speed simulated seconds per second.",
        discussion: """
            Simulates the model (nothing is stored), then redraws the screen at the end of each \
            window of its series, paced at --speed simulated seconds per wall-clock second: per \
            component a bar of its busy servers with its utilization and queue, the run's \
            throughput, arrivals, p99 and the worst window p99 so far, its errors, and each alert \
            from the window it fires (and resolves) in. On a terminal each frame replaces the last; \
            otherwise (a pipe, a log) the frames follow one another.

            Examples:
              headroom watch models/flash-sale.yaml --speed 60
              headroom watch models/retry-storm.yaml --speed 20 --set traffic.classes.api.client.budget=10%
            """)

    @OptionGroup var model: ModelOptions

    @Option(help: ArgumentHelp("Simulated seconds per wall-clock second (default 60).", valueName: "x"))
    var speed: Double = 60

    func validate() throws {
        guard speed.isFinite, speed > 0 else { throw ValidationError("--speed must be above 0, found \(speed)") }
    }

    func run() throws {
        try exitingOnFailure {
            let loaded = try model.load()
            let result = Simulation.run(loaded.spec)
            let dashboard = WatchDashboard(model: loaded.spec.name, result: result)
            let terminal = isatty(1) != 0
            let start = Date()
            for (index, frame) in dashboard.frames.enumerated() {
                let due = frame.time / speed - Date().timeIntervalSince(start)
                if due > 0 { Thread.sleep(forTimeInterval: due) }
                // Home and clear, then the frame: each frame replaces the last on a terminal.
                let text = frame.lines.joined(separator: "\n") + "\n"
                StandardOutput.write(terminal ? "\u{1B}[H\u{1B}[2J" + text : (index == 0 ? "" : "\n") + text)
                try StandardOutput.finish()
            }
        }
    }
}
