import HeadroomComponents
import HeadroomKernel
import Testing

/// Behaviour of the engine that does not need a closed form: determinism, stream
/// independence, the stability guard, warm-up, branch splits and Little's law.
@Suite struct EngineTests {
    static func mm1(rate: Double = 0.8, duration: Double = 20_000, warmup: Double = 0, seed: UInt64 = 1,
                    maxInSystem: Int = 1_000_000) -> SimulationSpec {
        SimulationSpec(
            name: "mm1", duration: duration, warmup: warmup, seed: seed, maxInSystem: maxInSystem,
            stations: [StationSpec(name: "server")],
            classes: [ClassSpec(name: "default", rate: rate, steps: [.visit(station: 0, service: .exponential(mean: 1))])])
    }

    @Test func sameSpecSameResult() {
        #expect(Simulation.run(Self.mm1()) == Simulation.run(Self.mm1()))
        #expect(Simulation.run(Self.mm1(seed: 1)) != Simulation.run(Self.mm1(seed: 2)))
    }

    /// Common random numbers: adding a station that this class never visits, or resizing
    /// another class's station, leaves this class's arrivals and service draws unchanged.
    @Test func streamsAreIndependentOfOtherComponents() {
        let base = Self.mm1(duration: 500)
        var grown = base
        grown.components.append(ComponentSpec(name: "other", kind: .station(StationSpec(name: "other", servers: 3))))
        grown.classes.append(ClassSpec(name: "batch", rate: 0.3, steps: [.visit(station: 1, service: .exponential(mean: 2))]))
        let before = Simulation.trace(base).trace.filter { $0.component == "server" }
        let after = Simulation.trace(grown).trace.filter { $0.component == "server" }
        // Request numbers differ (the other class's arrivals interleave); times and order do not.
        let renumber: ([TraceRecord]) -> [String] = { $0.map { "\($0.time) \($0.event)" } }
        #expect(renumber(before) == renumber(after))
    }

    @Test func overloadEndsRunAsUnstableWithBoundedPopulation() {
        let result = Simulation.run(Self.mm1(rate: 2, duration: 1_000_000, maxInSystem: 1_000))
        #expect(result.status == .unstable)
        #expect(result.statusReason?.contains("1000") == true)
        #expect(result.simulatedSeconds < 1_000_000)
        #expect(result.requests.inSystem <= 1_001)
    }

    @Test func warmupDiscardsEarlyStatistics() {
        let result = Simulation.run(Self.mm1(duration: 2_000, warmup: 1_000))
        #expect(result.warmupSeconds == 1_000)
        // About 0.8/s × 1000 s arrive after warm-up, not 1600.
        #expect(result.requests.arrived > 650 && result.requests.arrived < 950)
        #expect(abs(result.throughput - Double(result.requests.completed) / 1_000) < 1e-12)
    }

    /// Branch arms are taken in proportion to their probabilities; the remainder takes none.
    /// 40 000 arrivals: binomial standard error ≤ 0.0025; tolerance 5 standard errors.
    @Test func branchSplitsTrafficByProbability() {
        let spec = SimulationSpec(
            name: "split", duration: 40_000, seed: 5,
            stations: [StationSpec(name: "a", servers: 100), StationSpec(name: "b", servers: 100)],
            classes: [ClassSpec(name: "r", rate: 1, steps: [
                .branch([
                    BranchArm(probability: 0.3, steps: [.visit(station: 0, service: .constant(0.01))]),
                    BranchArm(probability: 0.5, steps: [.visit(station: 1, service: .constant(0.01))]),
                ]),
            ])])
        let result = Simulation.run(spec)
        let n = Double(result.requests.completed)
        #expect(abs(Double(result.components[0].arrivals) / n - 0.3) < 5 * 0.0025)
        #expect(abs(Double(result.components[1].arrivals) / n - 0.5) < 5 * 0.0025)
    }

    /// Little's law L = λW at every station of a tandem line with multi-server stations,
    /// within 1 % (it is an identity up to edge effects at the ends of the run).
    @Test func littlesLawHoldsAtEveryStation() {
        let spec = SimulationSpec(
            name: "tandem", duration: 200_000, warmup: 1_000, seed: 11,
            stations: [StationSpec(name: "a"), StationSpec(name: "b", servers: 4), StationSpec(name: "c", servers: 2)],
            classes: [ClassSpec(name: "r", rate: 0.8, steps: [
                .visit(station: 0, service: .exponential(mean: 1)),
                .visit(station: 1, service: .exponential(mean: 4)),
                .visit(station: 2, service: .exponential(mean: 2)),
            ])])
        let result = Simulation.run(spec)
        for station in result.components {
            let lambda = station.throughput
            #expect(abs(station.meanInStation - lambda * station.meanResponse) / station.meanInStation < 0.01,
                    "\(station.name)")
        }
        let overall = result.components.reduce(0) { $0 + $1.meanInStation }
        #expect(abs(overall - result.throughput * result.latency.mean) / overall < 0.01)
    }

    /// With a queue timeout, no request that got a server waited longer than the timeout.
    @Test func timeoutBoundsTheWait() {
        var spec = Self.mm1(rate: 0.95, duration: 50_000, seed: 9)
        spec.components[0].kind = .station(StationSpec(name: "server", timeout: 2))
        let result = Simulation.run(spec)
        #expect(result.requests.timedOut > 0)
        #expect(result.components[0].timedOut == result.requests.timedOut)
        #expect(result.latency.max <= 2 + 1 * 40)  // wait ≤ 2 s plus one service (Exp(1) < 40 s here)
    }
}
