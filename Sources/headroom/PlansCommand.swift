import ArgumentParser
import Foundation
import HeadroomAnalysis
import HeadroomStore

/// `headroom plans`: lists the stored capacity plans; `headroom plans show ID` prints one as
/// `headroom plan` did. Both only read the store.
struct PlansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plans",
        abstract: "List the capacity plans in the store.",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List stored plans, newest first.")

        @Option(help: ArgumentHelp("Most plans to list.", valueName: "n")) var limit = 50
        @Flag(help: "Print the plans as JSON (their headline figures).") var json = false
        @OptionGroup var store: StoreOptions

        struct Entry: Encodable {
            var id: Int64
            var createdAt: String
            var model: String
            var file: String
            var load: Double
            var status: String
            var changes: [String]
            var currency: String
            var costPerHour: Double
            var currentCostPerHour: Double
            var p99: Double
            var errorRate: Double
            var saturation: Double?
            var bottleneck: String?
            var evaluations: Int
        }

        func run() throws {
            try exitingOnFailure {
                let runStore = try store.openForReading()
                let plans: [StoredPlan]
                do {
                    plans = try runStore.listPlans(limit: limit)
                } catch {
                    throw Failure("\(error)")
                }
                if json {
                    print(try JSONOutput.string(plans.map { p in
                        Entry(id: p.id, createdAt: RunsCommand.List.timestamp(p.createdAt), model: p.modelName,
                              file: p.modelFile, load: p.load, status: p.status, changes: p.changes, currency: p.currency,
                              costPerHour: p.costPerHour, currentCostPerHour: p.currentCostPerHour, p99: p.p99,
                              errorRate: p.errorRate, saturation: p.saturation, bottleneck: p.bottleneck,
                              evaluations: p.evaluations)
                    }))
                    return
                }
                guard !plans.isEmpty else {
                    print("no plans in \(store.path)")
                    return
                }
                var rows = [["id", "created", "model", "load", "status", "cost/h", "now/h", "p99", "saturation", "bottleneck",
                             "changes"]]
                for p in plans {
                    rows.append([
                        String(p.id), RunsCommand.List.timestamp(p.createdAt), p.modelName,
                        "×" + Format.number(p.load, digits: 4), p.status,
                        String(format: "%.2f", p.costPerHour), String(format: "%.2f", p.currentCostPerHour),
                        Format.duration(p.p99), p.saturation.map { "×" + Format.number($0, digits: 3) } ?? "-",
                        p.bottleneck ?? "-", p.changes.isEmpty ? "-" : p.changes.joined(separator: " "),
                    ])
                }
                print(Format.table(rows))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Print one stored plan.")

        @Argument(help: ArgumentHelp("The plan's id.", valueName: "id")) var id: Int64
        @Flag(help: "Print the plan as JSON, with the ids of every run it made.") var json = false
        @OptionGroup var store: StoreOptions

        struct Document: Encodable {
            var planId: Int64
            var file: String
            var overrides: [String]
            var wallSeconds: Double
            var runIds: [Int64]
            var plan: Plan
        }

        func run() throws {
            try exitingOnFailure {
                let runStore = try store.openForReading()
                let stored: StoredPlan?
                do {
                    stored = try runStore.plan(id: id)
                } catch {
                    throw Failure("\(error)")
                }
                guard let stored else { throw Failure("no plan \(id) in \(store.path) (see headroom plans)") }
                let plan: Plan
                do {
                    plan = try stored.decodeResult(Plan.self)
                } catch {
                    throw Failure("plan \(id) in \(store.path) cannot be read: \(error)")
                }
                if json {
                    print(try JSONOutput.string(Document(
                        planId: stored.id, file: stored.modelFile, overrides: stored.overrides,
                        wallSeconds: stored.wallSeconds, runIds: stored.runs.map(\.runID), plan: plan)))
                } else {
                    print(plan.text)
                    print("")
                    print("\(stored.modelFile), \(RunsCommand.List.timestamp(stored.createdAt)); runs: "
                          + "\(stored.runs.first?.runID ?? 0)–\(stored.runs.last?.runID ?? 0) (headroom runs show ID)")
                }
            }
        }
    }
}
