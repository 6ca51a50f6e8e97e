import HeadroomComponents
import HeadroomKernel
import Testing

/// Small deterministic scenarios, checked event by event against a hand-worked timeline.
@Suite struct TraceTests {
    /// D/D/1 with capacity 2 and a 1 s queue timeout: arrivals every 1 s, service 1.5 s.
    /// Worked by hand: #1 waits 0.5 s; #2 is served just as its timeout falls due (the release
    /// at t = 4 was scheduled first, so it wins the tie); #3 times out at 5; #4 finds the
    /// station full (one in service, one waiting) at 5 and is rejected.
    @Test func queueCapacityAndTimeoutTimeline() {
        let spec = SimulationSpec(
            name: "trace", duration: 5.2, seed: 1,
            stations: [StationSpec(name: "server", servers: 1, capacity: 2, timeout: 1)],
            classes: [ClassSpec(name: "web", interarrival: .constant(1), steps: [
                .visit(station: 0, service: .constant(1.5)),
            ])])
        let (trace, result) = Simulation.trace(spec)
        let expected: [(Double, Int, TraceRecord.Kind, String)] = [
            (1, 0, .arrive, "web"), (1, 0, .start, "server"),
            (2, 1, .arrive, "web"), (2, 1, .queue, "server"),
            (2.5, 0, .release, "server"), (2.5, 1, .start, "server"), (2.5, 0, .done, "web"),
            (3, 2, .arrive, "web"), (3, 2, .queue, "server"),
            (4, 1, .release, "server"), (4, 2, .start, "server"), (4, 1, .done, "web"),
            (4, 3, .arrive, "web"), (4, 3, .queue, "server"),
            (5, 4, .arrive, "web"), (5, 4, .reject, "server"),
            (5, 3, .timeout, "server"),
        ]
        #expect(trace == expected.map { TraceRecord(time: $0.0, request: $0.1, event: $0.2, component: $0.3) })
        #expect(result.requests.completed == 2)
        #expect(result.requests.rejected == 1)
        #expect(result.requests.timedOut == 1)
        #expect(result.requests.arrived == 5)
        #expect(result.requests.inSystem == 1)
        #expect(result.components[0].maxQueue == 1)
        #expect(result.latency.max == 2)
    }

    /// A tandem line with a certain branch: the request visits `a`, then the arm with
    /// probability 1 (`b`), never the one with probability 0 (`c`).
    @Test func sequenceAndBranchTimeline() {
        let spec = SimulationSpec(
            name: "route", duration: 1.9, seed: 3,
            stations: [StationSpec(name: "a"), StationSpec(name: "b"), StationSpec(name: "c")],
            classes: [ClassSpec(name: "job", interarrival: .constant(1), steps: [
                .visit(station: 0, service: .constant(0.25)),
                .branch([
                    BranchArm(probability: 0, steps: [.visit(station: 2, service: .constant(1))]),
                    BranchArm(probability: 1, steps: [.visit(station: 1, service: .constant(0.5))]),
                ]),
            ])])
        let (trace, _) = Simulation.trace(spec)
        #expect(trace.map(\.description) == [
            "1.0 #0 arrive job", "1.0 #0 start a", "1.25 #0 release a", "1.25 #0 start b",
            "1.75 #0 release b", "1.75 #0 done job",
        ])
    }
}
