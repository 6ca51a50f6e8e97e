import HeadroomAnalysis
import HeadroomComponents
import HeadroomKernel
import Testing

/// Processor-sharing stations, context switches and wake-up costs against their closed forms
/// (docs/theory.md §16). Each simulation runs over three seeds, warm-up discarded, and states
/// its tolerance; run lengths give standard errors several times smaller than it.
@Suite struct ProcessorSharingTests {
    static func relative(_ simulated: Double, _ expected: Double) -> Double { abs(simulated - expected) / expected }

    static func station(_ spec: StationSpec, rate: Double, service: Distribution, duration: Double,
                        seed: UInt64) -> SimulationSpec {
        SimulationSpec(
            name: "ps", duration: duration, warmup: duration / 50, seed: seed,
            stations: [spec],
            classes: [ClassSpec(name: "r", rate: rate, steps: [.visit(station: 0, service: service)])])
    }

    /// M/G/1-PS is insensitive to the service distribution: at ρ = 0.7 deterministic,
    /// exponential and hyperexponential (SCV 5.5) service all give E[T] = E[S]/(1 − ρ) =
    /// 3.33 s for E[S] = 1 s, where FIFO would give 2.17 s, 3.33 s and 8.58 s. ~300 000 customers
    /// per run; tolerance 4 % on every seed.
    @Test(arguments: [
        Distribution.constant(1),
        .exponential(mean: 1),
        .mixture(weights: [0.9, 0.1], components: [.exponential(mean: 0.5), .exponential(mean: 5.5)]),
    ])
    func mg1PSMeanResponseIsInsensitive(service: Distribution) {
        let theory = MG1PS(lambda: 0.7, meanService: service.mean)
        #expect(abs(theory.meanResponse - 1 / 0.3) < 1e-9)
        for seed: UInt64 in 1...3 {
            let result = Simulation.run(Self.station(StationSpec(name: "cpu", discipline: .ps), rate: 0.7,
                                                     service: service, duration: 400_000, seed: seed))
            #expect(result.status == .ok)
            #expect(Self.relative(result.latency.mean, theory.meanResponse) < 0.04,
                    "seed \(seed): \(result.latency.mean) vs \(theory.meanResponse)")
            #expect(Self.relative(result.components[0].utilization, 0.7) < 0.02)
        }
    }

    /// E[T | S = x] = x/(1 − ρ): two classes of constant sizes 0.4 s and 2 s, 0.25/s each, share
    /// one core at ρ = 0.6; each class's mean response is its size / 0.4 (1 s and 5 s). Tolerance 4 %.
    @Test func conditionalResponseIsProportionalToSize() {
        // λ₁ = λ₂ = 0.25/s: ρ = 0.25·0.4 + 0.25·2 = 0.6.
        let theory = MG1PS(lambda: 0.5, meanService: 1.2)
        for seed: UInt64 in 1...3 {
            let spec = SimulationSpec(
                name: "sizes", duration: 600_000, warmup: 10_000, seed: seed,
                stations: [StationSpec(name: "cpu", discipline: .ps)],
                classes: [
                    ClassSpec(name: "small", rate: 0.25, steps: [.visit(station: 0, service: .constant(0.4))]),
                    ClassSpec(name: "large", rate: 0.25, steps: [.visit(station: 0, service: .constant(2))]),
                ])
            let result = Simulation.run(spec)
            #expect(Self.relative(result.classes[0].latency.mean, theory.meanResponse(size: 0.4)) < 0.04, "seed \(seed)")
            #expect(Self.relative(result.classes[1].latency.mean, theory.meanResponse(size: 2)) < 0.04, "seed \(seed)")
        }
    }

    /// c cores shared without a switching cost make the same birth–death chain as M/M/c, so the
    /// mean response is Erlang C's: c = 2, λ = 1.6/s, E[S] = 1 s (ρ = 0.8): W = 2.778 s. Tolerance 4 %.
    @Test func mmcPSHasErlangCMeans() {
        let erlang = MMc(lambda: 1.6, mu: 1, c: 2)
        let chain = MMcPSWithSwitching(lambda: 1.6, meanService: 1, cores: 2, efficiency: 1)
        #expect(Self.relative(chain.meanResponse, erlang.meanResponse) < 1e-9)
        for seed: UInt64 in 1...3 {
            let result = Simulation.run(Self.station(StationSpec(name: "cpu", servers: 2, discipline: .ps), rate: 1.6,
                                                     service: .exponential(mean: 1), duration: 300_000, seed: seed))
            #expect(Self.relative(result.latency.mean, erlang.meanResponse) < 0.04, "seed \(seed)")
        }
    }

    /// A context switch of 1 ms per 3 ms quantum leaves 75 % of the cores for work once more
    /// customers than cores are present: capacity falls from 2/s to 1.5/s at E[S] = 1 s, and at
    /// λ = 1.2/s the mean response is the chain's 3.67 s instead of Erlang C's 1.56 s.
    /// Tolerance 5 %.
    @Test func contextSwitchesCostCapacity() {
        let spec = StationSpec(name: "cpu", servers: 2, discipline: .ps, contextSwitch: 0.001, quantum: 0.003)
        #expect(abs(spec.switchEfficiency - 0.75) < 1e-12)
        let chain = MMcPSWithSwitching(lambda: 1.2, meanService: 1, cores: 2, efficiency: 0.75)
        #expect(abs(chain.capacity - 1.5) < 1e-12)
        #expect(chain.meanResponse > 2 * MMc(lambda: 1.2, mu: 1, c: 2).meanResponse)
        for seed: UInt64 in 1...3 {
            let result = Simulation.run(Self.station(spec, rate: 1.2, service: .exponential(mean: 1),
                                                     duration: 300_000, seed: seed))
            #expect(Self.relative(result.latency.mean, chain.meanResponse) < 0.05,
                    "seed \(seed): \(result.latency.mean) vs \(chain.meanResponse)")
        }
        // Offered 1.8/s, below 2 cores' worth, it serves no more than the switching capacity
        // 1.5/s (2 % for noise over 36 000 arrivals).
        let over = Simulation.run(Self.station(spec, rate: 1.8, service: .exponential(mean: 1), duration: 20_000, seed: 1))
        #expect(over.throughput < 1.5 * 1.02 && over.throughput > 1.5 * 0.95, "\(over.throughput)")
    }

    /// A wake-up cost paid by customers who find the server idle (Welch's exceptional first
    /// service): λ = 0.5/s, S ~ Exp(1 s), w = 0.5 s. P₀ = 0.5/(0.5 + 0.75) = 0.4, so the
    /// utilization is 0.6 (not ρ = 0.5, nor 0.75 if every customer paid), and the FIFO mean
    /// response is 2.45 s (checked by hand: Wq = 0.5·(0.4·3.25 + 0.6·2)/(2·0.5) = 1.25 s, plus 1.2 s of work). Both disciplines are work-conserving: the same utilization.
    /// Tolerance 2 % on utilization, 4 % on the response.
    @Test func wakeupIsPaidOnlyByCustomersWhoFindTheServerIdle() {
        let theory = MG1WithWakeup(lambda: 0.5, service: .exponential(mean: 1), wakeup: 0.5)
        #expect(abs(theory.idle - 0.4) < 1e-12)
        #expect(abs(theory.meanResponse - 2.45) < 1e-12)
        for seed: UInt64 in 1...3 {
            let fifo = Simulation.run(Self.station(StationSpec(name: "cpu", wakeup: 0.5), rate: 0.5,
                                                   service: .exponential(mean: 1), duration: 400_000, seed: seed))
            #expect(Self.relative(fifo.components[0].utilization, theory.utilization) < 0.02, "seed \(seed)")
            #expect(Self.relative(fifo.latency.mean, theory.meanResponse) < 0.04,
                    "seed \(seed): \(fifo.latency.mean) vs \(theory.meanResponse)")
            let ps = Simulation.run(Self.station(StationSpec(name: "cpu", discipline: .ps, wakeup: 0.5), rate: 0.5,
                                                 service: .exponential(mean: 1), duration: 400_000, seed: seed))
            #expect(Self.relative(ps.components[0].utilization, theory.utilization) < 0.02, "seed \(seed)")
        }
    }

    /// Exact times on one core: A (1 s of work) arrives at 10 s, B (1 s) at 10.5 s. Alone until
    /// 10.5, A has 0.5 s left; shared, each runs at half speed, so A leaves at 11.5 and B, with
    /// 0.5 s left then, at 12.0.
    @Test func sharingTimesByHand() {
        let spec = SimulationSpec(
            name: "two", duration: 15, seed: 1,
            stations: [StationSpec(name: "cpu", discipline: .ps)],
            classes: [
                ClassSpec(name: "a", interarrival: .constant(10), steps: [.visit(station: 0, service: .constant(1))]),
                ClassSpec(name: "b", interarrival: .constant(10.5), steps: [.visit(station: 0, service: .constant(1))]),
            ])
        let releases = Simulation.trace(spec).trace.filter { $0.event == .release }.map(\.time)
        #expect(releases.count == 2)
        #expect(abs(releases[0] - 11.5) < 1e-9)
        #expect(abs(releases[1] - 12.0) < 1e-9)
    }

    /// `explain` names the processor-sharing forms: M/G/1-PS with constant service at ρ = 0.7
    /// gives E[S]/(1 − ρ) exactly (insensitivity), not M/D/1's FIFO 2.17 s; with a switching
    /// cost the bound is the cores' work left; with a wake-up cost there is no closed form.
    @Test func explainUsesTheSharingForms() {
        let plain = Explanation(spec: Self.station(StationSpec(name: "cpu", discipline: .ps), rate: 0.7,
                                                   service: .constant(1), duration: 100, seed: 1))
        let form = plain.resources[0].closedForm!
        #expect(form.name == "M/G/1-PS" && form.exact)
        #expect(abs(form.response! - 1 / 0.3) < 1e-9)
        let switching = Explanation(spec: Self.station(
            StationSpec(name: "cpu", servers: 2, discipline: .ps, contextSwitch: 0.001, quantum: 0.003), rate: 1.2,
            service: .exponential(mean: 1), duration: 100, seed: 1))
        let chain = MMcPSWithSwitching(lambda: 1.2, meanService: 1, cores: 2, efficiency: 0.75)
        #expect(abs(switching.resources[0].closedForm!.response! - chain.meanResponse) < 1e-9)
        #expect(abs(switching.resources[0].maxThroughput - 1.5) < 1e-9)
        let woken = Explanation(spec: Self.station(StationSpec(name: "cpu", discipline: .ps, wakeup: 0.1), rate: 0.5,
                                                   service: .exponential(mean: 1), duration: 100, seed: 1))
        #expect(woken.resources[0].closedForm!.name == "none")
    }
}
