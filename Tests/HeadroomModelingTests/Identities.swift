import Foundation
import HeadroomComponents
@testable import HeadroomModeling

/// The accounting identities every run must satisfy, whatever the model and however it ended:
/// requests add up per class and in total, and no utilization is outside [0, 1].
enum Identities {
    /// The problems found in `result`, empty when every identity holds.
    static func violations(_ result: RunResult) -> [String] {
        var problems: [String] = []
        func check(_ name: String, _ r: RequestCounts) {
            let accounted = r.completed + r.errors + r.inSystem
            if r.arrived != accounted {
                problems.append("\(name): arrived \(r.arrived) ≠ completed \(r.completed) + errors \(r.errors) "
                    + "(rejected \(r.rejected), timed out \(r.timedOut), pool \(r.poolTimedOut), client "
                    + "\(r.clientTimedOut), failed \(r.failed)) + in system \(r.inSystem)")
            }
            if r.retries > r.arrived { problems.append("\(name): retries \(r.retries) > arrived \(r.arrived)") }
        }
        check("total", result.requests)
        var sum = RequestCounts()
        for c in result.classes {
            check("class \(c.name)", c.requests)
            sum += c.requests
        }
        if sum != result.requests { problems.append("the classes do not add up to the total") }
        for component in result.components {
            for load in [component.load] + component.resources {
                let u = load.utilization
                if !(u >= 0 && u <= 1 + 1e-9) {
                    problems.append("\(component.name)/\(load.name): utilization \(u) outside [0, 1]")
                }
            }
        }
        if !result.simulatedSeconds.isFinite { problems.append("simulated time \(result.simulatedSeconds)") }
        return problems
    }

    /// The package root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every shipped model file: models/*.yaml and models/textbook/*.yaml, by path from the root.
    static func shippedModels() throws -> [String] {
        var paths: [String] = []
        for folder in ["models", "models/textbook"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
            paths += names.filter { $0.hasSuffix(".yaml") }.sorted().map { "\(folder)/\($0)" }
        }
        return paths
    }
}
