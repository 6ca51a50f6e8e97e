import HeadroomComponents
@testable import HeadroomModeling
import Testing

/// Every numeric input has a range, and a value outside it is a located error rather than a
/// trap or a run that never ends (issue #16's examples among them).
@Suite struct RangeTests {
    /// A one-station model with `traffic` and `service` substituted.
    static func station(traffic: String = "{ rate: 10/s }", service: String = "{ exponential: 1ms }",
                        extra: String = "") -> String {
        """
        duration: 10s
        traffic: \(traffic)
        components:
          server: { type: station, servers: 1, capacity: 5, service: \(service) }
        flows:
          default:
            - visit: server
        \(extra)
        """
    }

    @Test func aRateOf1e300IsRejectedAtItsKey() throws {
        let d = try onlyDiagnostic(Self.station(traffic: "{ rate: 1e300/s }"))
        #expect(d.path == "traffic.rate")
        #expect(d.line == 2)
        #expect(d.message.contains("at most 1e9/s"), "\(d.message)")
    }

    @Test func aProfileThatPeaksAbove1e9PerSecondIsRejectedAtTheProfile() throws {
        let ramp = try onlyDiagnostic(Self.station(
            traffic: "{ rate: 1/s, profile: { ramp: { from: 1, to: 1e308, start: 1s, end: 1.000000001s } } }"))
        #expect(ramp.path == "traffic.profile.ramp.to")
        let spike = try onlyDiagnostic(Self.station(
            traffic: "{ rate: 1/s, profile: { spike: { at: 1s, for: 1s, factor: 1e300 } } }"))
        #expect(spike.path == "traffic.profile.spike.factor")
        // Each value in range, their product not.
        let peak = try onlyDiagnostic(Self.station(
            traffic: "{ rate: 1000000/s, profile: { spike: { at: 1s, for: 1s, factor: 10000 } } }"))
        #expect(peak.path == "traffic.profile")
        #expect(peak.message.contains("peaks at 1e+10/s"), "\(peak.message)")
        let scaled = try onlyDiagnostic(Self.station(traffic: "{ rate: 1000000/s, scale: 100000 }"))
        #expect(scaled.path == "traffic.scale")
    }

    @Test func durationsHaveALongestAndAShortest() throws {
        let long = try onlyDiagnostic(Self.station(service: "{ exponential: 2000000000s }"))
        #expect(long.path == "components.server.service.exponential")
        #expect(long.message.contains("at most 1000000000s"), "\(long.message)")
        let short = try onlyDiagnostic(Self.station(service: "{ exponential: 0.1ns }"))
        #expect(short.message.contains("at least 1ns"), "\(short.message)")
        #expect(diagnostics(Self.station(service: "0")).isEmpty)
    }

    @Test func aLognormalTooWideToSampleIsRejected() throws {
        // sd/mean above ~1e154 made every sample NaN; the sd is now out of range on its own.
        let wide = try onlyDiagnostic(Self.station(service: "{ lognormal: { mean: 1ms, sd: 1e160s } }"))
        #expect(wide.path == "components.server.service.lognormal.sd")
        // In range one by one, yet a Pareto with a tiny shape overflows at its largest draws.
        let pareto = try onlyDiagnostic(Self.station(service: "{ pareto: { shape: 0.01, min: 1s } }"))
        #expect(pareto.path == "components.server.service")
        #expect(pareto.message.contains("too small to sample"), "\(pareto.message)")
        // The widest lognormal the ranges admit still samples finitely.
        #expect(diagnostics(Self.station(service: "{ p50: 1ns, p99: 1000000000s }")).isEmpty)
    }

    @Test func plainNumbersHaveARange() throws {
        let tiny = try onlyDiagnostic(Self.station(traffic: "{ rate: 10/s, scale: 1e-300 }"))
        #expect(tiny.path == "traffic.scale")
        #expect(tiny.message.contains("from 1e-9 to 1e9"), "\(tiny.message)")
    }

    static let workers = """
        duration: 10m
        traffic: { rate: 10/s }
        components:
          jobs: { type: queue, workers: 2, job: [ { delay: 100ms } ] }
        flows:
          default:
            - enqueue: jobs
        autoscaling:
          - { component: jobs, metric: queue_depth, target: 1, interval: 30s, min: 1, max: 10 }
        """

    @Test func anAutoscalerTargetOf1e300IsRejected() throws {
        let d = try onlyDiagnostic(Self.workers, overrides: ["autoscaling.0.target=1e-300"])
        #expect(d.path == "autoscaling.0.target")
        #expect(d.file == "--set")
    }

    @Test func timersAreBoundedLikeWindows() throws {
        let scaler = try onlyDiagnostic(Self.workers, overrides: ["autoscaling.0.interval=1ns"])
        #expect(scaler.path == "autoscaling.0.interval")
        #expect(scaler.message.contains("expected at most 10000000"), "\(scaler.message)")
        let periodic = try onlyDiagnostic(Self.station(
            traffic: "{ rate: 10/s, profile: { points: [[0s, 1], [1ns, 2]], period: 1ns } }"))
        #expect(periodic.path == "traffic.profile")
        #expect(periodic.message.contains("profile pieces"), "\(periodic.message)")
    }

    @Test func theLargestSeedLoads() throws {
        let loaded = try ModelLoader.load(text: Self.station(), file: "s.yaml", seed: .max)
        #expect(loaded.spec.seed == .max)
    }
}
