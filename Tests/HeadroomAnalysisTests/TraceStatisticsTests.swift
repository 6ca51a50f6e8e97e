import Foundation
@testable import HeadroomAnalysis
import HeadroomComponents
import HeadroomKernel
import HeadroomModeling
import Testing

/// `TraceStatistics` against theory: a Zipf exponent recovered from a trace generated with it,
/// an index of dispersion of 1 for Poisson counts, the class mix of the sample log counted
/// independently, and a fitted `traffic:` section that loads; replaying a Poisson trace obeys
/// the utilization law.
@Suite("Trace statistics")
struct TraceStatisticsTests {
    static func file(_ name: String, _ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-stats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Zipf(s) over 1 ... count by inverse CDF (independent of the engine's tables).
    struct Zipf {
        var cdf: [Double]
        init(count: Int, s: Double) {
            let weights = (1 ... count).map { 1 / Foundation.pow(Double($0), s) }
            let total = weights.reduce(0, +)
            var running = 0.0
            cdf = weights.map { running += $0 / total; return running }
        }
        func draw(_ rng: inout RandomStream) -> Int {
            let u = rng.nextOpenUnit()
            var lo = 0, hi = cdf.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cdf[mid] < u { lo = mid + 1 } else { hi = mid }
            }
            return lo + 1
        }
    }

    /// A CSV trace of Poisson arrivals at `rate` per second for `seconds`, keys from `keys`.
    static func poissonTrace(rate: Double, seconds: Double, seed: UInt64, keys: Zipf? = nil) -> String {
        var rng = RandomStream(seed: seed, name: "trace")
        var lines = ["timestamp,class,key"]
        var t = 0.0
        while true {
            t += -Foundation.log(rng.nextOpenUnit()) / rate
            if t >= seconds { break }
            let key = keys.map { "\($0.draw(&rng))" } ?? "0"
            lines.append(String(format: "%.6f", t) + ",a,\(key)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvSpec(_ path: String) -> ReplaySpec {
        ReplaySpec(file: path, format: .csv, classNames: ["a"], key: TraceField(source: .column("key"), count: 1_000_000))
    }

    @Test func theZipfFitRecoversTheExponentOfExactCounts() {
        for s in [0.5, 0.9, 1.3, 2.0] {
            let zipf = Zipf(count: 2000, s: s)
            var previous = 0.0
            let counts = zipf.cdf.map { c -> Int in
                defer { previous = c }
                return Int(((c - previous) * 1e8).rounded())
            }
            // Tolerance 0.01: rounding counts to whole numbers moves the tail slightly.
            #expect(abs(ZipfFit.exponent(counts: counts) - s) < 0.01, "s = \(s)")
        }
        #expect(ZipfFit.exponent(counts: [5, 5, 5, 5]) == 0)
        #expect(ZipfFit.exponent(counts: [7]) == 0)
    }

    @Test(arguments: [0.8, 1.2]) func theZipfFitRecoversTheExponentOfAGeneratedTrace(_ s: Double) throws {
        // 1,000 keys, 100,000 requests: every key is seen ~8 times or more at these exponents.
        // Tolerance 0.05, over three seeds: ranking keys by observed counts adds noise in the tail.
        let zipf = Zipf(count: 1000, s: s)
        for seed: UInt64 in 1 ... 3 {
            let path = try Self.file("zipf.csv", Self.poissonTrace(rate: 100, seconds: 1000, seed: seed, keys: zipf))
            let stats = try TraceStatistics.read(Self.csvSpec(path), openClasses: false)
            let keys = try #require(stats.keys)
            #expect(abs(keys.zipf - s) < 0.05, "s = \(s), seed \(seed): fitted \(keys.zipf)")
            #expect(keys.distinct <= 1000)
        }
    }

    @Test func theIndexOfDispersionOfPoissonCountsIsOne() throws {
        // 3,000 one-second windows at 20/s: the index's standard error is √(2/2999) ≈ 0.026;
        // tolerance 0.12 (over 4.5 standard errors) on each of five seeds.
        for seed: UInt64 in 1 ... 5 {
            let path = try Self.file("poisson.csv", Self.poissonTrace(rate: 20, seconds: 3000, seed: seed))
            let stats = try TraceStatistics.read(Self.csvSpec(path), openClasses: false)
            let oneSecond = try #require(stats.burstiness.first { $0.window == 1 })
            #expect(oneSecond.windows == 3000)
            #expect(abs(oneSecond.index - 1) < 0.12, "seed \(seed): \(oneSecond.index)")
            #expect(!stats.rateVaries, "seed \(seed)")
            #expect(abs(stats.meanRate - 20) < 20 * 0.05)
        }
    }

    @Test func dispersionIsVarianceOverMean() {
        #expect(Dispersion.index(counts: [2, 4, 6]) == 4.0 / 4.0)
        #expect(Dispersion.index(counts: [5, 5, 5, 5]) == 0)
        #expect(Dispersion.index(counts: [3]) == nil)
    }

    @Test func aRateThatStepsIsSeenAndFittedWithAProfile() throws {
        // 10/s for 300 s, then 30/s for 300 s.
        var rng = RandomStream(seed: 3, name: "step")
        var lines = ["timestamp"]
        var t = 0.0
        while t < 600 {
            t += -Foundation.log(rng.nextOpenUnit()) / (t < 300 ? 10 : 30)
            if t < 600 { lines.append(String(format: "%.6f", t)) }
        }
        let path = try Self.file("step.csv", lines.joined(separator: "\n") + "\n")
        let stats = try TraceStatistics.read(
            ReplaySpec(file: path, format: .csv, classNames: []), openClasses: true)
        #expect(stats.rateVaries)
        #expect(stats.window == 10)
        let early = stats.rateOverTime.prefix(30).map(\.rate).reduce(0, +) / 30
        let late = stats.rateOverTime.suffix(30).map(\.rate).reduce(0, +) / 30
        #expect(abs(early - 10) < 1 && abs(late - 30) < 2)
        #expect(stats.fittedTraffic.contains("  profile: { points: [[5s, "))
    }

    @Test func theSampleLogsClassMixMatchesAnIndependentCount() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent("models/data/sample-access.log").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        // Requests that a status follows (the sample's three non-requests have none, or a bad date).
        let good = lines.filter { $0.contains("HTTP/1.1\" 20") && !$0.contains("Dez") }
        let stats = try TraceStatistics.read(
            ReplaySpec(file: path, format: .accessLog, classNames: [], key: TraceField(source: .segment(2), count: 1000),
                       tenant: TraceField(source: .query("tenant"), count: 100)),
            openClasses: true)
        #expect(stats.requests == good.count)
        #expect(stats.badLines == 3)
        #expect(stats.problems.map(\.line) == [401, 1201, 1901])
        let views = good.filter { $0.contains("\"GET /products/") }.count
        #expect(stats.classes.first { $0.name == "GET /products" }?.requests == views)
        let searches = good.filter { $0.contains("\"GET /search") }.count
        #expect(stats.classes.first { $0.name == "GET /search?q=lamp&tenant=t1" } == nil)
        #expect(stats.classes.first { $0.name == "GET /search" }?.requests == searches)
        // The generator draws products from Zipf(1.1) over 500 and doubles the rate for 30 s.
        let keys = try #require(stats.classes.first { $0.name == "GET /products" }?.keys)
        #expect(abs(keys.zipf - 1.1) < 0.2)
        #expect(stats.rateVaries)
    }

    @Test func theFittedTrafficLoadsAsAModel() throws {
        let zipf = Zipf(count: 200, s: 1)
        let path = try Self.file("fit.csv", Self.poissonTrace(rate: 50, seconds: 200, seed: 9, keys: zipf))
        let stats = try TraceStatistics.read(Self.csvSpec(path), openClasses: false)
        let model = "duration: 100s\n" + stats.fittedTraffic + """
            components:
              s: { type: station, servers: 1, service: 1ms }
            flows:
              a: [ { visit: s } ]

            """
        let loaded = try ModelLoader.load(text: model, file: "fit.yaml")
        #expect(abs(loaded.spec.classes[0].rate - stats.meanRate) < 1e-3)
        #expect(loaded.spec.classes[0].keys?.count == stats.keys?.distinct)
    }

    @Test func sharesAreApportionedToExactly100Percent() {
        let units = TraceStatistics.apportion([1, 1, 1])
        #expect(units.reduce(0, +) == TraceStatistics.shareUnits)
        #expect(units.allSatisfy { $0 >= 3333 })
        let skewed = TraceStatistics.apportion([1_000_000, 1])
        #expect(skewed == [9999, 1])
    }

    @Test(arguments: [UInt64(1), 2, 3]) func replayingAPoissonTraceObeysTheUtilizationLaw(_ seed: UInt64) throws {
        // λ = 8/s for 5,000 s into one server with exponential service of mean 100 ms: U = λS = 0.8.
        // Over ~40,000 requests the mean service time is within ~0.5 % of 100 ms (one standard
        // error), so U is compared with the replayed throughput × 100 ms within 3 %, and with
        // 0.8 within 4 %.
        let path = try Self.file("poisson.csv", Self.poissonTrace(rate: 8, seconds: 5000, seed: seed))
        var spec = SimulationSpec(
            name: "replayed-mm1", duration: 5000, warmup: 100, seed: seed,
            stations: [StationSpec(name: "server", servers: 1)],
            classes: [ClassSpec(name: "a", rate: 1, steps: [.visit(station: 0, service: .exponential(mean: 0.1))])])
        spec.replay = ReplaySpec(file: path, format: .csv, classNames: ["a"])
        let result = Simulation.run(spec)
        let utilization = try #require(result.components.first?.utilization)
        let throughput = result.throughput
        #expect(abs(utilization - throughput * 0.1) / (throughput * 0.1) < 0.03)
        #expect(abs(utilization - 0.8) < 0.8 * 0.04)
    }

    @Test func theSampleCSVTracesDurationsAndMixMatchItsGenerator() throws {
        // scripts/sample-traces: 20/s for 60 s, 80 % views, durations lognormal with median
        // 12 ms and σ = 0.5 (mean 12 ms × e^0.125 = 13.6 ms). Over ~1,200 requests the median and
        // mean are within 10 %, the rate within 10 % (a Poisson count's standard error is ~3 %).
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent("models/data/sample-trace.csv").path
        let stats = try TraceStatistics.read(ReplaySpec(file: path, format: .csv, classNames: []), openClasses: true)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count - 1
        #expect(stats.requests == lines)
        #expect(stats.badLines == 0)
        let d = try #require(stats.durations)
        #expect(abs(d.p50 - 0.012) < 0.0012)
        #expect(abs(d.mean - 0.012 * Foundation.exp(0.125)) < 0.00136)
        #expect(abs(stats.meanRate - 20) < 2)
        let views = try #require(stats.classes.first { $0.name == "view" })
        #expect(abs(views.share - 0.8) < 0.04)
    }
}
