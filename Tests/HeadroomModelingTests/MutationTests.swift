import Foundation
@testable import HeadroomModeling
import Testing

/// Bad input must never crash the loader, nor pass validation and then trap in the builder: every
/// mutation of a good model either loads or reports diagnostics with positions.
@Suite("Mutations of a good model")
struct MutationTests {
    static let garbage = ["", "0", "-1", "1.5", "abc", "[]", "{}", "[1ms]", "{ p50: 1ms }", "~", "5xs", "100%"]

    /// `model` with each line removed in turn, and with each line's value replaced by garbage.
    static func variants(of model: String) -> [String] {
        let lines = model.components(separatedBy: "\n")
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

    /// The models mutated: the station-only shop and the full SaaS architecture.
    static let models: [(name: String, text: String)] = [("shop", GoodModelTests.shop), ("saas", saasModel)]

    @Test("every mutation loads or reports with positions", arguments: models)
    func everyMutationLoadsOrReportsWithPositions(name: String, model: String) {
        let variants = Self.variants(of: model)
        var rejected = 0
        for text in variants {
            do {
                _ = try ModelLoader.load(text: text, file: "\(name).yaml")
            } catch let error as ModelError {
                rejected += 1
                #expect(!error.diagnostics.isEmpty)
                #expect(error.diagnostics.allSatisfy { $0.line != nil && $0.column != nil }, "\(error)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
        #expect(rejected > variants.count / 2)
    }

    /// Each value in the SaaS model's flow mappings (`{ … }` on one line) replaced by garbage:
    /// line mutations replace whole mappings, these reach the keys inside them.
    @Test func everyInlineValueOfTheSaaSModelLoadsOrReports() {
        let lines = saasModel.components(separatedBy: "\n")
        var variants = 0
        for (index, line) in lines.enumerated() {
            // Every ": " after the first opens a value that runs to the next ",", "}" or "]".
            var search = line.startIndex
            while let colon = line[search...].range(of: ": ") {
                search = colon.upperBound
                guard line[..<colon.lowerBound].contains("{") else { continue }
                let end = line[colon.upperBound...].firstIndex { ",}]".contains($0) } ?? line.endIndex
                for value in Self.garbage where !value.contains(",") {
                    var changed = lines
                    changed[index] = String(line[..<colon.upperBound]) + value + String(line[end...])
                    variants += 1
                    do {
                        _ = try ModelLoader.load(text: changed.joined(separator: "\n"), file: "saas.yaml")
                    } catch let error as ModelError {
                        #expect(!error.diagnostics.isEmpty)
                        #expect(error.diagnostics.allSatisfy { $0.line != nil && $0.column != nil }, "\(error)")
                    } catch {
                        Issue.record("unexpected error \(error)")
                    }
                }
            }
        }
        #expect(variants > 300)
    }

    @Test func everyOverrideOfAnExistingPathLoadsOrReports() throws {
        let paths = [
            "duration", "warmup", "seed", "limits", "limits.max_in_system", "traffic", "traffic.rate",
            "traffic.classes", "traffic.classes.browse", "traffic.classes.browse.share", "components",
            "components.web", "components.web.servers", "components.web.service", "flows", "flows.browse",
            "flows.browse.0", "flows.browse.1.branch", "flows.browse.1.branch.0.p", "flows.browse.1.branch.1.do",
        ]
        check(GoodModelTests.shop, paths: paths)
    }

    @Test func everyOverrideOfAnExistingSaaSPathLoadsOrReports() throws {
        check(saasModel, paths: [
            "traffic.classes.view_product.keys", "traffic.classes.view_product.keys.count",
            "traffic.classes.view_product.keys.zipf", "traffic.classes.tenant_orders.tenants",
            "traffic.classes.view_product.sessions", "components.lb", "components.lb.policy", "components.lb.backend",
            "components.lb.weights", "components.lb.sticky", "components.app.replicas", "components.app.threads",
            "components.app.cores", "components.app.backlog", "components.products.ttl", "components.products.capacity",
            "components.products.service", "components.products.servers", "components.pool.size",
            "components.pool.acquire_timeout", "components.db.cores", "components.db.replicas",
            "components.db.replication_lag", "components.db.slow_query", "components.orders.shards",
            "components.orders.router", "components.orders.queue_capacity", "components.notifications.workers",
            "components.notifications.capacity", "components.notifications.failure",
            "components.notifications.attempts", "components.notifications.backoff", "components.notifications.job",
            "components.notifications.job.0.do", "components.notifications.job.1.parallel",
            "components.notifications.job.1.parallel.email", "flows.view_product.0.work", "flows.view_product.0.time",
            "flows.view_product.1.on_miss", "flows.view_product.1.on_hit", "flows.view_product.1.on_miss.0.with",
            "flows.update_product.1.do.1.consistent", "flows.update_product.3.enqueue", "flows.monthly_report.1",
            "flows.monthly_report.2.delay", "flows.tenant_orders.2.branch.0.do",
        ])
    }

    /// Loads `model` with each of `paths` set to each garbage value: a clean load or positioned
    /// (or `--set`) diagnostics, never a crash.
    private func check(_ model: String, paths: [String]) {
        for path in paths {
            for value in Self.garbage {
                do {
                    _ = try ModelLoader.load(text: model, file: "model.yaml", overrides: ["\(path)=\(value)"])
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
