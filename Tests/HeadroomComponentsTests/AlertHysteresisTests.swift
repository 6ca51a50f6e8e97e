import HeadroomComponents
import HeadroomKernel
import Testing

/// Alerts wait for the warm-up and do not flap: a worked, deterministic case. Requests every
/// 0.125 s (80 per 10 s window) plus one every 20 s, each served in 0.0625 s, so the run-wide
/// throughput of the windows ending at 30, 50, 70, … s is 8.1/s and of the others 8.0/s.
@Suite struct AlertHysteresisTests {
    static func spec(threshold: Double, warmup: Double) -> SimulationSpec {
        var spec = SimulationSpec(
            name: "flap", duration: 200, warmup: warmup, seed: 1, stations: [StationSpec(name: "s", servers: 2)],
            classes: [
                ClassSpec(name: "steady", interarrival: .constant(0.125), steps: [.visit(station: 0, service: .constant(0.0625))]),
                ClassSpec(name: "extra", interarrival: .constant(20), steps: [.visit(station: 0, service: .constant(0.0625))]),
            ])
        spec.window = 10
        spec.alerts = [AlertRule(name: "busy", metric: "throughput", threshold: threshold)]
        return spec
    }

    /// Throughput alternates between 8.1/s (above 8.05) and 8.0/s (below it, but above 90 % of
    /// it): the alert fires once, at the first window above, and stays firing.
    @Test func aMetricAroundItsThresholdFiresOnce() throws {
        let result = Simulation.run(Self.spec(threshold: 8.05, warmup: 0))
        let throughput = result.series.filter { $0.scope == "" && $0.metric == "throughput" }.map(\.value)
        #expect(throughput.contains { abs($0 - 8.1) < 1e-9 } && throughput.contains { abs($0 - 8.0) < 1e-9 })
        #expect(result.alerts.count == 1)
        let alert = try #require(result.alerts.first)
        #expect(alert.firedAt == 30)
        #expect(alert.resolvedAt == nil)
        #expect(abs(alert.peak - 8.1) < 1e-9)
    }

    /// Above the threshold from the first window, but the warm-up lasts 55 s: the alert fires at
    /// the end of the first window that ends after it.
    @Test func alertsWaitForTheWarmUp() throws {
        let result = Simulation.run(Self.spec(threshold: 7, warmup: 55))
        let alert = try #require(result.alerts.first)
        #expect(result.alerts.count == 1)
        #expect(alert.firedAt == 60)
    }
}
