import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomModeling
import Testing

/// The models of the seed's strategies (models/*.yaml), each showing the effect its header
/// comment promises. Runs are shortened with `--set duration=…` to keep the suite quick; the
/// effects are large (factors, not percents), so one seed is enough and a regression that
/// removes an effect fails the test.
@Suite struct SeedModelTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func run(_ model: String, _ overrides: [String] = []) throws -> RunResult {
        let loaded = try ModelLoader.load(
            file: root.appendingPathComponent("models/\(model).yaml").path, overrides: ["duration=300s"] + overrides)
        return Simulation.run(loaded.spec)
    }

    static func component(_ result: RunResult, _ name: String) -> ComponentResult {
        result.components.first { $0.name == name }!
    }

    @Test func verticalScalingFrom2To8Cores() throws {
        let two = try Self.run("vertical-scaling")
        let eight = try Self.run("vertical-scaling", ["components.app.cores=8"])
        #expect(Self.component(two, "app").utilization > 0.85)
        #expect(Self.component(eight, "app").utilization < 0.35)
        #expect(eight.latency.p99 < two.latency.p99 / 2)
    }

    @Test func horizontalScalingBehindALoadBalancer() throws {
        let one = try Self.run("horizontal-scaling")
        let four = try Self.run("horizontal-scaling", ["components.app.replicas=4"])
        #expect(one.requests.rejected > 0)
        #expect(four.requests.rejected == 0)
        #expect(Self.component(four, "app").utilization < 0.6)
        let sticky = try Self.run("horizontal-scaling", ["components.app.replicas=4", "components.lb.sticky=true"])
        #expect(Self.component(sticky, "lb").metrics["imbalance"]! > Self.component(four, "lb").metrics["imbalance"]! + 0.05)
    }

    @Test func readReplicasTakeReadsOffThePrimary() throws {
        let replicas = try Self.run("read-replicas")
        let primaryOnly = try Self.run("read-replicas", ["components.db.replicas=0"])
        let with = Self.component(replicas, "db").metrics
        let without = Self.component(primaryOnly, "db").metrics
        #expect(with["primary_utilization"]! < 0.5 * without["primary_utilization"]!)
        #expect(with["stale_reads"]! > 0)
        #expect(without["stale_reads"]! == 0)
        #expect(replicas.latency.p99 < primaryOnly.latency.p99)
    }

    @Test func connectionPoolSizedRightAndTooSmall() throws {
        let sized = try Self.run("connection-pool")
        let small = try Self.run("connection-pool", ["components.pool.size=12"])
        let pool = Self.component(sized, "pool").metrics
        #expect(sized.requests.poolTimedOut == 0)
        #expect(pool["usage"]! > 0.6 && pool["usage"]! < 0.9)
        #expect(small.requests.poolTimedOut > 0)
        #expect(Self.component(small, "pool").metrics["usage"]! > 0.95)
        #expect(Self.component(small, "db").utilization < 0.5)
    }

    @Test func cacheAsideUnloadsTheDatabase() throws {
        let cached = try Self.run("cache-aside")
        let uncached = try Self.run("cache-aside", ["components.products.ttl=1ms"])
        #expect(Self.component(cached, "products").metrics["hit_rate"]! > 0.7)
        #expect(Self.component(uncached, "products").metrics["hit_rate"]! < 0.05)
        #expect(Self.component(cached, "db").utilization < 0.5 * Self.component(uncached, "db").utilization)
        #expect(Self.component(cached, "products").metrics["invalidations"]! > 0)
    }

    @Test func moreWorkersLowerTheQueueDepth() throws {
        let twenty = try Self.run("queue-workers", ["duration=1200s"])
        let ten = try Self.run("queue-workers", ["duration=1200s", "components.notifications.workers=10"])
        let deep = Self.component(ten, "notifications").metrics
        let short = Self.component(twenty, "notifications").metrics
        #expect(deep["depth_max"]! > 1000)
        #expect(short["depth_mean"]! < 0.05 * deep["depth_mean"]!)
        // Attempt 2 follows a failure (f), attempt 3 two (f²): retries ≈ jobs × (f + f²), f = 5 %.
        let jobs = short["jobs_completed"]! + short["dead_letters"]!
        #expect(abs(short["retries"]! / (jobs * (0.05 + 0.0025)) - 1) < 0.15)
        // The API answers at once whatever the queue does.
        #expect(ten.latency.p99 < 0.05)
    }

    @Test func naiveFirstCharacterShardingRunsOneShardHot() throws {
        let naive = try Self.run("sharding-by-tenant")
        let hashed = try Self.run("sharding-by-tenant", ["components.orders.router=hash"])
        let naiveImbalance = Self.component(naive, "orders").metrics["shard_imbalance"]!
        let hashedImbalance = Self.component(hashed, "orders").metrics["shard_imbalance"]!
        #expect(naiveImbalance > 1.2)
        #expect(naiveImbalance > hashedImbalance + 0.15)
    }

    @Test func fullSaaSModelRunsEveryComponent() throws {
        let result = try Self.run("full-saas", ["duration=120s", "warmup=20s"])
        #expect(result.status == .ok)
        for component in result.components where component.kind != .loadBalancer {
            #expect(component.arrivals > 0 || component.metrics["jobs_enqueued"] ?? 0 > 0, "\(component.name)")
        }
        for cache in ["session", "profile", "catalog", "flags", "rate_limit"] {
            #expect(Self.component(result, cache).metrics["hits"]! > 0, "\(cache)")
        }
        #expect(Self.component(result, "notifications").metrics["jobs_completed"]! > 0)
        #expect(Self.component(result, "db").metrics["replica_reads"]! > 0)
        #expect(result.requests.completed > 100_000)
    }
}
