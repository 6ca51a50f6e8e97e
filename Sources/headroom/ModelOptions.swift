import ArgumentParser
import HeadroomModeling

/// The model file and what changes it: `MODEL`, `--set PATH=VALUE`, `--seed N`.
struct ModelOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The model file (YAML).", valueName: "model"), completion: .file(extensions: ["yaml", "yml"]))
    var model: String

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override a scalar of the model by its dotted key path; repeatable.",
        discussion: "Values take the units of model files: --set traffic.rate=900/s --set duration=2h "
            + "--set components.db.servers=8. Sequence items by index: --set flows.default.0.time=5ms.",
        valueName: "path=value"))
    var overrides: [String] = []

    @Option(help: ArgumentHelp("Seed of the run (replaces the model's `seed`).", valueName: "n"))
    var seed: UInt64?

    /// Loads and validates the model; a model error is printed in full and exits with code 1.
    func load() throws -> LoadedModel {
        do {
            return try ModelLoader.load(file: model, overrides: overrides, seed: seed)
        } catch let error as ModelError {
            throw Failure(error.description)
        } catch {
            throw Failure("\(model): \(error)")
        }
    }
}
