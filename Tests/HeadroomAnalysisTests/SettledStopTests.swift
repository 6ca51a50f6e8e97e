import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomModeling
import Testing

/// A search's run ends early when it meets its service level with room to spare (the "meets"
/// direction of sequential stopping), and only then. M/M/1 with μ = 1/s: response time is
/// Exp(μ − λ), so the share of requests slower than a bound b is exactly e^(−(μ−λ)b).
@Suite struct SettledStopTests {
    static func mm1(rate: Double, duration: Double, seed: UInt64, traffic: String = "") throws -> SimulationSpec {
        let yaml = """
            name: mm1
            duration: \(duration)s
            warmup: \(duration / 100)s
            seed: \(seed)
            traffic:
              rate: \(rate)/s
              \(traffic)
            components:
              server:
                type: station
                servers: 1
                service: { exponential: 1s }
            flows:
              default:
                - visit: server
            """
        return try ModelLoader.load(text: yaml, file: "mm1.yaml").spec
    }

    /// ρ = 0.5 against a 60 s bound (e^−30 of requests slower): settles a quarter of the way in,
    /// status ok, and still meets with its own measured margin.
    @Test(arguments: [UInt64(1), 2, 3])
    func aComfortableRunSettlesAQuarterOfTheWayIn(seed: UInt64) throws {
        let level = ServiceLevel(p99: 60)
        let spec = try Self.mm1(rate: 0.5, duration: 200_000, seed: seed).guardedForSearch(level)
        #expect(spec.stopWhenSettled == level)
        let result = Simulation.run(spec)
        #expect(result.status == .ok)
        #expect(result.statusReason?.hasPrefix("settled at t = ") == true, "\(result.statusReason ?? "none")")
        let measured = spec.duration - spec.warmup
        #expect(result.simulatedSeconds >= spec.warmup + 0.25 * measured)
        #expect(result.simulatedSeconds < spec.warmup + 0.25 * measured + 2 * spec.window)
        #expect(level.margin(of: result) > 0)
        // What it measured is still M/M/1's: mean response 1/(μ − λ) = 2 s within 5 %.
        #expect(abs(result.latency.mean - 2) / 2 < 0.05)
    }

    /// ρ = 0.9: the station is over 85 % busy, so the run never settles however loose the bound.
    @Test(arguments: [UInt64(1), 2])
    func aBusyRunDoesNotSettle(seed: UInt64) throws {
        let spec = try Self.mm1(rate: 0.9, duration: 100_000, seed: seed).guardedForSearch(ServiceLevel(p99: 1000))
        let result = Simulation.run(spec)
        #expect(result.statusReason == nil)
        #expect(result.simulatedSeconds == spec.duration)
    }

    /// ρ = 0.5 with the bound at the 99.5th percentile (ln 200 / 0.5 = 10.6 s): 0.5 % of requests
    /// are slower, twice the quarter of 1 % that settling allows, so the run goes to its end
    /// (≈ 25,000 completions by the quarter mark: 125 slow expected against 62 allowed).
    @Test(arguments: [UInt64(1), 2])
    func aRunNearItsBoundDoesNotSettle(seed: UInt64) throws {
        let spec = try Self.mm1(rate: 0.5, duration: 200_000, seed: seed).guardedForSearch(ServiceLevel(p99: log(200) / 0.5))
        let result = Simulation.run(spec)
        #expect(result.statusReason == nil)
        #expect(result.simulatedSeconds == spec.duration)
    }

    /// A load that changes over time (a timeline, a rate profile) is never settled early: what
    /// comes later may differ.
    @Test func aTimeVaryingModelIsNotSettled() throws {
        var spec = try Self.mm1(rate: 0.5, duration: 200_000, seed: 1)
        #expect(spec.hasSteadyLoad)
        spec.timeline = [TimelineEvent(time: 150_000, action: .resize(component: 0, cores: 2, downtime: 0))]
        #expect(!spec.hasSteadyLoad)
        #expect(spec.guardedForSearch(ServiceLevel(p99: 60)).stopWhenSettled == nil)
        let profiled = try Self.mm1(rate: 0.5, duration: 200_000, seed: 1, traffic: "profile: { diurnal: { peak_to_trough: 2, period: 24h } }")
        #expect(!profiled.hasSteadyLoad)
        #expect(profiled.guardedForSearch(ServiceLevel(p99: 60)).stopWhenSettled == nil)
    }
}
