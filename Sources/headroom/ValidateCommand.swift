import ArgumentParser
import HeadroomModeling

/// `headroom validate MODEL`: checks a model file without running it.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a model file without running it.",
        discussion: "Reports every problem at once, each with file:line:column and key path. Exit code 0 when valid, 1 otherwise.")

    @OptionGroup var model: ModelOptions

    func run() throws {
        try exitingOnFailure {
            let loaded = try model.load()
            let spec = loaded.spec
            print("\(loaded.file): ok — model '\(spec.name)': \(spec.components.count) component(s), "
                + "\(spec.classes.count) class(es), duration \(spec.duration) s, warm-up \(spec.warmup) s")
        }
    }
}
