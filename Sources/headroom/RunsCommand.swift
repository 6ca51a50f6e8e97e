import ArgumentParser
import Foundation
import HeadroomAnalysis
import HeadroomStore

/// `headroom runs`: lists stored runs; `headroom runs show ID` prints one.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs in the store.",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List stored runs, newest first.")

        @Option(help: "Most runs to list.") var limit: Int = 50
        @Option(help: "Only runs of this model name.") var model: String?
        @OptionGroup var store: StoreOptions

        func run() throws {
            do {
                let runs = try store.open().listRuns(limit: limit, model: model)
                guard !runs.isEmpty else {
                    print("no runs in \(store.path)" + (model.map { " for model '\($0)'" } ?? ""))
                    return
                }
                var rows = [["id", "created (UTC)", "model", "seed", "status", "simulated", "wall", "throughput", "p99", "rep"]]
                for r in runs {
                    rows.append([
                        String(r.id), Self.timestamp(r.createdAt), r.modelName, String(r.seed), r.status.rawValue,
                        Format.duration(r.simulatedSeconds), Format.number(r.wallSeconds, digits: 3) + "s",
                        Format.number(r.throughput) + "/s", Format.duration(r.p99),
                        r.replicationCount > 1 ? "\(r.replication + 1)/\(r.replicationCount)" : "",
                    ])
                }
                print(Format.table(rows))
            } catch let failure as Failure {
                printError(failure.description)
                throw ExitCode(1)
            }
        }

        static func timestamp(_ date: Date) -> String {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = "yyyy-MM-dd HH:mm:ss"
            return f.string(from: date)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print one stored run.")

        @Argument(help: "The run id (from `headroom runs`).") var id: Int64
        @Flag(help: "Print one JSON document, as `headroom run --json` does.") var json = false
        @Flag(help: "Also print the full model text.") var model = false
        @OptionGroup var store: StoreOptions

        func run() throws {
            do {
                guard let stored = try store.open().run(id: id) else {
                    throw Failure("no run \(id) in \(store.path) (list them with `headroom runs`)")
                }
                let report = RunReport(
                    runIDs: [stored.id], file: stored.modelFile, overrides: stored.overrides, seed: stored.seed,
                    wallSeconds: stored.wallSeconds, replications: [stored.result])
                if json {
                    print(try JSONOutput.string(report))
                    return
                }
                print(report.text)
                print("")
                print("stored \(List.timestamp(stored.createdAt)) UTC by headroom \(stored.toolVersion); "
                    + "model hash \(stored.modelHash)"
                    + (stored.overrides.isEmpty ? "" : "; overrides: " + stored.overrides.joined(separator: " "))
                    + (stored.replicationCount > 1 ? "; replication \(stored.replication + 1) of \(stored.replicationCount) (group \(stored.groupID))" : ""))
                if model {
                    print("")
                    print(stored.modelText)
                }
            } catch let failure as Failure {
                printError(failure.description)
                throw ExitCode(1)
            }
        }
    }
}
