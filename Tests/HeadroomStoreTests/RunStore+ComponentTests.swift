import Foundation
import GRDB
import HeadroomComponents
import Testing
@testable import HeadroomStore

/// Components with kind-specific metrics and underlying resources: how they are stored and read
/// back. Every storage test runs against an in-memory and an on-disk store.
@Suite struct RunStoreComponentTests {
    /// The numeric fields of a resource by their column names, written out independently of the
    /// store's own list.
    static func fields(_ r: ResourceResult) -> [String: Double] {
        [
            "servers": Double(r.servers), "utilization": r.utilization, "mean_busy": r.meanBusy,
            "mean_queue": r.meanQueue, "max_queue": Double(r.maxQueue), "mean_in_station": r.meanInStation,
            "arrivals": Double(r.arrivals), "completions": Double(r.completions), "rejected": Double(r.rejected),
            "timed_out": Double(r.timedOut), "throughput": r.throughput, "mean_wait": r.meanWait,
            "mean_response": r.meanResponse,
        ]
    }

    @Test(arguments: StoreKind.allCases)
    func metricsAndResourcesRoundTrip(kind: StoreKind) throws {
        try withStore(kind) { store in
            let record = Fixtures.record(seed: 3)
            let id = try store.save([record])[0]
            let stored = try #require(try store.run(id: id))
            #expect(stored.result == record.result)
            #expect(try store.runs(groupID: id).map(\.result) == [record.result])

            let components = stored.result.components
            #expect(components.map(\.name) == ["api", "db", "cache", "lb"])
            #expect(components.map(\.kind) == [.station, .database, .cache, .loadBalancer])
            for (name, metrics) in Fixtures.componentMetrics {
                let component = try #require(components.first { $0.name == name })
                // Names come back exactly as written, digits and underscores included.
                #expect(component.metrics == metrics, "\(name)")
                #expect(component.metrics.keys.sorted() == metrics.keys.sorted(), "\(name)")
            }
            #expect(components[0].metrics.isEmpty && components[0].resources.isEmpty)
            #expect(components[1].resources.map(\.name) == ["db.primary", "db.replica1"])
            #expect(components[1].resources == record.result.components[1].resources)
            #expect(components[1].load == record.result.components[1].load)
            #expect(components[1].utilization == 0.4 && components[1].servers == 2)
            #expect(components[2].metrics["hit_rate"] == 0.9 && components[2].metrics["hits"] == 9_000)
            #expect(components[1].metrics["stale_reads"] == 7)
            #expect(components[1].metrics["shard0_utilization"] == 0.4)
            #expect(components[3].metrics["replica1_share"] == 0.55)
        }
    }

    /// Metric names as the engine makes them. The store writes snake_case keys and reads them
    /// back with a decoder that converts from snake case; the names must survive both ways.
    static let metricNames = [
        "hit_rate", "hits", "stale_reads", "stale_read_ratio", "dead_letters", "job_wait_mean", "usage",
        "shard0_utilization", "shard0_queries", "shard12_utilization", "shard_imbalance", "replica0_share",
        "replica1_share", "replica1_utilization", "replica10_cpu_utilization", "primary_utilization", "p99_wait",
        "wait_p99",
    ]

    @Test(arguments: metricNames)
    func metricNamesSurviveTheStoresJSON(name: String) throws {
        var component = Fixtures.result().components[2]
        component.metrics = ["hits": 0.5]
        component.metrics[name] = 0.25
        let json = try StoreCoding.encodeJSON(component)
        #expect(json.contains("\"\(name)\":0.25"), "\(json)")
        let decoded = try StoreCoding.decodeJSON(ComponentResult.self, from: json)
        #expect(decoded.metrics == component.metrics)
        #expect(decoded == component)
    }

    @Test func everyMetricNameSurvivesARunsJSON() throws {
        var result = Fixtures.result()
        result.components[2].metrics = Dictionary(
            uniqueKeysWithValues: Self.metricNames.enumerated().map { ($1, Double($0) / 7) })
        let decoded = try StoreCoding.decodeJSON(RunResult.self, from: try StoreCoding.encodeJSON(result))
        #expect(decoded == result)
    }

    @Test(arguments: StoreKind.allCases)
    func componentMetricsHoldTheLoadAndTheKindMetrics(kind: StoreKind) throws {
        try withStore(kind) { store in
            let result = Fixtures.result()
            let ids = try store.save([Fixtures.record(result: result), Fixtures.record(result: result)])
            let rows = try store.dbQueue.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT component, kind, metric, value FROM component_metrics WHERE run_id = ?",
                    arguments: [ids[1]])
            }
            var values: [String: [String: Double]] = [:]
            var kinds: [String: Set<String>] = [:]
            for row in rows {
                let component: String = row["component"]
                values[component, default: [:]][row["metric"]] = row["value"] as Double
                kinds[component, default: []].insert(row["kind"])
            }
            #expect(rows.count == 4 * 13 + 10 + 6 + 4)
            #expect(Set(values.keys) == ["api", "db", "cache", "lb"])
            for component in result.components {
                let expected = Self.fields(component.load).merging(component.metrics) { load, _ in load }
                #expect(values[component.name] == expected, "\(component.name)")
                #expect(kinds[component.name] == [component.kind.rawValue], "\(component.name)")
            }
            // Both the load's fields and the kind's own figures, side by side.
            #expect(values["cache"]?["utilization"] == 0.5 / 8)
            #expect(values["cache"]?["hit_rate"] == 0.9)
            #expect(values["cache"]?["hits"] == 9_000)
            #expect(values["db"]?["mean_queue"] == 3.2)
            #expect(values["db"]?["stale_reads"] == 7)
            #expect(values["db"]?["replica1_utilization"] == 0.1)
            #expect(values["api"]?.count == 13)
            #expect(try store.rowCount("component_metrics") == 2 * rows.count)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func resourceMetricsHaveOneRowPerResourceAndField(kind: StoreKind) throws {
        try withStore(kind) { store in
            let result = Fixtures.result()
            let ids = try store.save([Fixtures.record(result: result)]) + store.save([Fixtures.record(result: result)])
            for id in ids {
                let rows = try store.dbQueue.read { db in
                    try Row.fetchAll(
                        db, sql: "SELECT component, resource, metric, value FROM resource_metrics WHERE run_id = ?",
                        arguments: [id])
                }
                #expect(rows.count == 2 * 13)
                #expect(Set(rows.map { $0["component"] as String }) == ["db"])
                var values: [String: [String: Double]] = [:]
                for row in rows {
                    let resource: String = row["resource"]
                    let metric: String = row["metric"]
                    #expect(values[resource]?[metric] == nil, "\(resource).\(metric) twice")
                    values[resource, default: [:]][metric] = row["value"] as Double
                }
                let resources = result.components[1].resources
                #expect(values == Dictionary(uniqueKeysWithValues: resources.map { ($0.name, Self.fields($0)) }))
                #expect(values["db.primary"]?["utilization"] == 0.7)
                #expect(values["db.primary"]?["max_queue"] == 40)
                #expect(values["db.replica1"]?["mean_wait"] == 1.0 / 3.0)
                #expect(values["db.replica1"]?["throughput"] == 1_500.0 / 90)
            }
            #expect(try store.rowCount("resource_metrics") == 2 * 2 * 13)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func poolTimeoutsAreStoredForTheRunAndEachClass(kind: StoreKind) throws {
        try withStore(kind) { store in
            var result = Fixtures.result()
            result.requests.poolTimedOut = 30
            result.classes[0].requests.poolTimedOut = 10
            result.classes[1].requests.poolTimedOut = 20
            let id = try store.save([Fixtures.record(result: result)])[0]
            #expect(try store.double(
                "SELECT value FROM run_metrics WHERE run_id = ? AND metric = 'requests_pool_timed_out'", [id]) == 30)
            #expect(try store.double(
                "SELECT value FROM class_metrics WHERE run_id = ? AND class = 'browse' AND metric = 'requests_pool_timed_out'",
                [id]) == 10)
            #expect(try store.double(
                "SELECT value FROM class_metrics WHERE run_id = ? AND class = 'checkout' AND metric = 'requests_pool_timed_out'",
                [id]) == 20)
            // Kept apart from the queue timeouts.
            #expect(try store.double(
                "SELECT value FROM run_metrics WHERE run_id = ? AND metric = 'requests_timed_out'", [id]) == 5)
            #expect(try store.double(
                "SELECT json_extract(result_json, '$.requests.pool_timed_out') FROM runs WHERE id = ?", [id]) == 30)
            let stored = try #require(try store.run(id: id))
            #expect(stored.result.requests.poolTimedOut == 30)
            #expect(stored.result.classes.map(\.requests.poolTimedOut) == [10, 20])
            #expect(stored.result == result)
        }
    }
}
