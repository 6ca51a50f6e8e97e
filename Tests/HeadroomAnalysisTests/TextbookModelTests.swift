import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomKernel
import HeadroomModeling
import Testing

/// The textbook models in models/textbook/, as shipped, against their closed forms.
///
/// Each model runs 4 replications (seeds 1–4) at the file's own duration and the pooled result is
/// compared with theory computed from the loaded spec (λ from the class, μ and c from the
/// station), so the files and their header comments cannot drift apart unnoticed. Tolerances, as
/// the foundation issue states them: mean response 2 %, utilization 1 %, M/M/1/K blocking 3 %
/// relative, p99 3 %, Little's law 1 % at every station. At these run lengths the standard error
/// of the pooled mean response is about 0.2–0.3 % (measured over replications), so each
/// tolerance is several standard errors wide. Run the suite in release (see README): debug
/// builds simulate 30× slower.
@Suite(.serialized) struct TextbookModelTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Loads models/textbook/NAME.yaml and runs it; returns the spec and the pooled result.
    static func simulate(_ name: String) throws -> (SimulationSpec, RunResult) {
        let loaded = try ModelLoader.load(file: root.appendingPathComponent("models/textbook/\(name).yaml").path)
        let results = Replications.run(loaded.spec, count: 4, jobs: 2).map(\.result)
        #expect(results.allSatisfy { $0.status == .ok })
        return (loaded.spec, RunResult.pooled(results))
    }

    /// The single station's (λ, mean service, c) as the spec defines them.
    static func station(_ spec: SimulationSpec) -> (lambda: Double, service: Distribution, c: Int) {
        guard case .visit(_, let service) = spec.classes[0].steps[0] else { fatalError("not a visit") }
        return (spec.classes[0].rate, service, spec.station(0)!.servers)
    }

    static func relative(_ simulated: Double, _ expected: Double) -> Double { abs(simulated - expected) / expected }

    /// Little's law L = λW at every station, within 1 %.
    static func checkLittle(_ result: RunResult) {
        for c in result.components {
            #expect(relative(c.meanInStation, c.throughput * c.meanResponse) < 0.01, "Little at \(c.name)")
        }
    }

    @Test func mm1() throws {
        let (spec, result) = try Self.simulate("mm1")
        let s = Self.station(spec)
        let theory = MM1(lambda: s.lambda, mu: 1 / s.service.mean)
        #expect(Self.relative(result.latency.mean, theory.meanResponse) < 0.02)
        #expect(Self.relative(result.components[0].utilization, theory.utilization) < 0.01)
        #expect(Self.relative(result.latency.p99, theory.responseQuantile(0.99)) < 0.03)
        #expect(Self.relative(result.components[0].meanWait, theory.meanWait) < 0.02)
        Self.checkLittle(result)
    }

    @Test func mmc() throws {
        let (spec, result) = try Self.simulate("mmc")
        let s = Self.station(spec)
        let theory = MMc(lambda: s.lambda, mu: 1 / s.service.mean, c: s.c)
        #expect(Self.relative(result.latency.mean, theory.meanResponse) < 0.02)
        #expect(Self.relative(result.components[0].utilization, theory.utilization) < 0.01)
        #expect(Self.relative(result.latency.p99, theory.responseQuantile(0.99)) < 0.03)
        #expect(Self.relative(result.components[0].meanQueue, theory.meanInQueue) < 0.03)
        Self.checkLittle(result)
    }

    @Test func md1() throws {
        let (spec, result) = try Self.simulate("md1")
        let s = Self.station(spec)
        #expect(s.service.scv == 0)
        let theory = MG1(lambda: s.lambda, service: s.service)
        #expect(Self.relative(result.latency.mean, theory.meanResponse) < 0.02)
        #expect(Self.relative(result.components[0].meanWait, theory.meanWait) < 0.02)
        #expect(Self.relative(result.components[0].utilization, theory.utilization) < 0.01)
        Self.checkLittle(result)
    }

    @Test func mm1k() throws {
        let (spec, result) = try Self.simulate("mm1k")
        let s = Self.station(spec)
        let theory = MM1K(lambda: s.lambda, mu: 1 / s.service.mean, K: try #require(spec.station(0)?.capacity))
        let blocking = Double(result.requests.rejected) / Double(result.requests.arrived)
        #expect(Self.relative(blocking, theory.blockingProbability) < 0.03)
        #expect(Self.relative(result.throughput, theory.throughput) < 0.01)
        #expect(Self.relative(result.components[0].utilization, theory.utilization) < 0.01)
        #expect(Self.relative(result.latency.mean, theory.meanResponse) < 0.02)
        #expect(Self.relative(result.components[0].meanInStation, theory.meanInSystem) < 0.02)
        #expect(result.components[0].maxQueue <= theory.K - 1)
        Self.checkLittle(result)
    }

    @Test func jackson() throws {
        let (spec, result) = try Self.simulate("jackson")
        let lambda = spec.classes[0].rate
        var stations: [(mu: Double, c: Int)] = []
        for (i, step) in spec.classes[0].steps.enumerated() {
            guard case .visit(let index, let service) = step else { fatalError("not a visit") }
            #expect(index == i)
            stations.append((1 / service.mean, spec.station(index)!.servers))
        }
        let theory = QueueingTheory.tandemJackson(lambda: lambda, stations: stations)
        #expect(Self.relative(result.latency.mean, theory) < 0.02)
        for (station, simulated) in zip(stations, result.components) {
            let mmc = MMc(lambda: lambda, mu: station.mu, c: station.c)
            #expect(Self.relative(simulated.utilization, mmc.utilization) < 0.01, "\(simulated.name)")
            #expect(Self.relative(simulated.meanResponse, mmc.meanResponse) < 0.02, "\(simulated.name)")
        }
        Self.checkLittle(result)
    }
}
