import ArgumentParser
import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomKernel
import HeadroomModeling
import HeadroomStore

/// `headroom explain MODEL`: what the operational laws predict, resource by resource.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a model with queueing theory: demands, utilizations, the bottleneck.",
        discussion: """
            Without simulating, prints per resource its servers c, visits per request V, mean \
            service S, service demand D = V·S, offered load a = λ·D, the utilization U = a/c the \
            operational laws predict at the model's load, and an M/M/c estimate of the mean \
            response; then the bottleneck bound X_max = min c/D and how many times today's load \
            that is. With --run ID the stored run's simulated utilization and mean response are \
            shown beside, and its measured cache hit rates are used.

            Examples:
              headroom explain models/textbook/jackson.yaml
              headroom explain models/cache-aside.yaml --run 3 --json
            """)

    @OptionGroup var model: ModelOptions

    @Option(name: .customLong("run"), help: ArgumentHelp("A stored run of this model to compare with.", valueName: "id"))
    var runID: Int64?

    @OptionGroup var store: StoreOptions

    @Flag(help: "Print one JSON document instead of the table.")
    var json = false

    func run() throws {
        try exitingOnFailure(execute)
    }

    private func execute() throws {
        let loaded = try model.load()
        var stored: StoredRun?
        if let id = runID {
            guard let found = try store.openForReading().run(id: id) else {
                throw Failure("no run \(id) in \(store.path) (list them with `headroom runs`)")
            }
            let hash = StableHash.hexDigest(loaded.text)
            if found.modelHash != hash {
                printError("warning: run \(id) was made from a different model file (hash \(found.modelHash), "
                    + "this file \(hash)); comparing anyway")
            } else if found.overrides != loaded.overrides {
                printError("warning: run \(id) used overrides [\(found.overrides.joined(separator: " "))], "
                    + "not [\(loaded.overrides.joined(separator: " "))]")
            }
            stored = found
        }
        let explanation = Explanation(spec: loaded.spec, run: stored?.result, runID: stored?.id)
        if json {
            print(try JSONOutput.string(explanation))
        } else {
            print(explanation.text)
        }
    }
}
