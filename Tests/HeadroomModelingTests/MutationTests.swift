import Foundation
@testable import HeadroomModeling
import Testing

/// Bad input must never crash the loader, nor pass validation and then trap in the builder: every
/// mutation of a good model either loads or reports diagnostics with positions.
@Suite("Mutations of a good model")
struct MutationTests {
    static let garbage = ["", "0", "-1", "1.5", "abc", "[]", "{}", "[1ms]", "{ p50: 1ms }", "~", "5xs", "100%"]

    /// The shop model with one line removed, and with each line's value replaced by garbage.
    static var variants: [String] {
        let lines = GoodModelTests.shop.components(separatedBy: "\n")
        var variants: [String] = []
        for (index, line) in lines.enumerated() {
            var removed = lines
            removed.remove(at: index)
            variants.append(removed.joined(separator: "\n"))
            guard let colon = line.firstIndex(of: ":") else { continue }
            for value in garbage {
                var changed = lines
                changed[index] = line[...colon] + " " + value
                variants.append(changed.joined(separator: "\n"))
            }
        }
        return variants
    }

    @Test func everyMutationLoadsOrReportsWithPositions() {
        var rejected = 0
        for text in Self.variants {
            do {
                _ = try ModelLoader.load(text: text, file: "shop.yaml")
            } catch let error as ModelError {
                rejected += 1
                #expect(!error.diagnostics.isEmpty)
                #expect(error.diagnostics.allSatisfy { $0.line != nil && $0.column != nil }, "\(error)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
        #expect(rejected > Self.variants.count / 2)
    }

    @Test func everyOverrideOfAnExistingPathLoadsOrReports() throws {
        let paths = [
            "duration", "warmup", "seed", "limits", "limits.max_in_system", "traffic", "traffic.rate",
            "traffic.classes", "traffic.classes.browse", "traffic.classes.browse.share", "components",
            "components.web", "components.web.servers", "components.web.service", "flows", "flows.browse",
            "flows.browse.0", "flows.browse.1.branch", "flows.browse.1.branch.0.p", "flows.browse.1.branch.1.do",
        ]
        for path in paths {
            for value in Self.garbage {
                do {
                    _ = try ModelLoader.load(text: GoodModelTests.shop, file: "shop.yaml", overrides: ["\(path)=\(value)"])
                } catch let error as ModelError {
                    #expect(!error.diagnostics.isEmpty)
                    #expect(error.diagnostics.allSatisfy { $0.file == "--set" || $0.line != nil }, "\(error)")
                } catch {
                    Issue.record("unexpected error \(error)")
                }
            }
        }
    }
}
