import Foundation
import HeadroomModeling
import Testing
@testable import HeadroomAnalysis

/// docs/run-result.schema.json against the document `RunReport` encodes: the same version and
/// the same keys at the top, both ways. (scripts/tests.d/15-schema validates whole documents of
/// the real binary against it with a JSON Schema validator.)
@Suite struct RunResultSchemaTests {
    static let schemaURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/run-result.schema.json")

    static func schema() throws -> [String: Any] {
        let data = try Data(contentsOf: schemaURL)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// A report encoded as the CLI encodes it (snake_case, non-finite numbers as strings).
    static func encoded(_ report: RunReport) throws -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try #require(try JSONSerialization.jsonObject(with: encoder.encode(report)) as? [String: Any])
    }

    static func report(replications: Int, series: Bool) throws -> RunReport {
        let loaded = try ModelLoader.load(
            file: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("models/textbook/mm1.yaml").path,
            overrides: ["duration=2000s", "warmup=100s"], seed: nil)
        let runs = Replications.run(loaded.spec, count: replications, jobs: 1)
        var report = RunReport(runIDs: [], file: loaded.file, overrides: [], seed: loaded.spec.seed, wallSeconds: 0,
                               replications: runs.map(\.result))
        report.includeSeries = series
        return report
    }

    @Test func theSchemaDescribesThisVersion() throws {
        let schema = try Self.schema()
        let properties = try #require(schema["properties"] as? [String: Any])
        let version = try #require(properties["schema_version"] as? [String: Any])
        #expect(version["const"] as? Int == RunReport.schemaVersion)
        #expect(schema["additionalProperties"] as? Bool == false)
    }

    @Test func everyKeyOfTheDocumentIsInTheSchemaAndEveryRequiredOneInTheDocument() throws {
        let schema = try Self.schema()
        let properties = Set(try #require(schema["properties"] as? [String: Any]).keys)
        let required = Set(try #require(schema["required"] as? [String]))
        #expect(required.isSubset(of: properties))
        // One run without series, and replications with them: the optional keys come and go.
        let single = try Self.encoded(try Self.report(replications: 1, series: false))
        let replicated = try Self.encoded(try Self.report(replications: 2, series: true))
        for document in [single, replicated] {
            let keys = Set(document.keys)
            #expect(keys.subtracting(properties).isEmpty, "not in the schema: \(keys.subtracting(properties).sorted())")
            #expect(required.subtracting(keys).isEmpty, "required but missing: \(required.subtracting(keys).sorted())")
        }
        #expect(single["confidence"] == nil && replicated["confidence"] != nil)
        #expect(single["series"] == nil && replicated["series"] != nil)
        #expect(!required.contains("confidence") && !required.contains("series") && !required.contains("replay"))
    }
}
