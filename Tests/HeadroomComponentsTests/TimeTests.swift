import HeadroomComponents
import HeadroomKernel
import Testing

/// Time-varying traffic, the time series, alerts, recovery figures, clients that retry, and
/// timelines of faults and scaling.
@Suite struct TimeTests {
    /// One app server (`replicas` replicas × 200 threads × 4 cores) doing Exp(10 ms) of CPU a
    /// request: 400 requests/s of capacity per replica.
    static func service(rate: Double, replicas: Int = 1, duration: Double, profile: RateProfile? = nil,
                        client: ClientSpec? = nil, healthCheck: HealthCheckSpec? = nil, timeline: [TimelineEvent] = [],
                        slo: ServiceLevel? = ServiceLevel(p99: 0.5), window: Double = 5, maxInSystem: Int = 200_000)
        -> SimulationSpec
    {
        SimulationSpec(
            name: "service", duration: duration, seed: 11, maxInSystem: maxInSystem,
            components: [
                ComponentSpec(name: "lb", kind: .loadBalancer(LoadBalancerSpec(policy: .roundRobin, backend: 1,
                                                                               healthCheck: healthCheck))),
                ComponentSpec(name: "app", kind: .appServer(AppServerSpec(replicas: replicas, threads: 200, cores: 4))),
            ],
            classes: [ClassSpec(name: "api", rate: rate, steps: [.work(server: 1, service: .exponential(mean: 0.01))],
                                profile: profile, client: client)],
            window: window, slo: slo,
            alerts: AlertRule.seedDefaults(pools: [], queues: []), timeline: timeline)
    }

    static func values(_ result: RunResult, _ scope: String, _ metric: String) -> [(Double, Double)] {
        result.series.filter { $0.scope == scope && $0.metric == metric }.map { ($0.time, $0.value) }
    }

    /// Arrivals per window match the integral of the rate: every window within 5 Poisson
    /// standard deviations, for a ramp, a step, a spike and a day's cycle (period shortened).
    @Test(arguments: [
        ("ramp", RateProfile.ramp(from: 1, to: 3, start: 100, end: 300)),
        ("step", RateProfile.step(from: 1, to: 0.5, at: 150)),
        ("spike", RateProfile.spike(start: 100, duration: 50, factor: 4, rise: 10)),
        ("diurnal", RateProfile.diurnal(peakToTrough: 4, peakAt: 100, period: 400)),
    ])
    func arrivalsFollowTheRateProfile(name: String, profile: RateProfile) {
        let spec = SimulationSpec(
            name: name, duration: 400, seed: 3, components: [],
            classes: [ClassSpec(name: "r", rate: 200, steps: [], profile: profile)], window: 10)
        let result = Simulation.run(spec)
        for (end, rate) in Self.values(result, "", "arrival_rate") {
            let expected = 200 * profile.integral(from: end - 10, to: end)
            let observed = rate * 10
            #expect(abs(observed - expected) < 5 * expected.squareRoot() + 1, "\(name) window ending \(end)")
        }
        let total = 200 * profile.integral(from: 0, to: 400)
        #expect(abs(Double(result.requests.arrived) - total) < 5 * total.squareRoot())
    }

    /// A flash crowd over capacity: p99 breaks the SLO during the spike, the seed's p99 alert
    /// fires and resolves, and the recovery figures bracket the spike.
    @Test func spikeFiresAlertAndRecovers() {
        let spec = Self.service(rate: 300, duration: 300, profile: .spike(start: 60, duration: 20, factor: 2))
        let result = Simulation.run(spec)
        let recovery = try! #require(result.recovery)
        #expect(recovery.firstViolation! >= 60 && recovery.firstViolation! < 85)
        #expect(recovery.sloHoldsAgainAt! > 80)
        #expect(!recovery.violatedAtEnd)
        #expect(recovery.secondsInViolation >= 20)
        #expect(recovery.peakBacklog > 1_000)
        let alert = try! #require(result.alerts.first { $0.metric == "latency_p99" })
        #expect(alert.firedAt >= 60 && alert.firedAt < 90)
        #expect(alert.resolvedAt != nil && alert.resolvedAt! > 80)
        #expect(alert.peak > 0.5)
    }

    /// The metastable case: after the same short spike, a system whose clients wait recovers;
    /// one whose clients time out at 1 s and retry three times stays overloaded after the spike
    /// has ended (work for abandoned attempts still runs, and retries add load).
    @Test func aggressiveRetriesTurnASpikeIntoAnOutage() {
        let spike = RateProfile.spike(start: 60, duration: 20, factor: 2)
        let patient = Simulation.run(Self.service(rate: 300, duration: 400, profile: spike,
                                                  client: ClientSpec(timeout: 1, attempts: 1)))
        let retrying = Simulation.run(Self.service(rate: 300, duration: 400, profile: spike,
                                                   client: ClientSpec(timeout: 1, attempts: 4, backoff: 0.05)))
        #expect(patient.recovery!.violatedAtEnd == false)
        #expect(retrying.recovery!.violatedAtEnd == true || retrying.status == .unstable)
        #expect(retrying.requests.retries > 0)
        #expect(retrying.requests.amplification > 1.5)
        // A retry budget of 10 % caps the amplification and the storm does not take hold.
        let budgeted = Simulation.run(Self.service(rate: 300, duration: 400, profile: spike,
                                                   client: ClientSpec(timeout: 1, attempts: 4, backoff: 0.05, budget: 0.1)))
        #expect(budgeted.requests.amplification < 1.12)
        #expect(budgeted.recovery!.violatedAtEnd == false)
    }

    /// A crashed replica keeps receiving requests, which fail, until health checks take it out:
    /// with checks every 2 s and 3 failures to leave, errors stop within ~10 s; without checks,
    /// a quarter of the traffic fails until the replica recovers.
    @Test func healthChecksLimitTheDamageOfACrash() {
        let timeline = [
            TimelineEvent(time: 100, action: .crash(component: 1, replica: 1)),
            TimelineEvent(time: 200, action: .recover(component: 1, replica: 1)),
        ]
        let unchecked = Simulation.run(Self.service(rate: 600, replicas: 4, duration: 300, timeline: timeline))
        let checked = Simulation.run(Self.service(
            rate: 600, replicas: 4, duration: 300, healthCheck: HealthCheckSpec(interval: 2, timeout: 1, unhealthyThreshold: 3),
            timeline: timeline))
        // Without checks: about 600/s × 100 s / 4 = 15,000 failures.
        #expect(unchecked.requests.failed > 12_000)
        // With checks: at most ~(3 × 2 s + 1 s + 2 s) × 150/s ≈ 1,350, at least the in-flight ones.
        #expect(checked.requests.failed > 0 && checked.requests.failed < 2_000)
        // The replica is back in rotation after recovery in both cases.
        #expect(Self.values(checked, "app", "in_rotation").last!.1 == 4)
        #expect(Self.values(unchecked, "app", "in_rotation").last!.1 == 4)
    }

    /// A graceful shutdown loses nothing; a crash of the same replica fails its in-flight requests.
    @Test func gracefulShutdownVersusKill() {
        let graceful = Simulation.run(Self.service(
            rate: 600, replicas: 4, duration: 200, healthCheck: HealthCheckSpec(interval: 2),
            timeline: [TimelineEvent(time: 100, action: .shutdown(component: 1, replica: 2))]))
        let killed = Simulation.run(Self.service(
            rate: 600, replicas: 4, duration: 200, healthCheck: HealthCheckSpec(interval: 2),
            timeline: [TimelineEvent(time: 100, action: .crash(component: 1, replica: 2))]))
        #expect(graceful.requests.failed == 0)
        #expect(killed.requests.failed > 0)
        #expect(Self.values(graceful, "app", "in_rotation").last!.1 == 3)
    }

    /// A rolling deploy drains and restarts each replica in turn: no request fails, all four
    /// replicas are back, and at no window were fewer than three in rotation.
    @Test func rollingDeployLosesNothing() {
        let result = Simulation.run(Self.service(
            rate: 600, replicas: 4, duration: 400,
            timeline: [TimelineEvent(time: 100, action: .rollingDeploy(component: 1, restart: 20))], window: 2))
        #expect(result.requests.failed == 0)
        let rotation = Self.values(result, "app", "in_rotation").map(\.1)
        #expect(rotation.min()! == 3)
        #expect(rotation.last! == 4)
        #expect(rotation.filter { $0 == 3 }.count >= 4 * 20 / 2 - 2)
    }

    /// A vertical resize takes every replica down for its downtime (requests fail), then serves
    /// with more cores (utilization drops).
    @Test func verticalResizeHasDowntime() {
        let result = Simulation.run(Self.service(
            rate: 300, duration: 300, timeline: [TimelineEvent(time: 100, action: .resize(component: 1, cores: 8, downtime: 30))]))
        #expect(result.requests.failed > 300 * 25)
        let utilization = Self.values(result, "app", "utilization")
        let before = utilization.filter { $0.0 <= 100 }.map(\.1).reduce(0, +) / 20
        let after = utilization.filter { $0.0 > 140 }.map(\.1)
        #expect(after.reduce(0, +) / Double(after.count) < 0.7 * before)
    }

    /// Scaling to more replicas on the timeline shows in the series; a queue autoscaler adds
    /// workers when the depth per worker passes its target; fleets cost money by the hour.
    @Test func scalingAndAutoscalingAndCost() {
        var spec = Self.service(rate: 300, duration: 300,
                                timeline: [TimelineEvent(time: 100, action: .scale(component: 1, count: 3))])
        spec.components[1].kind = .appServer(AppServerSpec(replicas: 1, threads: 200, cores: 4, maxReplicas: 3, costPerHour: 3.6))
        let scaled = Simulation.run(spec)
        #expect(Self.values(scaled, "app", "replicas").last!.1 == 3)
        // 1 replica for 100 s and 3 for 200 s at 3.6/h: 0.1 + 0.6 = 0.7.
        #expect(abs(scaled.cost - 0.7) < 1e-9)

        let jobs = SimulationSpec(
            name: "jobs", duration: 1_200, seed: 5,
            components: [ComponentSpec(name: "q", kind: .queue(QueueSpec(workers: 2, job: [.delay(.exponential(mean: 1))],
                                                                          costPerHour: 1)))],
            classes: [ClassSpec(name: "api", rate: 10, steps: [.enqueue(queue: 0)])], window: 10,
            autoscalers: [AutoscalerSpec(component: 0, metric: .queueDepth, target: 5, interval: 30, provisioning: 20,
                                         cooldown: 60, min: 2, max: 20)])
        let autoscaled = Simulation.run(jobs)
        let workers = Self.values(autoscaled, "q", "workers").map(\.1)
        #expect(workers.max()! >= 10)
        #expect(workers.last! <= 20)
        #expect(Self.values(autoscaled, "q", "depth").last!.1 < 100)
        #expect(autoscaled.cost > 2 * 1_200 / 3600)
    }

    /// Flushing a cache sends every read to the database until it warms again; a failover makes
    /// writes fail for its duration.
    @Test func flushAndFailover() {
        let spec = SimulationSpec(
            name: "data", duration: 300, seed: 7,
            components: [
                ComponentSpec(name: "cache", kind: .cache(CacheSpec(ttl: 3600, service: .constant(0)))),
                ComponentSpec(name: "db", kind: .database(DatabaseSpec(cores: 16, replicas: 1))),
            ],
            classes: [
                ClassSpec(name: "read", rate: 200, steps: [.cacheGet(cache: 0, hit: [], miss: [
                    .read(database: 1, service: .exponential(mean: 0.01), consistent: false), .cacheSet(cache: 0),
                ])], keys: Popularity(count: 1_000, zipf: 0.8)),
                ClassSpec(name: "write", rate: 20, steps: [.write(database: 1, service: .exponential(mean: 0.01))],
                          keys: Popularity(count: 1_000)),
            ],
            window: 10,
            timeline: [
                TimelineEvent(time: 150, action: .flushCache(component: 0)),
                TimelineEvent(time: 200, action: .failover(component: 1, duration: 20)),
            ])
        let result = Simulation.run(spec)
        let hitRate = Self.values(result, "cache", "hit_rate")
        let beforeFlush = hitRate.first { $0.0 == 150 }!.1
        let afterFlush = hitRate.first { $0.0 == 160 }!.1
        #expect(beforeFlush > 0.9)
        #expect(afterFlush < beforeFlush - 0.2)
        #expect(hitRate.last!.1 > 0.9)
        // 20 writes/s for 20 s fail: about 400.
        #expect(result.classes[1].requests.failed > 300 && result.classes[1].requests.failed < 500)
        #expect(result.classes[0].requests.failed == 0)
    }

    /// Raising the replication lag on the timeline raises the share of stale replica reads; a
    /// custom alert on the database's utilization with a hold time fires only after holding.
    @Test func replicationLagChangeAndHeldAlert() {
        let spec = SimulationSpec(
            name: "lag", duration: 400, seed: 9,
            components: [ComponentSpec(name: "db", kind: .database(DatabaseSpec(
                cores: 2, replicas: 1, replicationLag: .constant(0.01))))],
            classes: [
                ClassSpec(name: "read", rate: 100, steps: [.read(database: 0, service: .constant(0.001), consistent: false)],
                          keys: Popularity(count: 100)),
                ClassSpec(name: "write", rate: 50, steps: [.write(database: 0, service: .constant(0.001))],
                          keys: Popularity(count: 100), profile: .step(from: 1, to: 20, at: 300)),
            ],
            window: 10,
            alerts: [AlertRule(name: "db busy", scope: "db", metric: "utilization", threshold: 0.2, holdFor: 30)],
            timeline: [TimelineEvent(time: 200, action: .setReplicationLag(component: 0, lag: .constant(1)))])
        let result = Simulation.run(spec)
        // Stale with probability 1 − e^{−wL}: w = 0.5/s per key; L = 0.01 s then 1 s.
        #expect(result.components[0].metrics["stale_read_ratio"]! > 0.1)
        let alert = try! #require(result.alerts.first { $0.name == "db busy" })
        // Writes jump twentyfold at 300 s: utilization (over all 4 servers) goes from 4 % to 27 %
        // in the window ending 310, and the alert fires once it has held 30 s.
        #expect(alert.firedAt >= 330 && alert.firedAt <= 350)
        #expect(alert.resolvedAt == nil)
    }
}

/// `stopWhenMissed`: a run that can no longer meet its SLO ends early; one that meets it runs on.
@Suite struct EarlyStopTests {
    static func mm1(rate: Double, stop: ServiceLevel?) -> SimulationSpec {
        var spec = SimulationSpec(
            name: "mm1", duration: 100_000, warmup: 100, seed: 3,
            stations: [StationSpec(name: "s")],
            classes: [ClassSpec(name: "c", rate: rate, steps: [.visit(station: 0, service: .exponential(mean: 1))])])
        spec.stopWhenMissed = stop
        return spec
    }

    @Test func anOverloadedRunStopsEarly() {
        // ρ = 2: the p99 grows without bound; the 1 % of slow requests shows within a few windows.
        let result = Simulation.run(Self.mm1(rate: 2, stop: ServiceLevel(p99: 10)))
        #expect(result.status == .unstable)
        #expect(result.statusReason?.hasPrefix("stopped early") == true)
        #expect(result.simulatedSeconds < 20_000)
    }

    @Test func aRunThatMeetsItsSLORunsToTheEnd() {
        // ρ = 0.5: p99 = ln(100)/0.5 ≈ 9.2 s, well under 30 s.
        let result = Simulation.run(Self.mm1(rate: 0.5, stop: ServiceLevel(p99: 30, errorRate: 0.01)))
        #expect(result.status == .ok)
        #expect(result.simulatedSeconds == 100_000)
        // And the same run without the check gives the same numbers: it only observes.
        #expect(result == Simulation.run(Self.mm1(rate: 0.5, stop: nil)))
    }
}
