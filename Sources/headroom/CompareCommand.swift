import ArgumentParser
import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomStore

/// `headroom compare A B`: two stored runs (or their groups of replications) side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two stored runs metric by metric.",
        discussion: """
            A and B are run ids (from `headroom runs`). A run that is one of several replications \
            stands for its whole group. Prints each metric side by side with the difference and \
            whether it is significant at 95 %: the paired t-test when both groups have the same \
            seeds (common random numbers), Welch's t-test otherwise; a single run on either side \
            gives no significance.

            Example:
              headroom compare 12 17
            """)

    @Argument(help: ArgumentHelp("The first run id (A, the baseline).", valueName: "a"))
    var a: Int64

    @Argument(help: ArgumentHelp("The second run id (B).", valueName: "b"))
    var b: Int64

    @OptionGroup var store: StoreOptions

    @Flag(help: "Print one JSON document instead of the table.")
    var json = false

    func run() throws {
        try exitingOnFailure(execute)
    }

    /// The run with `id` and, if it is one of several replications, the rest of its group.
    private func group(_ id: Int64, _ runStore: RunStore) throws -> [StoredRun] {
        let stored: StoredRun?
        do {
            stored = try runStore.run(id: id)
        } catch {
            throw Failure("could not read run \(id): \(error)")
        }
        guard let stored else { throw Failure("no run \(id) in \(store.path) (list them with `headroom runs`)") }
        guard stored.replicationCount > 1 else { return [stored] }
        do {
            let runs = try runStore.runs(groupID: stored.groupID)
            return runs.isEmpty ? [stored] : runs
        } catch {
            throw Failure("could not read the replications of run \(id): \(error)")
        }
    }

    private static func label(_ runs: [StoredRun]) -> String {
        let ids = runs.map(\.id)
        if ids.count == 1 { return "run \(ids[0])" }
        if let first = ids.first, let last = ids.last, ids == Array(first...last) { return "runs \(first)–\(last)" }
        return "runs " + ids.map(String.init).joined(separator: ",")
    }

    private func execute() throws {
        let runStore = try store.openForReading()
        let runsA = try group(a, runStore)
        let runsB = try group(b, runStore)
        var comparison = Comparison(runsA.map(\.result), runsB.map(\.result))
        comparison.labelA = Self.label(runsA)
        comparison.labelB = Self.label(runsB)
        if json {
            let document = Document(
                a: Side(runIds: runsA.map(\.id), model: runsA[0].modelName, file: runsA[0].modelFile,
                        overrides: runsA[0].overrides),
                b: Side(runIds: runsB.map(\.id), model: runsB[0].modelName, file: runsB[0].modelFile,
                        overrides: runsB[0].overrides),
                comparison: comparison)
            print(try JSONOutput.string(document))
            return
        }
        func describe(_ name: String, _ runs: [StoredRun]) -> String {
            let r = runs[0]
            let overrides = r.overrides.isEmpty ? "" : " " + r.overrides.map { "--set \($0)" }.joined(separator: " ")
            return "\(name): \(Self.label(runs)), \(r.modelName) (\(r.modelFile))\(overrides), "
                + "\(runs.count) run\(runs.count == 1 ? "" : "s")"
        }
        print([describe("A", runsA), describe("B", runsB), "", comparison.text].joined(separator: "\n"))
    }

    struct Side: Encodable {
        var runIds: [Int64]
        var model: String
        var file: String
        var overrides: [String]
    }

    struct Document: Encodable {
        var a: Side
        var b: Side
        var comparison: Comparison
    }
}
