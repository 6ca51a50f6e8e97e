import Foundation
import HeadroomComponents
import HeadroomModeling
import Testing

/// `ModelLoader.calibrated(text:file:edits:header:)`, which `headroom calibrate -o` writes: the
/// user's file edited in place loads to the same spec as the original with the changes as
/// `--set` overrides, whatever the layout of its distributions.
@Suite struct CalibratedModelTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var models: [String] {
        let dir = root.appendingPathComponent("models")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "models/" + $0 }
            + ["models/textbook/jackson.yaml", "models/textbook/mmc.yaml"]
    }

    /// Every shipped model, each component with service times scaled by 1.5: edited in place
    /// (comments kept), one comment per site, and the same spec as the overrides give.
    @Test(arguments: models)
    func everyShippedModelIsEditedInPlace(model: String) throws {
        let path = Self.root.appendingPathComponent(model).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let sites = try ModelLoader.serviceTimeSites(text: text, file: path)
        #expect(!sites.isEmpty, "\(model) has no service times")
        let edits = sites.keys.sorted().map { ServiceTimeEdit(component: $0, change: .scale(1.5), comment: "×1.5 for \($0)") }
        let written = try ModelLoader.calibrated(text: text, file: path, edits: edits, header: ["calibrated"])
        #expect(written.editedInPlace, "\(model) was re-serialized")
        #expect(written.overrides.count == sites.values.reduce(0) { $0 + $1.count })
        #expect(written.text.components(separatedBy: "# calibrated: ×1.5 for ").count - 1 == written.overrides.count)
        // The user's own comments are still there: every comment line of the original.
        for line in text.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
            #expect(written.text.contains(line), "\(model): lost \(line)")
        }
        let expected = try ModelLoader.load(text: text, file: path, overrides: written.overrides).spec
        #expect(try ModelLoader.load(text: written.text, file: path).spec == expected)
    }

    @Test func flowStepsBlocksAndScalarsAreEachReplacedWhole() throws {
        let text = """
            duration: 100s
            traffic: { rate: 2/s }
            components:
              s: { type: station, service: { uniform: [1ms, 3ms] } }   # inline
              db: { type: database, cores: 2 }
            flows:
              default:
                - { visit: s, time: 2ms }
                - read: db
                  time:
                    mixture:
                      - { weight: 90%, exponential: 1ms }
                      - { weight: 10%, gamma: { shape: 2, mean: 10ms } }
                - { write: db, time: { p50: 4ms, p99: 20ms } }   # writes
            """
        let sites = try ModelLoader.serviceTimeSites(text: text, file: "m.yaml")
        #expect(sites == ["s": ["components.s.service", "flows.default.0.time"],
                          "db": ["flows.default.1.time", "flows.default.2.time"]])
        let written = try ModelLoader.calibrated(
            text: text, file: "m.yaml",
            edits: [ServiceTimeEdit(component: "s", change: .scale(2), comment: "s"),
                    ServiceTimeEdit(component: "db", change: .scale(0.5), comment: "db")], header: [])
        #expect(written.editedInPlace)
        let lines = written.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("  s: { type: station, service: { uniform: [2ms, 6ms] } }   # inline"))
        #expect(lines.contains("    - { visit: s, time: 4ms }"))
        #expect(lines.contains(
            "      time: { mixture: [{ weight: 90%, exponential: 500us }, { weight: 10%, gamma: { shape: 2, mean: 5ms } }] }"))
        #expect(lines.contains("    - { write: db, time: { p50: 2ms, p99: 10ms } }   # writes"))
        #expect(lines.filter { $0.contains("# calibrated: ") }.count == 4)
        // Percentile fits replace the distribution outright.
        let lognormal = try ModelLoader.calibrated(
            text: text, file: "m.yaml",
            edits: [ServiceTimeEdit(component: "db", change: .lognormal(p50: 0.003, p99: 0.015), comment: "fit")], header: [])
        #expect(lognormal.text.contains("- { write: db, time: { lognormal: { p50: 3ms, p99: 15ms } } }   # writes"))
        #expect(ModelLoader.duration(0.0123456789) == "12.3457ms" && ModelLoader.duration(2.5e-7) == "250ns")
    }
}
