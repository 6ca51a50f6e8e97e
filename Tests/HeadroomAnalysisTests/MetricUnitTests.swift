import Foundation
import HeadroomComponents
import HeadroomModeling
import Testing

/// Every metric a kind reports has the unit the kind declares: across every shipped model, the
/// ratios lie in [0, 1] and the times, rates and counts are not negative (a metric declared in
/// the wrong unit, a rate printed as a percentage, shows here).
@Suite struct MetricUnitTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func everyShippedModelsMetricsFitTheirUnits() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("models").path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 14)
        var seen: Set<MetricUnit> = []
        for file in files {
            var spec = try ModelLoader.load(file: Self.root.appendingPathComponent("models/\(file)").path).spec
            spec.maxEvents = 300_000
            let run = Simulation.run(spec)
            for component in run.components {
                for (key, value) in component.metrics {
                    let unit = component.kind.unit(ofMetric: key)
                    seen.insert(unit)
                    switch unit {
                    case .ratio: #expect(value >= 0 && value <= 1 + 1e-9, "\(file): \(component.name).\(key) = \(value)")
                    case .seconds, .perSecond, .count, .number:
                        #expect(value >= 0 && value.isFinite, "\(file): \(component.name).\(key) = \(value)")
                    }
                }
            }
        }
        #expect(seen.isSuperset(of: [.ratio, .seconds, .perSecond, .count, .number]))
    }
}
