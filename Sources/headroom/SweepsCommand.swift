import ArgumentParser
import Foundation
import HeadroomAnalysis
import HeadroomStore

/// `headroom sweeps`: lists the stored sweeps.
struct SweepsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sweeps", abstract: "List the sweeps in the store.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        do {
            let sweeps = try store.open().listSweeps()
            guard !sweeps.isEmpty else {
                print("no sweeps in \(store.path)")
                return
            }
            var rows = [["id", "created (UTC)", "model", "points", "status"]]
            for s in sweeps {
                rows.append([
                    String(s.id), RunsCommand.List.timestamp(s.createdAt), s.modelName, "\(s.pointsDone)/\(s.points)", s.status,
                ])
            }
            print(Format.table(rows))
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }
}
