import HeadroomComponents
import HeadroomKernel
@testable import HeadroomModeling
import Testing

/// The time features read into the spec: clients, health checks, costs, the timeline, autoscalers,
/// alerts, the SLO and the window, with their defaults; and the most replicas an app server needs.
@Suite("Time features")
struct TimeFeatureTests {
    /// The component named `name` in `spec`.
    func component(_ name: String, in spec: SimulationSpec) throws -> ComponentKind {
        try #require(spec.components.first { $0.name == name }).kind
    }

    @Test func theTimeModelBuildsTheExpectedSpec() throws {
        let spec = try loadSpec(timeModel)
        #expect(spec.window == 30)
        #expect(spec.slo == ServiceLevel(p99: seconds("500ms"), errorRate: 0.01))

        #expect(spec.classes.map(\.name) == ["browse", "buy", "report"])
        #expect(spec.classes.map(\.rate) == [900, 100, 1.0 / 60])
        #expect(spec.classes[0].profile == .spike(start: 600, duration: 300, factor: 5, rise: 30))
        #expect(spec.classes[1].profile == .diurnal(peakToTrough: 4, peakAt: 14 * 3600))
        #expect(spec.classes[2].profile == RateProfile(times: [0, 1200, 2400], values: [1, 3, 1], period: 3600))
        #expect(spec.classes[0].client == ClientSpec(
            timeout: 2, attempts: 3, backoff: seconds("100ms"), jitter: 0.5, budget: 0.1
        ))
        #expect(spec.classes[1].client == ClientSpec(timeout: 5))
        #expect(spec.classes[2].client == nil)

        #expect(try component("lb", in: spec) == .loadBalancer(LoadBalancerSpec(
            policy: .roundRobin, backend: 1,
            healthCheck: HealthCheckSpec(interval: 5, timeout: 2, unhealthyThreshold: 3, healthyThreshold: 2)
        )))
        #expect(try component("app", in: spec) == .appServer(AppServerSpec(
            replicas: 4, threads: 16, cores: 2, maxReplicas: 12, costPerHour: 0.10
        )))
        #expect(try component("jobs", in: spec) == .queue(QueueSpec(
            workers: 5, job: [.delay(.constant(seconds("300ms")))], costPerHour: 0.05
        )))

        // Sorted by time; the two events at 40m keep file order.
        #expect(spec.timeline == [
            TimelineEvent(time: 300, action: .crash(component: 1, replica: 1)),
            TimelineEvent(time: 480, action: .recover(component: 1, replica: 1)),
            TimelineEvent(time: 600, action: .shutdown(component: 1, replica: 0)),
            TimelineEvent(time: 900, action: .rollingDeploy(component: 1, restart: 20)),
            TimelineEvent(time: 1200, action: .resize(component: 1, cores: 4, downtime: 120)),
            TimelineEvent(time: 1500, action: .flushCache(component: 2)),
            TimelineEvent(time: 1800, action: .setReplicationLag(component: 4, lag: .exponential(mean: 2))),
            TimelineEvent(time: 2100, action: .failover(component: 4, duration: 30)),
            TimelineEvent(time: 2400, action: .scale(component: 1, count: 8)),
            TimelineEvent(time: 2400, action: .scale(component: 5, count: 10)),
            TimelineEvent(time: 3000, action: .crash(component: 1, replica: 11)),
        ])
        #expect(spec.autoscalers == [
            AutoscalerSpec(
                component: 1, metric: .cpu, target: 0.6, interval: 60, provisioning: 90, cooldown: 300, min: 2, max: 12
            ),
            AutoscalerSpec(component: 5, metric: .queueDepth, target: 100, min: 1, max: 50),
        ])
        #expect(spec.alerts == AlertRule.seedDefaults(pools: ["pool"], queues: ["jobs"]) + [
            AlertRule(name: "CPU hot", scope: "app", metric: "utilization", threshold: 0.85, holdFor: 120),
            AlertRule(name: "error_rate above 1%", metric: "error_rate", threshold: 0.01),
            AlertRule(name: "latency_p99 above 200ms", metric: "latency_p99", threshold: seconds("200ms"), holdFor: 60),
        ])
    }

    /// What the loader builds, the engine runs: the time model at a fiftieth of its traffic.
    @Test func theEngineRunsTheTimeModel() throws {
        let spec = try ModelLoader.load(text: timeModel, file: "peak.yaml", overrides: ["traffic.rate=20/s"]).spec
        let result = Simulation.run(spec)
        #expect(result.status == .ok)
        #expect(result.requests.completed > 50_000)
        #expect(!result.series.isEmpty)
        #expect(result.cost > 0)
    }

    @Test func alertDefaultsFalseRemovesTheSeedAlerts() throws {
        let spec = try loadSpec(timeModel + "\nalert_defaults: false")
        #expect(spec.alerts.map(\.name) == ["CPU hot", "error_rate above 1%", "latency_p99 above 200ms"])
        let overridden = try ModelLoader.load(text: saasModel, file: "saas.yaml", overrides: ["alert_defaults=false"])
        #expect(overridden.spec.alerts.isEmpty)
        #expect(try loadSpec(timeModel + "\nalert_defaults: true").alerts.count == 3 + 3)
    }

    @Test func seedAlertsCoverEveryPoolAndQueueInModelOrder() throws {
        let spec = try loadSpec(model(
            components: """
                  q2: { type: queue, workers: 1, job: [ { delay: 1ms } ] }
                  p1: { type: pool, size: 2 }
                  q1: { type: queue, workers: 1, job: [ { delay: 1ms } ] }
                  p2: { type: pool, size: 2 }
                """,
            flow: "    - { with: p1, do: [ { enqueue: q1 } ] }\n    - { with: p2, do: [ { enqueue: q2 } ] }"
        ))
        #expect(spec.alerts == AlertRule.seedDefaults(pools: ["p1", "p2"], queues: ["q2", "q1"]))
        #expect(spec.alerts.map(\.scope) == ["", "p1", "p2", "q2", "q1"])
        #expect(spec.alerts[0] == AlertRule(
            name: "P99 latency too high - consider scaling", metric: "latency_p99", threshold: 0.5
        ))
    }

    @Test("alert thresholds: numbers, percentages, durations", arguments: [
        ("1000", 1000.0), ("0", 0), ("0.8", 0.8), ("85%", 0.85), ("2s", 2), ("1m", 60), ("250ms", 0.25),
        ("900/s", 900), ("60/m", 1),
    ])
    func alertThreshold(text: String, threshold: Double) throws {
        let spec = try loadSpec(minimalModel + "\nalerts: [ { component: server, metric: depth, above: \(text) } ]")
        let rule = try #require(spec.alerts.last)
        #expect(abs(rule.threshold - threshold) <= 1e-12 * max(1, threshold))
        #expect(rule == AlertRule(
            name: "server.depth above \(text)", scope: "server", metric: "depth", threshold: rule.threshold, holdFor: 0
        ))
    }

    /// The most replicas of an app server: the largest of its replicas, every timeline `scale` to
    /// it and its autoscaler's `max`; a crash may name any replica below it.
    @Test("maxReplicas derivation", arguments: [
        ([String](), nil as Int?, 3),
        (["{ at: 1m, scale: app, to: 6 }"], nil, 6),
        (["{ at: 1m, scale: app, to: 2 }"], nil, 3),
        (["{ at: 1m, scale: app, to: 6 }", "{ at: 2m, scale: app, to: 9 }", "{ at: 3m, scale: app, to: 4 }"], nil, 9),
        ([], 10, 10),
        (["{ at: 1m, scale: app, to: 6 }"], 10, 10),
        (["{ at: 1m, scale: app, to: 20 }"], 10, 20),
        (["{ at: 1m, scale: jobs, to: 50 }"], nil, 3),
    ])
    func maxReplicas(events: [String], autoscalerMax: Int?, expected: Int) throws {
        let crash = "{ at: 5m, crash: app, replica: \(expected - 1) }"
        var text = model(
            components: """
                  app: { type: app_server, replicas: 3 }
                  jobs: { type: queue, workers: 2, job: [ { delay: 1ms } ] }
                """,
            flow: "    - { work: app, time: 1ms }\n    - { enqueue: jobs }"
        ).replacingFirst("duration: 100s", with: "duration: 1h")
        text += "\ntimeline: [ \((events + [crash]).joined(separator: ", ")) ]"
        if let autoscalerMax {
            text += "\nautoscaling: [ { component: app, metric: cpu, target: 70%, max: \(autoscalerMax) } ]"
        }
        let spec = try loadSpec(text)
        guard case .appServer(let app) = try component("app", in: spec) else {
            Issue.record("expected an app server")
            return
        }
        #expect(app.replicas == 3)
        #expect(app.maxReplicas == expected)
        // One more is out of range.
        let beyond = text.replacingFirst("replica: \(expected - 1) }", with: "replica: \(expected) }")
        let d = try onlyDiagnostic(beyond)
        #expect(d.message.hasPrefix("replica \(expected) is out of range: 'app' runs at most \(expected) replicas"))
    }

    @Test func healthCheckDefaults() throws {
        for (yaml, expected) in [
            ("{}", HealthCheckSpec()),
            ("{ interval: 10s }", HealthCheckSpec(interval: 10)),
            ("{ timeout: 500ms, healthy_threshold: 1 }", HealthCheckSpec(timeout: seconds("500ms"), healthyThreshold: 1)),
            ("{ unhealthy_threshold: 5, interval: 2s, timeout: 2s }", HealthCheckSpec(interval: 2, timeout: 2, unhealthyThreshold: 5)),
        ] {
            let spec = try loadSpec(model(
                components: "  lb: { type: load_balancer, backend: app, health_check: \(yaml) }\n  app: { type: app_server }",
                flow: "    - { work: app, time: 1ms }"
            ))
            #expect(try component("lb", in: spec) == .loadBalancer(LoadBalancerSpec(
                policy: .roundRobin, backend: 1, healthCheck: expected
            )), "\(yaml)")
        }
        let without = try loadSpec(model(
            components: "  lb: { type: load_balancer, backend: app }\n  app: { type: app_server }",
            flow: "    - { work: app, time: 1ms }"
        ))
        #expect(try component("lb", in: without) == .loadBalancer(LoadBalancerSpec(policy: .roundRobin, backend: 1)))
    }

    @Test func clientDefaults() throws {
        for (yaml, expected) in [
            ("{}", ClientSpec()),
            ("{ attempts: 2 }", ClientSpec(attempts: 2)),
            ("{ timeout: 1s, jitter: 0.25 }", ClientSpec(timeout: 1, jitter: 0.25)),
            ("{ backoff: 0s, budget: 100% }", ClientSpec(backoff: 0, budget: 1)),
            ("{ attempts: 100, jitter: 100% }", ClientSpec(attempts: 100, jitter: 1)),
        ] {
            let spec = try loadSpec(model(
                components: "  server: { type: station, service: 1ms }", flow: "    - visit: server",
                traffic: "traffic: { classes: { default: { rate: 1/s, client: \(yaml) } } }"
            ))
            #expect(spec.classes[0].client == expected, "\(yaml)")
        }
    }

    @Test func costsDefaultToZero() throws {
        let spec = try loadSpec(model(
            components: """
                  app: { type: app_server }
                  jobs: { type: queue, workers: 1, job: [ { delay: 1ms } ] }
                  priced: { type: app_server, cost_per_hour: 1.5 }
                """,
            flow: "    - { work: app, time: 1ms }\n    - { enqueue: jobs }\n    - { work: priced, time: 1ms }"
        ))
        #expect(try component("app", in: spec) == .appServer(AppServerSpec()))
        #expect(try component("priced", in: spec) == .appServer(AppServerSpec(costPerHour: 1.5)))
        #expect(try component("jobs", in: spec) == .queue(QueueSpec(workers: 1, job: [.delay(.constant(seconds("1ms")))])))
    }

    @Test func timelineDefaults() throws {
        let spec = try loadSpec(model(
            components: "  app: { type: app_server, replicas: 2 }",
            flow: "    - { work: app, time: 1ms }"
        ) + "\ntimeline:\n  - { at: 0s, rolling_deploy: app }\n  - { at: 99s, resize: app, cores: 8 }")
        #expect(spec.timeline == [
            TimelineEvent(time: 0, action: .rollingDeploy(component: 0, restart: 30)),
            TimelineEvent(time: 99, action: .resize(component: 0, cores: 8, downtime: 0)),
        ])
        #expect(try loadSpec(minimalModel + "\ntimeline: []").timeline.isEmpty)
    }

    @Test func autoscalerDefaultsAndTargets() throws {
        let spec = try loadSpec(model(
            components: """
                  app: { type: app_server, replicas: 2 }
                  jobs: { type: queue, workers: 3, job: [ { delay: 1ms } ] }
                """,
            flow: "    - { work: app, time: 1ms }\n    - { enqueue: jobs }"
        ) + """

            autoscaling:
              - { component: app, metric: p99, target: 250ms, max: 4 }
              - { component: jobs, metric: p99, target: 2s, min: 3, max: 3, interval: 10s, provisioning: 0s, cooldown: 0s }
            """)
        #expect(spec.autoscalers == [
            AutoscalerSpec(component: 0, metric: .p99, target: seconds("250ms"), max: 4),
            AutoscalerSpec(
                component: 1, metric: .p99, target: 2, interval: 10, provisioning: 0, cooldown: 0, min: 3, max: 3
            ),
        ])
        // Queues need no room kept: their spec has no maximum.
        #expect(try component("jobs", in: spec) == .queue(QueueSpec(workers: 3, job: [.delay(.constant(seconds("1ms")))])))
    }

    @Test func serviceLevelAndWindow() throws {
        #expect(try loadSpec(minimalModel + "\nslo: { p99: 1s }").slo == ServiceLevel(p99: 1))
        #expect(try loadSpec(minimalModel + "\nslo: { errors: 0% }").slo == ServiceLevel(errorRate: 0))
        #expect(try loadSpec(minimalModel + "\nslo: { errors: 0.5%, p99: 250ms }").slo
            == ServiceLevel(p99: seconds("250ms"), errorRate: 0.005))
        #expect(try loadSpec(minimalModel + "\nwindow: 100s").window == 100)
        #expect(try loadSpec(minimalModel + "\nwindow: 250ms").window == seconds("250ms"))
        #expect(try loadSpec(minimalModel).window == SimulationSpec.defaultWindow(duration: 100))
        let overridden = try ModelLoader.load(text: minimalModel, file: "m.yaml", overrides: ["window=5s", "slo.p99=2s"])
        #expect(overridden.spec.window == 5)
        #expect(overridden.spec.slo == ServiceLevel(p99: 2))
    }
}
