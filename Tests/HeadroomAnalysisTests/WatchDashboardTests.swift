import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomModeling
import Testing

/// `headroom watch`'s frames, from a real run: one per window, in order, each with the run's
/// figures of that window.
@Suite struct WatchDashboardTests {
    @Test func oneFramePerWindowWithThatWindowsFigures() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let loaded = try ModelLoader.load(file: root.appendingPathComponent("models/textbook/mmc.yaml").path,
                                          overrides: ["duration=600s", "warmup=60s"])
        let result = Simulation.run(loaded.spec)
        let dashboard = WatchDashboard(model: "mmc", result: result)
        let windows = Array(Set(result.series.map(\.time))).sorted()
        #expect(dashboard.frames.map(\.time) == windows)
        #expect(dashboard.frames.last?.time == 600)
        // Each frame's utilization is that window's, and its bar is filled in proportion
        // (24 characters, rounded).
        for frame in dashboard.frames {
            let u = try #require(result.series.first { $0.time == frame.time && $0.scope == "servers" && $0.metric == "utilization" }?.value)
            let row = try #require(frame.lines.first { $0.hasPrefix("servers ") })
            #expect(row.contains(Format.percent(u)), "\(row)")
            #expect(row.filter { $0 == "█" }.count == Int((u * 24).rounded()), "\(row)")
        }
        #expect(dashboard.frames.allSatisfy { $0.lines.contains("alerts: none so far") || $0.lines.contains("alerts:") })
    }
}
