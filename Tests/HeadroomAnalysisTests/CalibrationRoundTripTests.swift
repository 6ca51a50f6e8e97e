import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomModeling
import Testing

/// Round trip: run a known model, take its per-window series as the observed data, calibrate a
/// copy whose service times are wrong, and get the known service times back.
@Suite struct CalibrationRoundTripTests {
    /// Three calibrated kinds at 30–90 % of their servers on a ramp from 30/s to 90/s (several
    /// load levels): a station with exponential service, an app server whose two classes have a
    /// lognormal and a gamma CPU time, a database with reads and writes.
    static let model = """
        # The known system.
        name: calibration-round-trip
        duration: 1200s
        warmup: 60s
        window: 20s
        seed: 1
        traffic:
          rate: 60/s
          profile: { ramp: { from: 0.5, to: 1.5, end: 1200s } }
          classes:
            browse: { share: 80% }
            buy: { share: 20% }
        components:
          web:
            type: station
            servers: 4
            service: { exponential: 30ms }   # the front end
          app:
            type: app_server
            replicas: 2
            threads: 64
            cores: 2
          db:
            type: database
            cores: 4
        flows:
          browse:
            - visit: web
            - work: app
              time: { p50: 8ms, p99: 40ms }
            - read: db
              time: { exponential: 10ms }
          buy:
            - visit: web
            - work: app
              time:
                gamma: { shape: 2, mean: 20ms }
            - write: db
              time: { exponential: 25ms }

        """

    /// The wrong service times: web 1.5×, app's both halved, db's both 1.5× (so the fitted
    /// factors should be 1/1.5, 2 and 1/1.5).
    static let wrong = [
        "components.web.service={exponential: 45ms}",
        "flows.browse.1.time={p50: 4ms, p99: 20ms}",
        "flows.buy.1.time={gamma: {shape: 2, mean: 10ms}}",
        "flows.browse.2.time={exponential: 15ms}",
        "flows.buy.2.time={exponential: 37.5ms}",
    ]

    static func demands(_ spec: SimulationSpec) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: CalibrationTarget.targets(of: spec).map { ($0.component, $0.demand) })
    }

    /// Tolerance: 3 % on each demand and each mean service time. Over ~60 windows of 20 s at
    /// 30–90 requests/s the utilization law's estimate has a relative standard error near 1 %
    /// (the fit reports it; checked below to be under 1.5 %).
    @Test(arguments: [UInt64(1), 2, 3])
    func calibrationRecoversTheKnownServiceTimes(seed: UInt64) throws {
        let truth = try ModelLoader.load(text: Self.model, file: "truth.yaml", seed: seed)
        let observed = ObservedMetrics(points: Simulation.run(truth.spec).series)
        let wrongText = try ModelLoader.text(Self.model, file: "wrong.yaml", applying: Self.wrong)
        let wrong = try ModelLoader.load(text: wrongText, file: "wrong.yaml")
        let sites = try ModelLoader.serviceTimeSites(text: wrongText, file: "wrong.yaml")
        #expect(sites["web"] == ["components.web.service"])
        #expect(sites["app"] == ["flows.browse.1.time", "flows.buy.1.time"])
        #expect(sites["db"] == ["flows.browse.2.time", "flows.buy.2.time"])

        let calibration = try Calibration.fit(spec: wrong.spec, sites: sites.mapValues(\.count), observed: observed)
        #expect(calibration.components.map(\.target.component) == ["web", "app", "db"])
        let expected = ["web": 1 / 1.5, "app": 2.0, "db": 1 / 1.5]
        let known = Self.demands(truth.spec)
        for c in calibration.components {
            let name = c.target.component
            #expect(abs(c.factor / expected[name]! - 1) < 0.03, "\(name): factor \(c.factor)")
            #expect(abs(c.demand / known[name]! - 1) < 0.03, "\(name): demand \(c.demand) vs \(known[name]!)")
            let fit = try #require(c.utilization)
            #expect(fit.standardError / fit.demand < 0.015, "\(name): relative se \(fit.standardError / fit.demand)")
            #expect(!fit.loadDependent, "\(name): a constant demand flagged as load-dependent")
            #expect(fit.levels.count >= 3)
        }

        // The calibrated model file: the wrong model edited in place, loading to the known demands.
        let edits = calibration.components.map {
            ServiceTimeEdit(component: $0.target.component, change: .scale($0.factor), comment: $0.source)
        }
        let written = try ModelLoader.calibrated(text: wrongText, file: "wrong.yaml", edits: edits, header: ["calibrated"])
        #expect(written.editedInPlace)
        let calibrated = try ModelLoader.load(text: written.text, file: "calibrated.yaml")
        let recovered = Self.demands(calibrated.spec)
        for (name, demand) in known {
            #expect(abs(recovered[name]! / demand - 1) < 0.03, "\(name): \(recovered[name]!) vs \(demand)")
        }
        // Each service time on its own, not only the sums: the station's mean, and the
        // database's read and write (one factor keeps their 10:25 ratio).
        let explanation = Explanation(spec: calibrated.spec)
        let web = try #require(explanation.resources.first { $0.component == "web" })
        #expect(abs(web.service / 0.030 - 1) < 0.03)
        let text = written.text
        #expect(text.contains("# calibrated: "))
        #expect(text.hasPrefix("# calibrated\n"))
    }

    @Test func percentilesReplaceTheOnlyDistributionOfAComponent() throws {
        // A station at 40 % of 2 servers with X = 40/s: D = 0.4·2/40 = 20 ms. Observed p50 8 ms
        // and p99 40 ms give σ = ln 5 / 2.3263 = 0.6918; the written lognormal keeps σ and has
        // mean 20 ms: p50 = 20 ms · e^(−σ²/2) = 15.74 ms, p99 = p50 · 5 = 78.7 ms.
        var points: [SeriesPoint] = []
        for i in 1...10 {
            let t = Double(10 * i)
            points += [SeriesPoint(time: t, scope: "", metric: "throughput", value: 40),
                       SeriesPoint(time: t, scope: "s", metric: "utilization", value: 0.4),
                       SeriesPoint(time: t, scope: "s", metric: "service_p50", value: 0.008),
                       SeriesPoint(time: t, scope: "s", metric: "service_p99", value: 0.040)]
        }
        let target = CalibrationTarget(component: "s", kind: .station, servers: 2, visits: 1, demand: 0.010, sites: 1)
        let calibration = try Calibration.fit(model: "m", targets: [target], components: [("s", .station)],
                                              observed: ObservedMetrics(points: points))
        let c = try #require(calibration.components.first)
        #expect(abs(c.demand - 0.020) < 1e-12 && abs(c.factor - 2) < 1e-9)
        let s = try #require(c.service)
        let sigma = log(5) / 2.3263478740408408
        #expect(abs((s.fit.sigma ?? 0) - sigma) < 1e-12)
        #expect(abs(s.predictedP50 - 0.020 * exp(-sigma * sigma / 2)) < 1e-12)
        #expect(abs(s.predictedP99 / s.predictedP50 - 5) < 1e-9)
        #expect(s.applied)
        // The percentiles' own mean (8 ms · e^(σ²/2) = 10.1 ms) is half the utilization's: said.
        #expect(c.notes.contains { $0.contains("percentiles' mean") })
        // Two distributions feed it: the percentiles are not applied, it is scaled.
        var two = target
        two.sites = 2
        let scaled = try Calibration.fit(model: "m", targets: [two], components: [("s", .station)],
                                         observed: ObservedMetrics(points: points))
        #expect(scaled.components[0].service?.applied == false)
        // Without utilization the percentiles alone give the demand: the 10.1 ms mean.
        let only = ObservedMetrics(points: points.filter { $0.metric != "utilization" })
        let fromPercentiles = try Calibration.fit(model: "m", targets: [target], components: [("s", .station)], observed: only)
        #expect(abs(fromPercentiles.components[0].demand - 0.008 * exp(sigma * sigma / 2)) < 1e-12)
    }
}
