import HeadroomComponents
import HeadroomKernel
import Testing

/// The engine's guards for what validation ranges cannot catch: a clock that stops, thinning
/// that never accepts, the event cap, autoscaler arithmetic. Specs built directly, past the
/// model file's checks.
@Suite struct GuardTests {
    /// Arrivals 0 s apart: the clock never moves, and the run must end `unstable` with the reason
    /// rather than hang.
    @Test func aClockThatStopsEndsTheRunAsUnstable() {
        let spec = SimulationSpec(
            name: "stuck", duration: 10, components: [],
            classes: [ClassSpec(name: "burst", interarrival: .constant(0), steps: [])])
        let result = Simulation.run(spec)
        #expect(result.status == .unstable)
        #expect(result.statusReason?.contains("simulated time stopped advancing at t = 0") == true,
                "\(result.statusReason ?? "nil")")
    }

    /// A profile that jumps to 10³⁰⁰ within a nanosecond: thinning draws candidates 10⁻³⁰⁰ s
    /// apart that the clock cannot add; the draws are capped.
    @Test func thinningThatNeverAcceptsIsCapped() {
        var spec = SimulationSpec(
            name: "steep", duration: 10, components: [],
            classes: [ClassSpec(name: "c", rate: 1, steps: [],
                                profile: RateProfile(times: [1, 1 + 1e-9], values: [0, 1e300]))])
        spec.maxEvents = 100_000
        let result = Simulation.run(spec)
        #expect(result.status == .unstable)
        #expect(result.statusReason?.contains("arrivals of class 'c' stalled") == true, "\(result.statusReason ?? "nil") \(result.events)")
    }

    @Test func theEventCapStopsARun() {
        var spec = SimulationSpec(
            name: "long", duration: 1e6, components: [], classes: [ClassSpec(name: "c", rate: 100, steps: [])])
        spec.maxEvents = 5_000
        let result = Simulation.run(spec)
        #expect(result.status == .unstable)
        #expect(result.statusReason?.contains("event cap") == true)
        #expect(result.events <= 5_001)
    }

    /// A target of 10⁻³⁰⁰ made current × metric / target overflow Int (a trap); now the fleet
    /// goes to its max.
    @Test func aTinyAutoscalerTargetScalesToTheMaxWithoutATrap() {
        let spec = SimulationSpec(
            name: "scaled", duration: 120,
            components: [ComponentSpec(name: "jobs", kind: .queue(QueueSpec(workers: 1, job: [.delay(.constant(0.5))])))],
            classes: [ClassSpec(name: "c", rate: 20, steps: [.enqueue(queue: 0)])],
            autoscalers: [AutoscalerSpec(component: 0, metric: .queueDepth, target: 1e-300, interval: 10,
                                         provisioning: 0, cooldown: 0, min: 1, max: 7)])
        let result = Simulation.run(spec)
        #expect(result.status == .ok)
        let workers = result.series.filter { $0.scope == "jobs" && $0.metric == "workers" }.map(\.value)
        #expect(workers.max() == 7)
    }
}
