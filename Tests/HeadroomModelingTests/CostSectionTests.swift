import Foundation
import HeadroomComponents
@testable import HeadroomModeling
import Testing

/// The `cost:` section: prices per unit by component kind, per period, and what a
/// configuration costs per hour (computed here by hand from the file's numbers).
@Suite struct CostSectionTests {
    static let model = """
        name: priced
        duration: 7200s
        seed: 3
        traffic: { rate: 10/s }
        cost:
          currency: EUR
          period: 30d
          app_server: { replica: 72, core: 14.4 }
          database: { primary: 360, replica: 216, core: 7.2 }
          cache: { node: 36, server: 3.6 }
          pool: { connection: 0.72 }
          queue: { worker: 1.44 }
          station: { server: 7.2 }
        components:
          front: { type: station, servers: 2, service: 1ms }
          app: { type: app_server, replicas: 3, cores: 2, threads: 8, cost_per_hour: 0.05 }
          cache: { type: cache, ttl: 1m, servers: 4, service: 100us }
          pool: { type: pool, size: 20 }
          db: { type: database, cores: 4, primary_cores: 8, replicas: 2 }
          jobs: { type: queue, workers: 5, job: [ { delay: 1ms } ] }
        flows:
          default:
            - visit: front
            - work: app
              time: 1ms
            - cache_get: cache
              on_miss:
                - with: pool
                  do: [ { read: db, time: 1ms } ]
                - cache_set: cache
            - enqueue: jobs
        """

    /// Prices per 30 days (720 h) are held per hour; the configuration's price adds each unit.
    @Test func pricesPerPeriodAreHeldPerHourAndAddUp() throws {
        let spec = try ModelLoader.load(text: Self.model, file: "priced.yaml").spec
        let cost = try #require(spec.cost)
        #expect(cost.currency == "EUR")
        #expect(abs(cost.appReplica - 0.1) < 1e-12)
        #expect(abs(cost.databaseCore - 0.01) < 1e-12)
        // By hand, per hour: station 2 × 0.01; app 3 × (0.05 + 0.1 + 2 × 0.02); cache 0.05 + 4 × 0.005;
        // pool 20 × 0.001; database primary 0.5 + 8 × 0.01, replicas 2 × (0.3 + 4 × 0.01); queue 5 × 0.002.
        let expected = 2 * 0.01 + 3 * (0.05 + 0.1 + 2 * 0.02) + (0.05 + 4 * 0.005) + 20 * 0.001
            + (0.5 + 8 * 0.01) + 2 * (0.3 + 4 * 0.01) + 5 * 0.002
        #expect(abs(spec.costPerHour - expected) < 1e-9, "\(spec.costPerHour) vs \(expected)")
        #expect(spec.currency == "EUR")
    }

    /// A run with a fixed fleet costs its price per hour times the hours it ran.
    @Test func aRunCostsItsPricePerHourTimesItsHours() throws {
        let spec = try ModelLoader.load(text: Self.model, file: "priced.yaml", overrides: ["duration=600s"]).spec
        let result = Simulation.run(spec)
        #expect(abs(result.cost - spec.costPerHour * result.simulatedSeconds / 3600) < 1e-9 * spec.costPerHour)
    }

    /// Without a cost: section only the components' own `cost_per_hour` count, as before.
    @Test func withoutTheSectionOnlyComponentPricesCount() throws {
        let text = Self.model.components(separatedBy: "\n").filter { line in
            !["cost:", "currency", "period", "app_server: {", "database: {", "cache: { node", "pool: { conn",
              "queue: { worker", "station: { server"].contains { line.trimmingCharacters(in: .whitespaces).hasPrefix($0) }
        }.joined(separator: "\n")
        let spec = try ModelLoader.load(text: text, file: "priced.yaml").spec
        #expect(spec.cost == nil)
        #expect(abs(spec.costPerHour - 3 * 0.05) < 1e-12)
        #expect(spec.currency == CostSpec.defaultCurrency)
    }

    @Test func unknownKindSuggestsTheNearest() throws {
        let d = try onlyDiagnostic(minimalModel + "\ncost:\n  app_sever: { replica: 1 }")
        #expect(d.path == "cost.app_sever")
        #expect((d.line, d.column) == (12, 3))
        #expect(d.message.contains("unknown key 'app_sever' (expected one of: currency, period, app_server, database, "
            + "cache, pool, queue, station)"))
        #expect(d.suggestion == "app_server")
    }

    @Test func unknownUnitSuggestsTheNearest() throws {
        let d = try onlyDiagnostic(minimalModel + "\ncost:\n  database: { primry: 1 }")
        #expect(d.path == "cost.database.primry")
        #expect(d.message.contains("expected one of: primary, replica, core"))
        #expect(d.suggestion == "primary")
    }

    @Test func negativePriceAndBadPeriodAreLocated() throws {
        let price = try onlyDiagnostic(minimalModel + "\ncost:\n  pool: { connection: -1 }")
        #expect(price.path == "cost.pool.connection")
        #expect(price.message.contains("expected a number ≥ 0"))
        #expect(price.line == 12)
        let period = try onlyDiagnostic(minimalModel + "\ncost:\n  period: 0s")
        #expect(period.path == "cost.period")
        let notMapping = try onlyDiagnostic(minimalModel + "\ncost: 12")
        #expect(notMapping.path == "cost")
    }

    /// `plan.vary` lists knobs in the sweep syntax, or as YAML lists; typos are named.
    @Test func planSectionIsRead() throws {
        let loaded = try ModelLoader.load(text: minimalModel + """

            plan:
              vary:
                components.server.servers: 1..8:1
                components.server.capacity: [10, 20, 40]
            """, file: "m.yaml")
        #expect(loaded.plan.map(\.path) == ["components.server.servers", "components.server.capacity"])
        #expect(loaded.plan.map(\.values) == ["1..8:1", "10,20,40"])
        #expect(loaded.plan[0].line == 13)
        // A typo of `vary` is named (and `vary` is then missing).
        let found = diagnostics(minimalModel + "\nplan:\n  vry: { components.server.servers: 1..2:1 }")
        #expect(found.contains { $0.path == "plan.vry" && $0.suggestion == "vary" }, "\(found)")
        #expect(found.contains { $0.message.contains("missing required key 'vary'") }, "\(found)")
    }
}
