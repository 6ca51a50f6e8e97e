import HeadroomComponents
import HeadroomKernel
import Testing

/// Small scenarios of processor-sharing stations and wake-up costs, by their exact traces (the
/// closed-form tests are in HeadroomAnalysisTests/ProcessorSharingTests). Also run in the debug
/// pass, so the engine's assertions check the new paths.
@Suite struct StationDisciplineTests {
    /// Two classes, one arrival each in the run: a at 10 s and b at 10.5 s, 1 s of work each.
    static func pair(_ station: StationSpec) -> SimulationSpec {
        SimulationSpec(
            name: "pair", duration: 15, seed: 1, stations: [station],
            classes: [
                ClassSpec(name: "a", interarrival: .constant(10), steps: [.visit(station: 0, service: .constant(1))]),
                ClassSpec(name: "b", interarrival: .constant(10.5), steps: [.visit(station: 0, service: .constant(1))]),
            ])
    }

    static func releases(_ spec: SimulationSpec) -> [Double] {
        Simulation.trace(spec).trace.filter { $0.event == .release }.map(\.time)
    }

    /// FIFO with a 0.5 s wake-up: a finds the server idle and pays it (leaves at 11.5); b waits
    /// and is handed the busy server, so it does not (11.5 + 1 = 12.5).
    @Test func fifoWakeupOnlyForTheOneWhoFoundItIdle() {
        let times = Self.releases(Self.pair(StationSpec(name: "s", wakeup: 0.5)))
        #expect(times.count == 2)
        #expect(abs(times[0] - 11.5) < 1e-9 && abs(times[1] - 12.5) < 1e-9)
    }

    /// PS with a 0.5 s wake-up: a has 1.5 s of work, b (arriving to a busy core) 1 s. Alone until
    /// 10.5, a has 1 s left; shared at half speed both have 1 s left, so both finish at 12.5.
    @Test func psWakeupAddsWork() {
        let times = Self.releases(Self.pair(StationSpec(name: "s", discipline: .ps, wakeup: 0.5)))
        #expect(times.count == 2)
        #expect(times.allSatisfy { abs($0 - 12.5) < 1e-9 })
    }

    /// Two cores: no sharing while two are present, each leaves after its own second.
    @Test func psWithEnoughCoresDoesNotShare() {
        let times = Self.releases(Self.pair(StationSpec(name: "s", servers: 2, discipline: .ps)))
        #expect(times.count == 2)
        #expect(abs(times[0] - 11) < 1e-9 && abs(times[1] - 11.5) < 1e-9)
    }

    /// A full processor-sharing station rejects: capacity 1, b arrives while a is served.
    @Test func psCapacityRejects() {
        let result = Simulation.run(Self.pair(StationSpec(name: "s", capacity: 1, discipline: .ps)))
        #expect(result.requests.completed == 1)
        #expect(result.requests.rejected == 1)
    }

    /// A context switch of 1 ms per 3 ms quantum: while both share one core, it does 3/4 of its
    /// work. a has 0.5 s left at 10.5; both at 3/8 per second: a leaves after 4/3 s (11.8333),
    /// b then has 0.5 s left, alone at full speed: 12.3333.
    @Test func contextSwitchSlowsSharing() {
        let times = Self.releases(Self.pair(StationSpec(name: "s", discipline: .ps, contextSwitch: 0.001, quantum: 0.003)))
        #expect(times.count == 2)
        #expect(abs(times[0] - (10.5 + 4.0 / 3)) < 1e-9)
        #expect(abs(times[1] - (10.5 + 4.0 / 3 + 0.5)) < 1e-9)
    }
}
