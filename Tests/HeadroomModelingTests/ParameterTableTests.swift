import Foundation
import HeadroomComponents
import HeadroomKernel
@testable import HeadroomModeling
import Testing

/// The parameter tables drive the reader, the builder, the reference docs and the schema: these
/// tests hold the four together.
@Suite("Parameter tables")
struct ParameterTableTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// One component of every type, each with only its required keys.
    static let everyType = """
        duration: 10s
        traffic: { rate: 1/s, classes: { web: { share: 100%, keys: { count: 10 } } } }
        components:
          s: { type: station, service: 1ms }
          lb: { type: load_balancer, backend: app }
          app: { type: app_server }
          pool: { type: pool, size: 2 }
          cache: { type: cache, ttl: 1m }
          db: { type: database }
          jobs: { type: queue, workers: 1, job: [ { delay: 1ms } ] }
          limiter: { type: rate_limiter, rate: 10/s }
        flows:
          web:
            - limit: limiter
            - visit: s
            - work: app
              time: 1ms
            - cache_get: cache
              on_miss:
                - with: pool
                  do: [ { read: db, time: 1ms } ]
                - cache_set: cache
            - enqueue: jobs
        """

    static let names: [ComponentType: String] = [
        .station: "s", .loadBalancer: "lb", .appServer: "app", .pool: "pool", .cache: "cache", .database: "db",
        .queue: "jobs", .rateLimiter: "limiter",
    ]

    @Test func theReferenceDocsAreGeneratedFromTheTables() throws {
        let path = Self.root.appendingPathComponent("docs/model-format.md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(
            try ReferenceDocs.update(text) == text,
            "docs/model-format.md is stale: run `headroom schema --reference docs/model-format.md` (scripts/reference)"
        )
    }

    @Test func theCheckedInSchemaIsGeneratedFromTheTables() throws {
        let path = Self.root.appendingPathComponent("docs/headroom.schema.json").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == ModelSchema.text, "docs/headroom.schema.json is stale: run scripts/reference")
        // It is JSON, and every component parameter is in it.
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let definitions = try #require(schema["definitions"] as? [String: Any])
        for type in ComponentType.allCases {
            let component = try #require(definitions[type.rawValue] as? [String: Any])
            let properties = try #require(component["properties"] as? [String: Any])
            #expect(Set(properties.keys) == Set(["type"] + type.table.entries.map(\.key)))
        }
    }

    @Test func markersThatAreMissingAreAnError() {
        #expect(throws: ReferenceDocsError.self) { try ReferenceDocs.update("# no generated blocks\n") }
    }

    /// What every type builds from its required keys alone is its template: the table's defaults
    /// are the builder's.
    @Test func absentKeysTakeTheTemplatesDefaults() throws {
        let spec = try ModelLoader.load(text: Self.everyType, file: "every.yaml").spec
        for component in spec.components {
            switch component.kind {
            case .station(let s): #expect(s.servers == StationSpec.template.servers && s.capacity == nil && s.timeout == nil)
            case .loadBalancer(let lb):
                #expect(lb.policy == LoadBalancerSpec.template.policy && lb.sticky == LoadBalancerSpec.template.sticky)
                #expect(lb.healthCheck == nil && lb.weights.isEmpty && lb.backend == 2)
            case .appServer(let app): #expect(app == AppServerSpec.template)
            case .pool(let pool): #expect(pool == PoolSpec(size: 2))
            case .cache(let cache): #expect(cache == CacheSpec(ttl: 60))
            case .database(let db): #expect(db == DatabaseSpec.template)
            case .queue(let queue):
                var expected = QueueSpec.template
                expected.job = queue.job
                #expect(queue == expected && queue.job.count == 1)
            case .rateLimiter(let limiter): #expect(limiter == RateLimiterSpec(rate: 10))
            }
        }
    }

    /// Every integer's range in every table is what the reader enforces: its bounds are read,
    /// one beyond each is reported at the key's path.
    @Test func everyIntegerRangeIsEnforcedAtItsKey() throws {
        var checked = 0
        for type in ComponentType.allCases {
            let name = try #require(Self.names[type])
            for entry in type.table.entries {
                guard case .integer(let range) = entry.kind else { continue }
                let path = "components.\(name).\(entry.key)"
                // A bound may break a rule that joins keys (a station's capacity below its servers):
                // only the bound's own key may not be reported.
                for value in [range.lowerBound] + (range.upperBound == Int.max ? [] : [range.upperBound]) {
                    let found = diagnostics(Self.everyType, overrides: ["\(path)=\(value)"]).filter { $0.path == path }
                    #expect(found.isEmpty, "\(path)=\(value): \(found.map(\.message))")
                }
                var beyond = [range.lowerBound - 1]
                if range.upperBound != Int.max { beyond.append(range.upperBound + 1) }
                for value in beyond {
                    let found = diagnostics(Self.everyType, overrides: ["\(path)=\(value)"])
                    #expect(found.contains { $0.path == path }, "\(path)=\(value) was not reported at its key: \(found)")
                }
                checked += 1
            }
        }
        #expect(checked >= 15)
    }

    /// Every required key of every table, left out, is reported missing at its component.
    @Test func everyRequiredKeyIsRequired() throws {
        for type in ComponentType.allCases {
            let name = try #require(Self.names[type])
            for entry in type.table.entries {
                guard case .required = entry.presence else { continue }
                let text = Self.everyType.replacingOccurrences(of: "\(entry.key): ", with: "unused_\(entry.key): ")
                let found = diagnostics(text).filter { $0.path.hasPrefix("components.\(name)") }
                #expect(found.contains { $0.message.contains("missing required key '\(entry.key)'") }, "\(type): \(found)")
            }
        }
    }

    /// The generated rows read as the hand-written ones did.
    @Test func rowsSayKindDefaultAndMeaning() {
        let station = ReferenceDocs.markdown(StationSpec.reference.entries, typeRow: "station")
        #expect(station.contains("| `servers` | integer from 1 to 1 000 000 | `1` | identical servers c"))
        let queue = ReferenceDocs.markdown(QueueSpec.reference.entries, typeRow: "queue")
        #expect(queue.contains("| `failure` | fraction from 0% to 100% | `0%` |"))
        #expect(queue.contains("| `backoff` | [distribution](#distributions) | `1s` |"))
        #expect(queue.contains("| `cost_per_hour` | number ≥ 0 | `0` (no cost reported) |"))
        let cache = ReferenceDocs.markdown(CacheSpec.reference.entries, typeRow: "cache")
        #expect(cache.contains("| `service` | [distribution](#distributions) | `200us` |"))
    }
}

extension ComponentParameters {
    /// The table of `Self`, for the docs.
    static var reference: ParameterTableDescription { ParameterTableDescription(Self.self) }
}
