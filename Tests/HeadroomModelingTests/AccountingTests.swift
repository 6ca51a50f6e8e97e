import Foundation
import HeadroomComponents
import HeadroomKernel
@testable import HeadroomModeling
import Testing

/// Accounting that adds up (issue #16): requests per class and in total, with retries and
/// across the warm-up; utilization as busy time over the capacity there was.
@Suite struct AccountingTests {
    /// Every shipped model, run to an event cap (short in a debug build), satisfies the
    /// identities, whether it ran to its end or stopped at the cap.
    @Test(arguments: try Identities.shippedModels())
    func everyShippedModelAddsUp(path: String) throws {
        var spec = try ModelLoader.load(file: Identities.root.appendingPathComponent(path).path).spec
        // A short warm-up, so that the capped run measures something and requests cross it.
        spec.warmup = min(spec.warmup, 5)
        spec.maxEvents = 150_000
        let result = Simulation.run(spec)
        #expect(Identities.violations(result) == [], "\(path)")
        #expect(result.requests.arrived > 0, "\(path)")
    }

    /// Clients that time out and retry while requests cross the warm-up: each retry counts once,
    /// as it is made, and is in the system while it waits out its backoff.
    @Test func retriesAreCountedOnceAndAddUp() throws {
        let model = """
            duration: 2m
            warmup: 30s
            traffic:
              rate: 40/s
              classes:
                api: { share: 100%, client: { timeout: 100ms, attempts: 4, backoff: 2s } }
            components:
              server: { type: station, servers: 2, service: { exponential: 60ms } }
            flows:
              api:
                - visit: server
            """
        let result = Simulation.run(try loadSpec(model))
        #expect(result.requests.retries > 100)
        #expect(result.requests.inSystem > 0)
        #expect(Identities.violations(result) == [])
    }

    /// A queue whose autoscaler takes it from 40 workers down to 1 when the load stops: the
    /// utilization was the mean busy workers over the final count (13.5 ×); it is busy time over
    /// the workers there were.
    @Test func scalingDownNeverPushesUtilizationOver100Percent() throws {
        let model = """
            duration: 10m
            traffic:
              rate: 40/s
              profile: { step: { at: 5m, to: 0.001 } }
            components:
              jobs: { type: queue, workers: 40, job: [ { delay: 500ms } ] }
            flows:
              default:
                - enqueue: jobs
            autoscaling:
              - { component: jobs, metric: queue_depth, target: 1, interval: 10s, provisioning: 0s, cooldown: 0s, min: 1, max: 60 }
            """
        let result = Simulation.run(try loadSpec(model))
        let jobs = try #require(result.components.first { $0.name == "jobs" })
        #expect(jobs.servers < 5)
        // ~20 busy workers for the first half, none after: about half of the capacity there was.
        #expect(jobs.utilization > 0.2 && jobs.utilization <= 1, "\(jobs.utilization)")
        #expect(Identities.violations(result) == [])
    }
}
