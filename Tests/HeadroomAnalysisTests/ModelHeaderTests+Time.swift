import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomKernel
import HeadroomModeling
import Testing

/// The figures the headers of the time models state (crashes, deploys, retry storms, queues and
/// autoscaling), each from an independent computation: the utilization law, a count of what the
/// load balancer sends a dead replica, or the run's own status where the header states one.
extension ModelHeaderTests {
    static func component(_ run: RunResult, _ name: String) throws -> ComponentResult {
        try #require(run.components.first { $0.name == name })
    }

    /// crash-health-checks: "the three others carry the load (at ~53 % CPU)": 800/s × 4 ms over
    /// 3 × 2 cores = 53.3 %. "About 1,400 requests fail": probes at multiples of 5 s, the crash at
    /// 3 m, so the probes at 180 s and 185 s fail at 182 s and 187 s and the replica leaves after
    /// 7 s, in which it was sent a quarter of 800/s: 1,400 (Poisson sd ≈ 37; within 150). "SLO
    /// broken for 10 s". Without health checks, a quarter of 800/s for the 5 minutes it is down:
    /// 60,000 (within 2 %).
    @Test func crashHealthChecks() throws {
        let three = Explanation(spec: try Self.spec("crash-health-checks", ["components.app.replicas=3"]))
        #expect(abs(Self.utilization(three, "app.cores") - 800 * 0.004 / 6) < 0.005)
        let run = Simulation.run(try Self.spec("crash-health-checks"))
        #expect(abs(Double(run.requests.failed) - 1_400) < 150, "failed \(run.requests.failed)")
        #expect(run.recovery?.secondsInViolation == 10)
        let blind = Simulation.run(try Self.spec("crash-health-checks", ["components.lb.health_check="]))
        #expect(abs(Double(blind.requests.failed) - 60_000) / 60_000 < 0.02, "failed \(blind.requests.failed)")
        #expect((blind.recovery?.secondsInViolation ?? 0) >= 290)
    }

    /// rolling-deploy: "4 of 5 … at ~68 % CPU instead of ~54 %" (900/s × its CPU per request over
    /// 4 or 5 replicas' cores, by the utilization law) and "not one request fails".
    @Test func rollingDeploy() throws {
        let five = Explanation(spec: try Self.spec("rolling-deploy"))
        let four = Explanation(spec: try Self.spec("rolling-deploy", ["components.app.replicas=4"]))
        #expect(abs(Self.utilization(five, "app.cores") - 0.54) < 0.01)
        #expect(abs(Self.utilization(four, "app.cores") - 0.68) < 0.01)
        let run = Simulation.run(try Self.spec("rolling-deploy"))
        #expect(run.requests.errors == 0)
        let inRotation = run.series.filter { $0.scope == "app" && $0.metric == "in_rotation" }
        #expect(inRotation.contains { $0.value == 4 } && inRotation.allSatisfy { $0.value >= 4 })
    }

    /// retry-storm: with retries the overload outlives the burst and the run stops unstable;
    /// "without retries [it] drains" and "with a retry budget … the SLO holds again".
    @Test func retryStorm() throws {
        #expect(Simulation.run(try Self.spec("retry-storm")).status == .unstable)
        for fix in ["traffic.classes.api.client.attempts=1", "traffic.classes.api.client.budget=10%"] {
            let run = Simulation.run(try Self.spec("retry-storm", [fix]))
            #expect(run.status != .unstable, "\(fix)")
            #expect(run.recovery?.violatedAtEnd == false, "\(fix)")
        }
    }

    /// queue-workers: "10 workers cannot keep up (the depth grows past the seed's alert of 1,000),
    /// 20 workers keep the queue short". A queue that cannot keep up makes the run unstable.
    @Test func queueWorkers() throws {
        let spec = try Self.spec("queue-workers", ["duration=600s"])
        let twenty = Simulation.run(spec)
        #expect(twenty.judged(slo: spec.slo).0 != .unstable)
        let tenSpec = try Self.spec("queue-workers", ["duration=600s", "components.notifications.workers=10"])
        let ten = Simulation.run(tenSpec)
        let (verdict, reason) = ten.judged(slo: tenSpec.slo)
        #expect(verdict == .unstable)
        #expect(reason?.contains("kept growing") == true, "\(reason ?? "")")
        #expect((try Self.component(ten, "notifications").metrics["depth_max"] ?? 0) > 1_000)
    }

    /// autoscaled-workers: "a job takes ~0.47 s, so the peak keeps ~94 workers busy", the pinned
    /// minimum of 34 is "about 72 jobs/s", "from minute 6.5 the queue grows …: the alert fires at
    /// minute 8 and the depth ends near 70,000", "0.57 pinned". By hand: the job's lognormal
    /// (p50 400 ms, p99 1.5 s) has mean 0.4·exp(σ²/2) = 0.470 s; 34 workers serve 72.3/s; the
    /// rate ramps 50 → 200/s over minutes 5–15, passing 72.3/s at 389 s; the fluid backlog is
    /// 0.25·s²/2 jobs s seconds later (1,000 at 478 s) and 32,640 + 127.7 × 300 ≈ 70,950 at the end;
    /// 34 workers × 0.05 for 20 minutes cost 0.567.
    @Test func autoscaledWorkersPinned() throws {
        let job = Distribution.lognormal(p50: 0.4, p99: 1.5).mean
        #expect(abs(job - 0.470) < 0.002)
        #expect(abs(200 * job - 94) < 0.5)
        #expect(abs(34 / job - 72.3) < 0.3)
        let run = Simulation.run(try Self.spec("autoscaled-workers", ["autoscaling.0.max=34"]))
        let depth = try #require(run.series.last { $0.scope == "images" && $0.metric == "depth" }?.value)
        #expect(abs(depth - 70_950) / 70_950 < 0.05, "depth at the end \(depth)")
        let alert = try #require(run.alerts.first { $0.scope == "images" && $0.metric == "depth" })
        #expect(alert.firedAt >= 470 && alert.firedAt <= 540, "fired at \(alert.firedAt)")
        #expect(abs(run.cost - 0.567) < 0.02, "cost \(run.cost)")
    }
}

