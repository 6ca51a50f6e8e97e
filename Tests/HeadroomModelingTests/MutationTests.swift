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

    /// The models mutated: the station-only shop, the full SaaS architecture and the model with
    /// every time feature (profiles, clients, health checks, timeline, autoscaling, alerts).
    static let models: [(name: String, text: String)] = [
        ("shop", GoodModelTests.shop), ("saas", saasModel), ("time", timeModel),
    ]

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

    /// Each value in the flow mappings (`{ … }` on one line) of the SaaS and time models replaced
    /// by garbage: line mutations replace whole mappings, these reach the keys inside them.
    @Test("every inline value loads or reports", arguments: [("saas", saasModel), ("time", timeModel)])
    func everyInlineValueLoadsOrReports(name: String, model: String) {
        let lines = model.components(separatedBy: "\n")
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
                        _ = try ModelLoader.load(text: changed.joined(separator: "\n"), file: "\(name).yaml")
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

    /// Each line of a CSV profile removed, replaced by garbage, and each of its fields replaced
    /// by garbage: the model loads, or every diagnostic has a position (in the CSV or the model).
    @Test func everyMutationOfACSVProfileLoadsOrReports() throws {
        let csv = ["time,rate", "# a comment", "0s,100/s", "10m,300", "", "1200,18000/m"]
        var variants: [[String]] = []
        for index in csv.indices {
            var removed = csv
            removed.remove(at: index)
            variants.append(removed)
            for value in Self.garbage + ["a,b,c", ",", "-5s,1", "1,-5/s"] {
                var changed = csv
                changed[index] = value
                variants.append(changed)
                let fields = csv[index].split(separator: ",", omittingEmptySubsequences: false)
                for field in fields.indices where fields.count == 2 {
                    var replaced = fields.map(String.init)
                    replaced[field] = value
                    changed[index] = replaced.joined(separator: ",")
                    variants.append(changed)
                }
            }
        }
        let directory = try temporaryDirectory(files: [:])
        defer { removeDirectory(directory) }
        let file = directory.appendingPathComponent("model.yaml").path
        let text = minimalModel.replacingFirst("rate: 2/s", with: "profile: { csv: r.csv }")
            .replacingFirst("duration: 100s", with: "duration: 30m")
        var rejected = 0
        for variant in variants {
            try variant.joined(separator: "\n").write(
                to: directory.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8
            )
            do {
                _ = try ModelLoader.load(text: text, file: file)
            } catch let error as ModelError {
                rejected += 1
                #expect(!error.diagnostics.isEmpty)
                #expect(error.diagnostics.allSatisfy { $0.line != nil && $0.column != nil }, "\(error)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
        #expect(variants.count > 150)
        #expect(rejected > variants.count / 2)
    }

    @Test func everyOverrideOfAnExistingTimePathLoadsOrReports() throws {
        check(timeModel, paths: [
            "window", "slo", "slo.p99", "slo.errors", "alert_defaults", "traffic.profile", "traffic.profile.spike",
            "traffic.profile.spike.at", "traffic.profile.spike.for", "traffic.profile.spike.factor",
            "traffic.profile.spike.rise", "traffic.classes.browse.client", "traffic.classes.browse.client.timeout",
            "traffic.classes.browse.client.attempts", "traffic.classes.browse.client.backoff",
            "traffic.classes.browse.client.jitter", "traffic.classes.browse.client.budget",
            "traffic.classes.buy.profile", "traffic.classes.buy.profile.diurnal.peak_to_trough",
            "traffic.classes.buy.profile.diurnal.peak_at", "traffic.classes.report.profile.points",
            "traffic.classes.report.profile.points.1", "traffic.classes.report.profile.points.1.0",
            "traffic.classes.report.profile.period", "components.lb.health_check",
            "components.lb.health_check.interval", "components.lb.health_check.timeout",
            "components.lb.health_check.unhealthy_threshold", "components.lb.health_check.healthy_threshold",
            "components.app.cost_per_hour", "components.jobs.cost_per_hour", "timeline", "timeline.0",
            "timeline.0.at", "timeline.0.crash", "timeline.0.replica", "timeline.2.to", "timeline.4.restart",
            "timeline.5.cores", "timeline.5.downtime", "timeline.6.flush", "timeline.7.lag", "timeline.8.for",
            "timeline.10.replica", "timeline.11", "autoscaling", "autoscaling.0", "autoscaling.0.component",
            "autoscaling.0.metric", "autoscaling.0.target", "autoscaling.0.interval", "autoscaling.0.provisioning",
            "autoscaling.0.cooldown", "autoscaling.0.min", "autoscaling.0.max", "autoscaling.1.target", "alerts",
            "alerts.0", "alerts.0.name", "alerts.0.component", "alerts.0.metric", "alerts.0.above", "alerts.0.for",
            "alerts.3",
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
