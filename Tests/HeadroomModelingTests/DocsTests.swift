import Foundation
import HeadroomComponents
@testable import HeadroomModeling
import Testing

/// The examples of docs/model-format.md load, so the documentation cannot drift from the loader.
@Suite("Format documentation")
struct DocsTests {
    /// The YAML code blocks of docs/model-format.md that are whole models (they give `flows`).
    static func modelBlocks() throws -> [String] {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/model-format.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        var blocks: [String] = []
        var current: [String]?
        for line in text.components(separatedBy: "\n") {
            if current == nil, line == "```yaml" {
                current = []
            } else if let lines = current, line == "```" {
                blocks.append(lines.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks.filter { $0.contains("\nflows:") }
    }

    @Test func everyWholeModelInTheDocsLoads() throws {
        let blocks = try Self.modelBlocks()
        #expect(blocks.count == 5)
        for block in blocks {
            #expect(throws: Never.self, "\(block.prefix(60))") { try ModelLoader.load(text: block, file: "doc.yaml") }
        }
    }

    @Test func theCompleteExampleIsTheSaaSModel() throws {
        let example = try #require(try Self.modelBlocks().first)
        #expect(try loadSpec(example) == loadSpec(saasModel))
    }

    /// The whole model of the time section.
    static func timeExample() throws -> String {
        try #require(try modelBlocks().first { $0.contains("\ntimeline:") })
    }

    @Test func theTimeExampleIsTheTimeModel() throws {
        #expect(try loadSpec(Self.timeExample()) == loadSpec(timeModel))
    }

    /// The error lines the docs show for the time example are what the loader says.
    @Test func theDocumentedTimeErrorsAreTheLoaders() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/model-format.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let example = try Self.timeExample()
        for (from, to) in [
            ("flush: products", "flush: db"), ("component: jobs, metric: queue_depth", "component: jobs, metric: queue_dept"),
        ] {
            let error = try #require(throws: ModelError.self) {
                try ModelLoader.load(text: example.replacingFirst(from, with: to), file: "peak.yaml")
            }
            #expect(error.diagnostics.count == 1)
            let line = try #require(error.diagnostics.first).description
            #expect(text.contains("\n" + line + "\n"), "\(line)")
        }
    }

    @Test func theDocumentedWhatIfsLoad() throws {
        let example = try #require(try Self.modelBlocks().first)
        let overrides = [
            "components.app.replicas=8", "components.app.cores=8", "components.db.replicas=0",
            "components.lb.sticky=true", "components.orders.router=hash", "components.notifications.workers=10",
        ]
        for override in overrides where override != "components.lb.sticky=true" {
            #expect(throws: Never.self, "\(override)") {
                try ModelLoader.load(text: example, file: "saas.yaml", overrides: [override])
            }
        }
        // Sticky sessions need sessions on every class that works on the app: monthly_report has none.
        let error = try #require(throws: ModelError.self) {
            try ModelLoader.load(text: example, file: "saas.yaml", overrides: ["components.lb.sticky=true"])
        }
        #expect(error.diagnostics.map(\.path) == ["components.lb.sticky"])
        #expect(error.diagnostics[0].file == "--set")
        let fixed = try ModelLoader.load(text: example, file: "saas.yaml", overrides: [
            "components.lb.sticky=true", "traffic.classes.monthly_report.sessions={count: 10}",
        ])
        #expect(fixed.spec.components[0].kind == .loadBalancer(LoadBalancerSpec(
            policy: .leastConnections, backend: 1, sticky: true
        )))
    }
}
