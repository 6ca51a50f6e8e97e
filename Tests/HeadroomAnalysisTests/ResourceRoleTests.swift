import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomModeling
import Testing

/// Resources carry their declarations (role, replica, shard, sizing key, group), and analysis
/// judges each group by its busiest member instead of a component's average.
@Suite struct ResourceRoleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func load(_ model: String, _ overrides: [String] = []) throws -> SimulationSpec {
        try ModelLoader.load(file: root.appendingPathComponent("models/\(model).yaml").path, overrides: overrides).spec
    }

    /// The roles each kind may declare, written out here independently of the engine.
    static let rolesOf: [ComponentType: Set<ResourceRole>] = [
        .station: [.servers], .loadBalancer: [], .appServer: [.threads, .cores], .pool: [.connections],
        .cache: [.cacheServers], .database: [.primary, .replica], .queue: [.workers],
    ]

    @Test func everyResourceCarriesItsDeclaration() throws {
        let result = Simulation.run(try Self.load("full-saas", ["duration=30s", "warmup=5s"]))
        var names: Set<String> = []
        for component in result.components {
            if component.kind == .loadBalancer {
                #expect(component.resources.isEmpty)
                continue
            }
            #expect(!component.resources.isEmpty, "\(component.name)")
            for resource in component.resources {
                let declaration = try #require(resource.declaration, "\(resource.name)")
                #expect(declaration.name == resource.name)
                #expect(declaration.component == component.name)
                #expect(declaration.type == component.kind)
                #expect(Self.rolesOf[component.kind]!.contains(declaration.role), "\(resource.name)")
                #expect(declaration.sizedBy.hasPrefix("components.\(component.name)."))
                #expect(names.insert(resource.name).inserted, "\(resource.name) is declared twice")
            }
        }
        // The JSON form keeps them: a run read back from its JSON has the same declarations.
        let data = try JSONEncoder().encode(result)
        let decoded = try JSONDecoder().decode(RunResult.self, from: data)
        #expect(decoded.components.flatMap(\.resources).map(\.declaration)
                == result.components.flatMap(\.resources).map(\.declaration))
    }

    /// Setting a resource's `sizedBy` key to a new value changes the servers of exactly the
    /// resources it declares, and nothing else: the key is the one to act on.
    @Test(arguments: ["full-saas", "sharding-by-tenant", "read-replicas", "cache-aside", "queue-workers"])
    func sizingKeysSizeTheirResources(_ model: String) throws {
        let short = ["duration=4s", "warmup=0s", "window=1s"]
        let base = Simulation.run(try Self.load(model, short))
        let resources = base.components.flatMap(\.resources)
        let keys = Set(resources.compactMap(\.declaration?.sizedBy)).sorted()
        #expect(!keys.isEmpty)
        for key in keys {
            let sized = Simulation.run(try Self.load(model, short + ["\(key)=13"]))
            let after = Dictionary(uniqueKeysWithValues: sized.components.flatMap(\.resources).map { ($0.name, $0) })
            for resource in resources {
                let now = try #require(after[resource.name])
                if resource.declaration?.sizedBy == key {
                    #expect(now.servers == 13, "\(key) should size \(resource.name)")
                } else {
                    #expect(now.servers == resource.servers, "\(key) should not size \(resource.name)")
                }
            }
        }
    }

    /// With the naive first-character router one shard runs hot: analysis names that shard's
    /// primary, at its own utilization (the largest over the primaries, computed here from the
    /// resources), not the database's average, which hides it. Several seeds.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func hotShardIsJudgedOnItsOwn(seed: UInt64) throws {
        var spec = try Self.load("sharding-by-tenant", ["duration=120s", "warmup=10s"])
        spec.seed = seed
        let result = Simulation.run(spec)
        let db = try #require(result.components.first { $0.name == "orders" })
        let primaries = db.resources.filter { $0.declaration?.role == .primary }
        #expect(primaries.count == 3)
        #expect(Set(primaries.compactMap(\.declaration?.shard)) == [0, 1, 2])
        let hottest = try #require(primaries.max { $0.utilization < $1.utilization })
        let top = try #require(result.resourceLoads.max { $0.utilization < $1.utilization })
        #expect(top.busiest.name == hottest.name)
        #expect(top.utilization == hottest.utilization)
        #expect(top.name == "orders.shard\(hottest.declaration!.shard!).primary")
        // The component's headline averages the shards: well below the hot one.
        #expect(db.utilization < top.utilization * 0.8)
    }

    /// An app server's cores over its replicas form one group judged by the busiest replica.
    @Test func replicasFormOneGroupByTheirBusiest() throws {
        let result = Simulation.run(try Self.load("sharding-by-tenant", ["duration=60s", "warmup=5s"]))
        let app = try #require(result.components.first { $0.name == "app" })
        let cores = app.resources.filter { $0.declaration?.role == .cores }
        #expect(cores.map { $0.declaration!.replica! } == [0, 1, 2, 3])
        let group = try #require(result.resourceLoads.first { $0.name == "app.cores" })
        #expect(group.members == 4)
        #expect(group.utilization == cores.map(\.utilization).max()!)
        let mean = cores.map(\.utilization).reduce(0, +) / 4
        #expect(abs(group.meanUtilization - mean) < 1e-12)
        #expect(result.resourceLoads.contains { $0.name == "app.threads" && $0.members == 4 })
    }

    /// Relaxing a resource multiplies only the size its declaration names.
    @Test func relaxingGrowsTheDeclaredSizeOnly() throws {
        let spec = try Self.load("sharding-by-tenant")
        let threads = try #require(spec.resourceDeclarations.first { $0.role == .threads })
        let relaxed = try #require(spec.relaxing(threads, by: 10))
        guard case .appServer(let before) = spec.components[0].kind,
              case .appServer(let after) = relaxed.components[0].kind else {
            Issue.record("app is an app server")
            return
        }
        #expect(after.threads == before.threads * 10)
        #expect(after.cores == before.cores)
        #expect(relaxed.components[1] == spec.components[1])
    }

    /// A database's roles are sized apart: a hot shard's primary is relaxed by its own key
    /// (`shard_cores.S`), an unsharded primary by `primary_cores`, replicas by `replica_cores`;
    /// nothing else changes.
    @Test func databaseRolesAreRelaxedApart() throws {
        let sharded = try Self.load("sharding-by-tenant")
        let hot = try #require(sharded.resourceDeclarations.first { $0.name == "orders.shard1.primary" })
        #expect(hot.sizedBy == "components.orders.shard_cores.1")
        let relaxed = try #require(sharded.relaxing(hot, by: 10))
        guard case .database(let db) = relaxed.components[1].kind else {
            Issue.record("orders is a database")
            return
        }
        #expect(db.cores(shard: 1, node: 0) == 40)
        #expect(db.cores(shard: 0, node: 0) == 4 && db.cores(shard: 2, node: 0) == 4)

        let replicated = try Self.load("read-replicas")
        let declarations = replicated.resourceDeclarations.filter { $0.type == .database }
        #expect(declarations.first { $0.role == .primary }?.sizedBy == "components.db.primary_cores")
        #expect(declarations.filter { $0.role == .replica }.allSatisfy { $0.sizedBy == "components.db.replica_cores" })
        let replica = try #require(declarations.first { $0.role == .replica })
        let grown = try #require(replicated.relaxing(replica, by: 2))
        let index = try #require(replicated.components.firstIndex { $0.name == "db" })
        guard case .database(let before) = replicated.components[index].kind,
              case .database(let after) = grown.components[index].kind else {
            Issue.record("db is a database")
            return
        }
        #expect(after.cores(shard: 0, node: 1) == 2 * before.cores(shard: 0, node: 1))
        #expect(after.cores(shard: 0, node: 0) == before.cores(shard: 0, node: 0))
    }
}
