import Foundation
@testable import HeadroomModeling
import Testing

/// Bad uses of the time features: each rejected at the right position and key path, with the
/// right message and suggestion. Line and column are 1-based; the texts are written so they can
/// be counted.
@Suite("Bad time models")
struct BadTimeModelTests {
    /// Nine lines: an app server `app` with 2 replicas, a cache `products`, a database `db` with
    /// one replica and a queue `jobs`; what a test appends starts on line 10.
    static let base = """
        duration: 1h
        traffic: { rate: 10/s }
        components:
          app: { type: app_server, replicas: 2 }
          products: { type: cache, ttl: 1m }
          db: { type: database, replicas: 1 }
          jobs: { type: queue, workers: 2, job: [ { delay: 1ms } ] }
        flows:
          default: [ { work: app, time: 1ms }, { enqueue: jobs } ]
        """

    /// `base` with `lines` appended from line 10.
    static func with(_ lines: String) -> String {
        base + "\n" + lines
    }

    // MARK: - timeline

    @Test func timelineActionOnTheWrongType() throws {
        let d = try onlyDiagnostic(Self.with("timeline:\n  - { at: 1m, flush: db }"))
        #expect((d.line, d.column) == (11, 22))
        #expect(d.path == "timeline.0.flush")
        #expect(d.message == "'db' is a database; 'flush' needs a cache (cache components: products)")
        #expect(d.suggestion == "products")
    }

    @Test func scaleNeedsAnAppServerOrAQueue() throws {
        let d = try onlyDiagnostic(Self.with("timeline:\n  - { at: 1m, scale: products, to: 2 }"))
        #expect((d.line, d.column) == (11, 22))
        #expect(d.path == "timeline.0.scale")
        #expect(d.message == "'products' is a cache; 'scale' needs an app_server or a queue "
            + "(app_server or queue components: app, jobs)")
        #expect(d.suggestion == nil)
    }

    @Test func replicaOutOfRange() throws {
        let d = try onlyDiagnostic(Self.with("timeline:\n  - { at: 1m, crash: app, replica: 2 }"))
        #expect((d.line, d.column) == (11, 36))
        #expect(d.path == "timeline.0.replica")
        #expect(d.message == "replica 2 is out of range: 'app' runs at most 2 replicas, numbered 0 to 1 "
            + "(the most of its replicas, the timeline's scale targets and its autoscaler's max)")
    }

    @Test func crashNeedsAReplica() throws {
        let d = try onlyDiagnostic(Self.with("timeline:\n  - { at: 1m, crash: app }"))
        #expect((d.line, d.column) == (11, 5))
        #expect(d.path == "timeline.0")
        #expect(d.message == "missing required key 'replica' (the index of a replica, from 0)")
    }

    @Test("at must lie within the run", arguments: ["2h", "60m"])
    func atPastTheEndOfTheRun(at: String) throws {
        let d = try onlyDiagnostic(Self.with("timeline:\n  - { at: \(at), scale: jobs, to: 4 }"))
        #expect((d.line, d.column) == (11, 11))
        #expect(d.path == "timeline.0.at")
        let shown = at == "2h" ? "2h" : "1h"
        #expect(d.message == "at (\(shown)) is not before the end of the run (duration 1h); expected a time from 0s "
            + "up to, not including, duration")
    }

    @Test func unknownActionSuggestsTheNearest() throws {
        let d = try onlyDiagnostic(Self.with("timeline:\n  - { at: 1m, crsh: app, replica: 0 }"))
        #expect((d.line, d.column) == (11, 15))
        #expect(d.path == "timeline.0.crsh")
        #expect(d.message == "unknown action 'crsh' (expected one of: crash, recover, shutdown, rolling_deploy, "
            + "resize, flush, replication_lag, failover, scale)")
        #expect(d.suggestion == "crash")
    }

    @Test func twoActionsInOneEvent() throws {
        let d = try onlyDiagnostic(Self.with("timeline:\n  - { at: 1m, crash: app, scale: app, to: 2 }"))
        #expect((d.line, d.column) == (11, 5))
        #expect(d.path == "timeline.0")
        #expect(d.message == "an event has exactly one action, found 'crash' and 'scale'")
    }

    @Test func replicationLagNeedsReplicas() throws {
        let text = Self.with("timeline:\n  - { at: 1m, replication_lag: db, lag: 1s }")
            .replacingFirst("replicas: 1", with: "replicas: 0")
        let d = try onlyDiagnostic(text)
        #expect((d.line, d.column) == (11, 32))
        #expect(d.path == "timeline.0.replication_lag")
        #expect(d.message == "'db' has no read replicas, so its replication lag has no effect; expected a database "
            + "with replicas ≥ 1")
    }

    @Test func failoverNeedsAPositiveDuration() throws {
        let d = try onlyDiagnostic(Self.with("timeline:\n  - { at: 1m, failover: db, for: 0s }"))
        #expect((d.line, d.column) == (11, 34))
        #expect(d.path == "timeline.0.for")
        #expect(d.message == "expected a duration > 0, found '0s'")
    }

    @Test func weightedBackendCannotScale() throws {
        let text = """
            duration: 1h
            traffic: { rate: 10/s }
            components:
              lb: { type: load_balancer, policy: weighted, backend: app, weights: [1, 2] }
              app: { type: app_server, replicas: 2 }
            flows:
              default: [ { work: app, time: 1ms } ]
            timeline:
              - { at: 1m, scale: app, to: 3 }
            """
        let d = try onlyDiagnostic(text)
        #expect((d.line, d.column) == (9, 22))
        #expect(d.path == "timeline.0.scale")
        #expect(d.message == "'app' cannot change its replicas: load balancer 'lb' in front of it is weighted, "
            + "with one weight per replica; use another policy to scale it")
    }

    // MARK: - autoscaling

    @Test func unknownAutoscalingMetricSuggestsTheNearest() throws {
        let d = try onlyDiagnostic(Self.with(
            "autoscaling:\n  - { component: jobs, metric: queue_dept, target: 100, max: 4 }"
        ))
        #expect((d.line, d.column) == (11, 32))
        #expect(d.path == "autoscaling.0.metric")
        #expect(d.message == "unknown metric 'queue_dept' (expected one of: cpu, queue_depth, p99)")
        #expect(d.suggestion == "queue_depth")
    }

    @Test func metricThatDoesNotSuitTheComponent() throws {
        let d = try onlyDiagnostic(Self.with("autoscaling:\n  - { component: jobs, metric: cpu, target: 50%, max: 4 }"))
        #expect((d.line, d.column) == (11, 32))
        #expect(d.path == "autoscaling.0.metric")
        #expect(d.message == "metric cpu needs an app_server, but 'jobs' is a queue (metrics for a queue: "
            + "queue_depth, p99)")
        #expect(d.suggestion == "queue_depth")
    }

    /// `cpu` is read per time-series window: an interval shorter than the window (36 s, the
    /// default for this one-hour run) would see no window in most decisions.
    @Test func cpuIntervalShorterThanTheWindow() throws {
        let d = try onlyDiagnostic(Self.with(
            "autoscaling:\n  - { component: app, metric: cpu, target: 50%, interval: 10s, max: 4 }"
        ))
        #expect((d.line, d.column) == (11, 59))
        #expect(d.path == "autoscaling.0.interval")
        #expect(d.message.hasPrefix("interval (10s) is shorter than the time-series window (36s, the default window"))
        #expect(d.message.contains("expected interval ≥ window"))
        // With a window no longer than the interval it loads; queue_depth is sampled, not windowed.
        #expect(throws: Never.self) {
            try ModelLoader.load(text: Self.with(
                "window: 10s\nautoscaling:\n  - { component: app, metric: cpu, target: 50%, interval: 10s, max: 4 }"),
                file: "ok.yaml")
        }
        #expect(throws: Never.self) {
            try ModelLoader.load(text: Self.with(
                "autoscaling:\n  - { component: jobs, metric: queue_depth, target: 2, interval: 10s, max: 4 }"),
                file: "ok.yaml")
        }
    }

    @Test func minAboveMax() throws {
        let d = try onlyDiagnostic(Self.with(
            "autoscaling:\n  - { component: app, metric: cpu, target: 50%, min: 5, max: 3 }"
        ))
        #expect((d.line, d.column) == (11, 62))
        #expect(d.path == "autoscaling.0.max")
        #expect(d.message == "max (3) is below min (5); expected min ≤ max")
    }

    @Test func replicasBelowMin() throws {
        let d = try onlyDiagnostic(Self.with(
            "autoscaling:\n  - { component: app, metric: cpu, target: 50%, min: 3, max: 4 }"
        ))
        #expect((d.line, d.column) == (11, 54))
        #expect(d.path == "autoscaling.0.min")
        #expect(d.message == "min (3) is above the replicas of 'app' (2); expected min ≤ replicas ≤ max "
            + "(the autoscaler starts from the replicas)")
    }

    @Test func workersAboveMax() throws {
        let d = try onlyDiagnostic(Self.with(
            "autoscaling:\n  - { component: jobs, metric: queue_depth, target: 10, max: 1 }"
        ))
        #expect((d.line, d.column) == (11, 62))
        #expect(d.path == "autoscaling.0.max")
        #expect(d.message == "max (1) is below the workers of 'jobs' (2); expected min ≤ workers ≤ max "
            + "(the autoscaler starts from the workers)")
    }

    @Test func twoAutoscalersForOneComponent() throws {
        let d = try onlyDiagnostic(Self.with("""
            autoscaling:
              - { component: app, metric: cpu, target: 50%, max: 4 }
              - { component: app, metric: p99, target: 1s, max: 4 }
            """))
        #expect((d.line, d.column) == (12, 18))
        #expect(d.path == "autoscaling.1.component")
        #expect(d.message == "'app' already has an autoscaler (autoscaling.0); expected at most one per component")
    }

    @Test func autoscalerNeedsMax() throws {
        let d = try onlyDiagnostic(Self.with("autoscaling:\n  - { component: app, metric: cpu, target: 50% }"))
        #expect((d.line, d.column) == (11, 5))
        #expect(d.path == "autoscaling.0")
        #expect(d.message == "missing required key 'max' (an integer ≥ min, the most replicas or workers)")
    }

    @Test func cpuTargetIsAPercentage() throws {
        let d = try onlyDiagnostic(Self.with("autoscaling:\n  - { component: app, metric: cpu, target: 60, max: 4 }"))
        #expect((d.line, d.column) == (11, 44))
        #expect(d.path == "autoscaling.0.target")
        #expect(d.message == "expected a fraction above 0% and at most 100%, such as 30% or 0.3, found '60'; "
            + "for a percentage write 60%")
    }

    // MARK: - profiles

    @Test func unknownProfileFormSuggestsTheNearest() throws {
        let text = Self.base.replacingFirst(
            "traffic: { rate: 10/s }", with: "traffic: { rate: 10/s, profile: { spkie: { at: 1m, for: 1m, factor: 2 } } }"
        )
        let d = try onlyDiagnostic(text)
        #expect((d.line, d.column) == (2, 35))
        #expect(d.path == "traffic.profile.spkie")
        #expect(d.message == "unknown profile 'spkie' (expected one of: constant, ramp, step, spike, diurnal, csv, points)")
        #expect(d.suggestion == "spike")
    }

    @Test func spikeNeedsItsLength() throws {
        let text = Self.base.replacingFirst(
            "traffic: { rate: 10/s }", with: "traffic: { rate: 10/s, profile: { spike: { at: 1m, factor: 2 } } }"
        )
        let d = try onlyDiagnostic(text)
        #expect((d.line, d.column) == (2, 42))
        #expect(d.path == "traffic.profile.spike")
        #expect(d.message == "missing required key 'for' (a duration > 0 such as 5m)")
    }

    @Test func pointsOutOfOrder() throws {
        let text = Self.base.replacingFirst(
            "traffic: { rate: 10/s }", with: "traffic: { rate: 10/s, profile: { points: [[0s, 1], [10m, 2], [5m, 1]] } }"
        )
        let d = try onlyDiagnostic(text)
        #expect((d.line, d.column) == (2, 64))
        #expect(d.path == "traffic.profile.points.2.0")
        #expect(d.message == "time 5m is before the previous point's 10m; expected times that do not decrease")
    }

    @Test func rampThatEndsBeforeItStarts() throws {
        let text = Self.base.replacingFirst(
            "traffic: { rate: 10/s }", with: "traffic: { rate: 10/s, profile: { ramp: { to: 2, start: 5m, end: 1m } } }"
        )
        let d = try onlyDiagnostic(text)
        #expect((d.line, d.column) == (2, 66))
        #expect(d.path == "traffic.profile.ramp.end")
        #expect(d.message == "end (1m) is not after start (5m); expected start < end (for a jump, use { step: … })")
    }

    @Test func zeroProfileSendsNothing() throws {
        let text = Self.base.replacingFirst("traffic: { rate: 10/s }", with: "traffic: { rate: 10/s, profile: { constant: 0 } }")
        let d = try onlyDiagnostic(text)
        #expect((d.line, d.column) == (2, 33))
        #expect(d.path == "traffic.profile")
        #expect(d.message == "the multiplier is 0 at all times, so no request would arrive; expected a value > 0 somewhere")
    }

    @Test func unusedTrafficProfile() throws {
        let text = Self.base.replacingFirst(
            "traffic: { rate: 10/s }",
            with: "traffic: { rate: 10/s, profile: { constant: 2 }, classes: { default: { share: 100%, profile: { constant: 1 } } } }"
        )
        let d = try onlyDiagnostic(text)
        #expect((d.line, d.column) == (2, 33))
        #expect(d.path == "traffic.profile")
        #expect(d.message == "traffic.profile is unused: every class gives its own profile; remove it, or leave a class "
            + "without one")
    }

    /// Loads `text` as `model.yaml` in a directory holding `files`; returns the directory and
    /// the diagnostics.
    static func load(_ text: String, in files: [String: String]) throws -> (URL, [ModelDiagnostic]) {
        let directory = try temporaryDirectory(files: files)
        let file = directory.appendingPathComponent("model.yaml").path
        do {
            _ = try ModelLoader.load(text: text, file: file)
            return (directory, [])
        } catch let error as ModelError {
            return (directory, error.diagnostics)
        }
    }

    /// Every bad row of a CSV file is reported at its line and column in that file, with the key
    /// path of the `csv` value; rows after a bad one are still checked.
    @Test func badCSVRowsNameTheFileAndLine() throws {
        let text = Self.base.replacingFirst("traffic: { rate: 10/s }", with: "traffic: { profile: { csv: rates.csv } }")
        let (directory, found) = try Self.load(text, in: ["rates.csv": """
            time,rate
            0s,100/s
            5m,fast
            10m,200
            2m,100
            10m
            , 5/x
            """])
        defer { removeDirectory(directory) }
        let csv = directory.appendingPathComponent("rates.csv").path
        #expect(found.allSatisfy { $0.file == csv && $0.path == "traffic.profile.csv" }, "\(ModelError(diagnostics: found))")
        #expect(found.map { [$0.line, $0.column] } == [[3, 4], [5, 1], [6, 1], [7, 1], [7, 3]])
        #expect(found.map(\.message) == [
            "expected a rate ≥ 0 such as 1200/s, 5/m or 1200 (per second), found 'fast'",
            "time 2m is before the previous row's 10m; expected times that do not decrease",
            "expected two fields, time,rate (such as 10m,1200/s), found 1",
            "expected a time ≥ 0 such as 0s, 10m or 600 (seconds), found ''",
            "unknown rate unit '/x' in '5/x' (expected one of: /s, /m (or /min), /h, /d, or none for per second)",
        ])
        #expect(found[0].description == "\(csv):3:4: traffic.profile.csv: expected a rate ≥ 0 such as 1200/s, "
            + "5/m or 1200 (per second), found 'fast'")
    }

    @Test func missingCSVFile() throws {
        let text = Self.base.replacingFirst("traffic: { rate: 10/s }", with: "traffic: { profile: { csv: nope.csv } }")
        let (directory, found) = try Self.load(text, in: [:])
        defer { removeDirectory(directory) }
        let d = try #require(found.first)
        #expect(found.count == 1)
        #expect(d.file == directory.appendingPathComponent("model.yaml").path)
        #expect((d.line, d.column) == (2, 28))
        #expect(d.path == "traffic.profile.csv")
        #expect(d.message == "cannot read CSV profile '\(directory.appendingPathComponent("nope.csv").path)' "
            + "(relative to the model file's directory): no such file")
    }

    @Test func emptyAndAllZeroCSVFiles() throws {
        let text = Self.base.replacingFirst("traffic: { rate: 10/s }", with: "traffic: { profile: { csv: r.csv } }")
        for (contents, message) in [
            ("time,rate\n# nothing yet\n", "has no rows; expected lines of time,rate such as 0s,1200/s"),
            ("0,0\n10m,0/s\n", "every rate in CSV profile"),
        ] {
            let (directory, found) = try Self.load(text, in: ["r.csv": contents])
            defer { removeDirectory(directory) }
            #expect(found.count == 1)
            #expect(found.first?.message.contains(message) == true, "\(found)")
            #expect(found.first.map { [$0.line, $0.column] } == [2, 28])
            #expect(found.first?.path == "traffic.profile.csv")
        }
    }

    @Test func csvRatesThatStartAfterTheRun() throws {
        let text = Self.base.replacingFirst("traffic: { rate: 10/s }", with: "traffic: { profile: { csv: late.csv } }")
        let (directory, found) = try Self.load(text, in: ["late.csv": "0s,0\n2h,0\n3h,100\n"])
        defer { removeDirectory(directory) }
        let d = try #require(found.first)
        #expect(found.count == 1)
        #expect((d.line, d.column, d.path) == (2, 21, "traffic.profile"))
        #expect(d.message == "the rates of CSV profile '\(directory.appendingPathComponent("late.csv").path)' are 0 over "
            + "the whole run (0s to 1h), so no request would arrive; expected a rate > 0 before the end of the run")
    }

    @Test func csvTrafficProfileAndTrafficRate() throws {
        let text = Self.base.replacingFirst("traffic: { rate: 10/s }", with: "traffic: { rate: 10/s, profile: { csv: r.csv } }")
        let (directory, found) = try Self.load(text, in: ["r.csv": "0,5\n"])
        defer { removeDirectory(directory) }
        let d = try #require(found.first)
        #expect(found.count == 1)
        #expect((d.line, d.column, d.path) == (2, 18, "traffic.rate"))
        #expect(d.message == "traffic.rate is given by the CSV profile '\(directory.appendingPathComponent("r.csv").path)' "
            + "(its mean rate over the run); remove it")
    }

    @Test func csvClassWithAShare() throws {
        let text = Self.base.replacingFirst(
            "traffic: { rate: 10/s }", with: "traffic: { classes: { default: { share: 100%, profile: { csv: r.csv } } } }"
        )
        let (directory, found) = try Self.load(text, in: ["r.csv": "0,5\n"])
        defer { removeDirectory(directory) }
        let d = try #require(found.first)
        #expect(found.count == 1)
        #expect((d.line, d.column, d.path) == (2, 41, "traffic.classes.default.share"))
        #expect(d.message == "class 'default' takes its rate from its CSV profile (its mean rate over the run); "
            + "remove 'share'")
    }

    // MARK: - clients, health checks, costs

    @Test func jitterAboveOneHundredPercent() throws {
        let text = Self.base.replacingFirst(
            "traffic: { rate: 10/s }", with: "traffic: { classes: { default: { rate: 1/s, client: { jitter: 150% } } } }"
        )
        let d = try onlyDiagnostic(text)
        #expect((d.line, d.column) == (2, 63))
        #expect(d.path == "traffic.classes.default.client.jitter")
        #expect(d.message == "expected a fraction from 0% to 100%, such as 30% or 0.3, found '150%'")
    }

    @Test func unknownClientKeySuggestsTheNearest() throws {
        let text = Self.base.replacingFirst(
            "traffic: { rate: 10/s }", with: "traffic: { classes: { default: { rate: 1/s, client: { retries: 3 } } } }"
        )
        let d = try onlyDiagnostic(text)
        #expect((d.line, d.column) == (2, 55))
        #expect(d.path == "traffic.classes.default.client.retries")
        #expect(d.message == "unknown key 'retries' (expected one of: timeout, attempts, backoff, jitter, budget)")
        #expect(d.suggestion == nil)
        let typo = try onlyDiagnostic(text.replacingFirst("retries: 3", with: "atempts: 3"))
        #expect(typo.suggestion == "attempts")
    }

    @Test func healthCheckTimeoutLongerThanInterval() throws {
        let d = try onlyDiagnostic(model(
            components: """
                  lb: { type: load_balancer, backend: app, health_check: { interval: 1s, timeout: 2s } }
                  app: { type: app_server }
                """,
            flow: "    - { work: app, time: 1ms }"
        ))
        #expect((d.line, d.column) == (4, 83))
        #expect(d.path == "components.lb.health_check.timeout")
        #expect(d.message == "timeout (2s) is longer than interval (1s); expected a probe to end before the next one "
            + "starts (timeout ≤ interval)")
    }

    @Test func healthCheckThresholdBelowOne() throws {
        let d = try onlyDiagnostic(model(
            components: """
                  lb: { type: load_balancer, backend: app, health_check: { healthy_threshold: 0 } }
                  app: { type: app_server }
                """,
            flow: "    - { work: app, time: 1ms }"
        ))
        #expect((d.line, d.column) == (4, 79))
        #expect(d.path == "components.lb.health_check.healthy_threshold")
        #expect(d.message == "expected an integer ≥ 1, found 0")
    }

    @Test func negativeCost() throws {
        let text = Self.base.replacingFirst("replicas: 2 }", with: "replicas: 2, cost_per_hour: -1 }")
        let d = try onlyDiagnostic(text)
        #expect((d.line, d.column) == (4, 56))
        #expect(d.path == "components.app.cost_per_hour")
        #expect(d.message == "expected a number ≥ 0, found '-1'")
    }

    // MARK: - alerts, slo, window

    @Test func alertMetricNotSnakeCase() throws {
        let d = try onlyDiagnostic(Self.with("alerts: [ { metric: Latency-P99, above: 1s } ]"))
        #expect((d.line, d.column) == (10, 21))
        #expect(d.path == "alerts.0.metric")
        #expect(d.message == "expected a metric name in snake_case such as latency_p99, error_rate or utilization, "
            + "found 'Latency-P99'")
        #expect(d.suggestion == "latency_p99")
    }

    @Test func alertOnAMissingComponent() throws {
        let d = try onlyDiagnostic(Self.with("alerts: [ { component: dbs, metric: depth, above: 10 } ]"))
        #expect((d.line, d.column) == (10, 24))
        #expect(d.path == "alerts.0.component")
        #expect(d.message == "no component named 'dbs' (components: app, products, db, jobs)")
        #expect(d.suggestion == "db")
    }

    @Test func latencyAlertWithABareNumber() throws {
        let d = try onlyDiagnostic(Self.with("alerts: [ { metric: latency_p99, above: 500 } ]"))
        #expect((d.line, d.column) == (10, 41))
        #expect(d.path == "alerts.0.above")
        #expect(d.message == "'500' has no unit, but latency_p99 is a time; add a unit, e.g. 500ms "
            + "(a bare number would be seconds)")
    }

    @Test func alertThresholdWithAnUnknownUnit() throws {
        let d = try onlyDiagnostic(Self.with("alerts: [ { metric: depth, above: 10k } ]"))
        #expect((d.line, d.column) == (10, 35))
        #expect(d.path == "alerts.0.above")
        #expect(d.message == "unknown unit 'k' in '10k' (expected none, %, a duration unit: ns, us (or µs), ms, s, "
            + "m (or min), h, d, or a rate unit: /s, /m (or /min), /h, /d)")
    }

    @Test func emptyServiceLevel() throws {
        let d = try onlyDiagnostic(Self.with("slo: {}"))
        #expect((d.line, d.column) == (10, 6))
        #expect(d.path == "slo")
        #expect(d.message == "expected p99, errors or both, such as { p99: 500ms, errors: 1% }, found neither")
    }

    @Test func unknownServiceLevelKeySuggestsTheNearest() throws {
        let d = try onlyDiagnostic(Self.with("slo: { p99: 1s, error: 1% }"))
        #expect((d.line, d.column) == (10, 17))
        #expect(d.path == "slo.error")
        #expect(d.message == "unknown key 'error' (expected one of: p99, errors)")
        #expect(d.suggestion == "errors")
    }

    @Test func windowLongerThanTheRun() throws {
        let d = try onlyDiagnostic(Self.with("window: 2h"))
        #expect((d.line, d.column) == (10, 9))
        #expect(d.path == "window")
        #expect(d.message == "window (2h) is longer than the run (duration 1h); expected window ≤ duration")
    }

    @Test func tooManyWindows() throws {
        let d = try onlyDiagnostic(Self.with("window: 1ms"))
        #expect((d.line, d.column) == (10, 9))
        #expect(d.message == "window 1ms splits the run (duration 1h) into 3600000 windows; expected at most 1000000 "
            + "(a longer window)")
    }

    @Test func alertDefaultsMustBeABoolean() throws {
        let d = try onlyDiagnostic(Self.with("alert_defaults: no"))
        #expect((d.line, d.column) == (10, 17))
        #expect(d.path == "alert_defaults")
        #expect(d.message == "expected true or false, found 'no'")
    }

    // MARK: - everything at once

    /// Mistakes in every time feature are all reported, in file order.
    @Test func everyMistakeAtOnce() throws {
        let found = diagnostics(Self.with("""
            window: 0s
            slo: { p99: -1s }
            timeline:
              - { at: 1m, flush: db }
              - { at: 2m, crash: app, replica: 7 }
            autoscaling:
              - { component: app, metric: cpus, target: 50%, max: 4 }
            alerts:
              - { component: ap, metric: usage, above: 80% }
            """))
        #expect(found.map(\.path) == [
            "window", "slo.p99", "timeline.0.flush", "timeline.1.replica", "autoscaling.0.metric", "alerts.0.component",
        ], "\(ModelError(diagnostics: found))")
        #expect(found.map(\.line) == [10, 11, 13, 14, 16, 18])
        #expect(found.map(\.suggestion) == [nil, nil, "products", nil, "cpu", "app"])
    }
}
