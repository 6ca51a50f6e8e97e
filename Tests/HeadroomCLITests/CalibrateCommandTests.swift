import Foundation
import Testing

/// End-to-end: `headroom calibrate` on the shipped samples, a round trip through a stored run's
/// series, and bad input.
@Suite struct CalibrateCommandTests {
    @Test func theSampleMetricsCalibrateTheCacheAsideModel() throws {
        let out = try CLI.run(["calibrate", "models/cache-aside.yaml", "--observed", "models/data/sample-metrics.csv"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.hasPrefix("calibrated cache-aside against "))
        for part in ["fitted D", "app_server", "database", "products ", "demand by load level",
                     "not fitted:\n  pool: a pool's connections", "utilization per window, observed → predicted",
                     "service times from percentiles (lognormal"] {
            #expect(out.stdout.contains(part), "missing \(part)")
        }
        // The Prometheus sample holds the same data: the same fit.
        let prometheus = try CLI.run(["calibrate", "models/cache-aside.yaml", "--observed", "models/data/sample-prometheus.json",
                                      "--json"])
        let csv = try CLI.run(["calibrate", "models/cache-aside.yaml", "--observed", "models/data/sample-metrics.csv", "--json"])
        #expect(prometheus.status == 0 && csv.status == 0, "\(prometheus.stderr)\(csv.stderr)")
        func factors(_ output: CLI.Output) -> [String: Double] {
            let calibration = output.json["calibration"] as? [String: Any] ?? [:]
            let components = calibration["components"] as? [[String: Any]] ?? []
            return Dictionary(uniqueKeysWithValues: components.map {
                (($0["target"] as? [String: Any])?["component"] as? String ?? "", $0["factor"] as? Double ?? 0)
            })
        }
        let a = factors(prometheus), b = factors(csv)
        #expect(Set(a.keys) == ["app", "products", "db"])
        #expect(a.keys.allSatisfy { abs(a[$0]! / b[$0]! - 1) < 1e-6 })
        // The sample's system (scripts/sample-metrics): the database's reads 7 ms and writes
        // 15 ms where the model says 5 and 12, so its one factor lies between 1.25 and 1.4; the
        // app's views ×1.2 and updates ×1 (5 % of requests, twice the CPU time): between 1.15 and
        // 1.2; the cache a lognormal with p50 150 us and p99 600 us, mean 150 us·e^(σ²/2) = 179 us
        // (σ = ln 4/2.3263): its factor against the model's 200 us is 0.895, within 3 %.
        #expect(b["db"]! > 1.25 && b["db"]! < 1.4, "db ×\(b["db"]!)")
        #expect(b["app"]! > 1.15 && b["app"]! < 1.2, "app ×\(b["app"]!)")
        let sigma = log(4.0) / 2.3263478740408408
        #expect(abs(b["products"]! / (150e-6 * exp(sigma * sigma / 2) / 200e-6) - 1) < 0.03, "products ×\(b["products"]!)")
        // The database behind the cache is judged at each window's hit rate: its demand does not
        // vary with the load although the hit rate climbs as the cache warms.
        #expect(!csv.stdout.contains("load_dependent\" : true"))
        // --distribution gamma: the cache's only service time becomes the gamma through its
        // p50 and p99 (a shape near 2: p99/p50 = 4 is the ratio of a gamma with k ≈ 1.96).
        let model = CLI.temporaryDirectory().appendingPathComponent("gamma.yaml")
        let gamma = try CLI.run(["calibrate", "models/cache-aside.yaml", "--observed", "models/data/sample-metrics.csv",
                                 "--distribution", "gamma", "-o", model.path])
        #expect(gamma.status == 0, "\(gamma.stderr)")
        #expect(gamma.stdout.contains("service times from percentiles (gamma"))
        let written = try String(contentsOf: model, encoding: .utf8)
        #expect(written.contains("    service: { gamma: { shape: 1.9"))
        #expect(written.contains("# Cache-aside: a product catalogue cache"))
    }

    /// The calibrated model run at the sample's throughput reproduces what the fit did not use:
    /// the sample is the same architecture with other service times, so its p99 should come
    /// back within 15 % on average over the windows, its throughput within 3 % (measured: 5.4 %
    /// and 0.8 %) and each fitted utilization within 10 %.
    @Test func simulateComparesTheCalibratedModelWithTheObservedWindows() throws {
        let out = try CLI.run(["calibrate", "models/cache-aside.yaml", "--observed", "models/data/sample-metrics.csv",
                               "--simulate", "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let check = out.json["check"] as? [String: Any] ?? [:]
        let metrics = check["metrics"] as? [[String: Any]] ?? []
        func error(_ scope: String, _ metric: String) -> Double? {
            metrics.first { $0["scope"] as? String == scope && $0["metric"] as? String == metric }?["mean_relative_error"] as? Double
        }
        #expect(check["window"] as? Double == 10)
        #expect((error("", "latency_p99") ?? 1) < 0.15)
        #expect((error("", "throughput") ?? 1) < 0.03)
        for component in ["app", "products", "db"] { #expect((error(component, "utilization") ?? 1) < 0.10, "\(component)") }
        let text = try CLI.run(["calibrate", "models/cache-aside.yaml", "--observed", "models/data/sample-metrics.csv", "--simulate"])
        #expect(text.stdout.contains("the calibrated model simulated at the observed throughput, window by window (10s windows):"))
        let replay = try CLI.run(["calibrate", "models/replay-shop.yaml", "--observed", "models/data/sample-metrics.csv", "--simulate"])
        #expect(replay.status == 1 && replay.stderr.hasPrefix("--simulate: the model replays a trace (traffic.replay)"))
    }

    /// A run of the model with known service times, its series exported, calibrated back from a
    /// model with the database 1.5× too slow: the written model's read and write times come back
    /// within 3 % (a 20-window fit at ~60 % utilization has a relative standard error under 1 %).
    @Test func aRunsSeriesCalibratesAWrongModelBack() throws {
        let dir = CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("h.sqlite").path
        let model = dir.appendingPathComponent("m.yaml")
        let text = """
            # A shop: one station, one database.
            name: shop
            duration: 400s
            warmup: 20s
            window: 20s
            traffic:
              rate: 100/s
            components:
              web:
                type: station
                servers: 2
                service: 6ms        # measured in 2025
              db:
                type: database
                cores: 2
            flows:
              default:
                - visit: web
                - read: db
                  time: { exponential: 8ms }
                - branch:
                    - p: 20%
                      do:
                        - write: db
                          time:
                            exponential: 20ms

            """
        try text.write(to: model, atomically: true, encoding: .utf8)
        let run = try CLI.run(["run", model.path, "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        let series = try CLI.run(["runs", "series", "1", "--csv", "--db", db])
        #expect(series.status == 0, "\(series.stderr)")
        let observed = dir.appendingPathComponent("observed.csv")
        try series.stdout.write(to: observed, atomically: true, encoding: .utf8)
        let wrong = dir.appendingPathComponent("wrong.yaml")
        try text.replacingOccurrences(of: "exponential: 8ms", with: "exponential: 12ms")
            .replacingOccurrences(of: "exponential: 20ms", with: "exponential: 30ms")
            .write(to: wrong, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("calibrated.yaml")
        let calibrate = try CLI.run(["calibrate", wrong.path, "--observed", observed.path, "-o", out.path])
        #expect(calibrate.status == 0, "\(calibrate.stderr)")
        #expect(calibrate.stdout.contains("wrote \(out.path)\n") || calibrate.stdout.hasSuffix("wrote \(out.path)"))
        let written = try String(contentsOf: out, encoding: .utf8)
        // The user's comments stay; each changed time says what it was fitted from.
        #expect(written.contains("# A shop: one station, one database."))
        #expect(written.contains("service: "))
        #expect(written.contains("# measured in 2025"))
        #expect(written.contains("# calibrated: ×"))
        #expect(written.hasPrefix("# Calibrated by headroom calibrate from \(observed.path)"))
        let times = written.components(separatedBy: "exponential: ").dropFirst().compactMap { part -> Double? in
            let value = part.prefix { $0 != " " && $0 != "}" && $0 != "\n" }
            return value.hasSuffix("ms") ? Double(value.dropLast(2)).map { $0 / 1000 } : nil
        }
        #expect(times.count == 2)
        if times.count == 2 {
            #expect(abs(times[0] / 0.008 - 1) < 0.03, "read \(times[0])")
            #expect(abs(times[1] / 0.020 - 1) < 0.03, "write \(times[1])")
        }
        // The calibrated model is valid.
        let validate = try CLI.run(["validate", out.path])
        #expect(validate.status == 0, "\(validate.stderr)")
        // Nothing was stored by calibrate: the store still has the one run.
        let runs = try CLI.run(["runs", "--csv", "--db", db])
        #expect(runs.stdout.split(separator: "\n").count == 2)
    }

    /// A database whose demand per request grows with the load, 2 ms at 100/s to 4 ms at
    /// 1000/s (d = 2 ms·(1 + (X − 100)/900)): flagged, and its levels kept in the written model.
    @Test func aLoadDependentDemandIsReportedAndKeptInTheModel() throws {
        let dir = CLI.temporaryDirectory()
        var csv = "time,scope,metric,value\n"
        for i in 0..<20 {
            let x = 100.0 + 900.0 * Double(i) / 19
            let demand = 0.002 * (1 + (x - 100) / 900)
            csv += "\(10 * (i + 1)),,throughput,\(x)\n\(10 * (i + 1)),db,utilization,\(demand * x / 8)\n"
        }
        let observed = dir.appendingPathComponent("load.csv")
        try csv.write(to: observed, atomically: true, encoding: .utf8)
        let model = dir.appendingPathComponent("out.yaml")
        let out = try CLI.run(["calibrate", "models/cache-aside.yaml", "--observed", observed.path, "--fit", "db",
                               "-o", model.path])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("db: the demand varies with the load: the per-window demand changes by +"))
        let written = try String(contentsOf: model, encoding: .utf8)
        // Five bands 180/s wide of 4 windows each; a band's demand is Σ X²·d(X) / Σ X² over its
        // windows (worked out independently): 2.224 ms at a mean 171.1/s … 3.855 ms at 928.9/s.
        #expect(written.contains("# db: the demand varies with the load (written: the least-squares one); by load level: "
            + "171.1/s 2.22ms, 360.5/s 2.61ms, 550/s 3.02ms, 739.5/s 3.44ms, 928.9/s 3.86ms\n"))
    }

    @Test func badInputEndsWithExitCode1AndSaysWhy() throws {
        let dir = CLI.temporaryDirectory()
        func file(_ name: String, _ text: String) throws -> String {
            let url = dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        func calibrate(_ args: [String]) throws -> CLI.Output {
            try CLI.run(["calibrate", "models/cache-aside.yaml"] + args)
        }
        let missing = try calibrate(["--observed", "nowhere.csv"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "calibrate: cannot read observed metrics 'nowhere.csv': no such file\n")
        let noObserved = try calibrate([])
        #expect(noObserved.status != 0 && noObserved.stderr.contains("--observed"))
        let malformed = try file("bad.csv", "time,scope,metric,value\n10,,throughput,100\n10,db,utilization\n")
        let bad = try calibrate(["--observed", malformed])
        #expect(bad.status == 1)
        #expect(bad.stderr == "\(malformed):3: expected 4 fields (time,scope,metric,value), found 3\n")
        let typo = try file("typo.csv", "time,scope,metric,value\n10,,throughput,100\n10,dbb,utilization,0.3\n")
        let unknown = try calibrate(["--observed", typo])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("the observed data has scope 'dbb'") && unknown.stderr.contains("(did you mean 'db'?)"))
        let noThroughput = try file("nox.csv", "time,scope,metric,value\n10,db,utilization,0.3\n20,db,utilization,0.3\n")
        let withoutX = try calibrate(["--observed", noThroughput])
        #expect(withoutX.status == 1 && withoutX.stderr.hasPrefix("calibrate: no run-wide throughput"))
        let zero = try file("zero.csv", "time,scope,metric,value\n10,,throughput,0\n10,db,utilization,0\n20,,throughput,0\n20,db,utilization,0\n")
        let idle = try calibrate(["--observed", zero])
        #expect(idle.status == 1 && idle.stderr.hasPrefix("calibrate: the observed throughput is 0 in every window"))
        let two = try file("two.csv", "time,scope,metric,value\n10,,throughput,10\n10,db,utilization,0.1\n20,,throughput,10\n20,db,utilization,0.1\n")
        let few = try calibrate(["--observed", two])
        #expect(few.status == 1)
        #expect(few.stderr.hasPrefix("calibrate: nothing could be calibrated:\n"))
        #expect(few.stderr.contains("\n  db: only 2 windows with both utilization and a throughput above 0 (at least 3 needed)\n"))
        #expect(few.stderr.contains("\n  app: no metrics observed for it (needs utilization, or service_p50 and service_p99)\n"))
        let fit = try calibrate(["--observed", "models/data/sample-metrics.csv", "--fit", "pol"])
        #expect(fit.status == 1 && fit.stderr.contains("--fit: the model has no component 'pol' (did you mean 'pool'?)"))
        let pool = try calibrate(["--observed", "models/data/sample-metrics.csv", "--fit", "pool"])
        #expect(pool.status == 1 && pool.stderr.contains("--fit pool: not calibrated"))
        let family = try calibrate(["--observed", "models/data/sample-metrics.csv", "--distribution", "gama"])
        #expect(family.status == 1 && family.stderr.contains("(did you mean 'gamma'?)"))
        let window = try calibrate(["--observed", "models/data/sample-metrics.csv", "--from", "100000"])
        #expect(window.status == 1 && window.stderr.contains("no observed window ends between --from and --to"))
        let json = try file("p.json", #"{"status":"success","data":{"resultType":"vector","result":[]}}"#)
        let vector = try calibrate(["--observed", json])
        #expect(vector.status == 1 && vector.stderr.contains("expected resultType 'matrix'"))
        let mapping = try calibrate(["--observed", json, "--map", "x"])
        #expect(mapping.status == 1 && mapping.stderr.contains("--map: expected NAME=METRIC"))
        // Nothing written when the fit fails.
        let output = dir.appendingPathComponent("never.yaml")
        _ = try calibrate(["--observed", malformed, "-o", output.path])
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}
