import ArgumentParser
import HeadroomModeling

/// `headroom validate MODEL`: checks a model file without running it.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a model file without running it.",
        discussion: """
            Reports every problem at once, each with file:line:column and key path. Exit code 0 when \
            valid, 1 otherwise. --json prints one document on standard output either way: `file`, \
            `valid`, and for a valid model `model`, `components`, `classes`, `duration_seconds`, \
            `warmup_seconds`; for an invalid one `problems` (`file`, `line`, `column` — null when \
            the problem has no place in the file, e.g. a bad --set —, `path`, `message`, `suggestion`).
            """)

    @OptionGroup var model: ModelOptions

    @Flag(help: "Print one JSON document (valid or not, with every problem) instead of text.")
    var json = false

    /// The `--json` document.
    struct Document: Encodable {
        var file: String
        var valid: Bool
        var model: String?
        var components: Int?
        var classes: Int?
        var durationSeconds: Double?
        var warmupSeconds: Double?
        var problems: [Problem]?
    }

    /// One diagnostic, every key present (null when unknown).
    struct Problem: Encodable {
        var file: String
        var line: Int?
        var column: Int?
        var path: String
        var message: String
        var suggestion: String?

        enum CodingKeys: String, CodingKey { case file, line, column, path, message, suggestion }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(file, forKey: .file)
            try c.encode(line, forKey: .line)
            try c.encode(column, forKey: .column)
            try c.encode(path, forKey: .path)
            try c.encode(message, forKey: .message)
            try c.encode(suggestion, forKey: .suggestion)
        }
    }

    func run() throws {
        try exitingOnFailure {
            guard json else {
                let loaded = try model.load()
                let spec = loaded.spec
                print("\(loaded.file): ok — model '\(spec.name)': \(spec.components.count) component(s), "
                    + "\(spec.classes.count) class(es), duration \(spec.duration) s, warm-up \(spec.warmup) s")
                return
            }
            let document: Document
            do {
                let loaded = try ModelLoader.load(file: model.model, overrides: model.overrides, seed: model.seed)
                let spec = loaded.spec
                document = Document(
                    file: loaded.file, valid: true, model: spec.name, components: spec.components.count,
                    classes: spec.classes.count, durationSeconds: spec.duration, warmupSeconds: spec.warmup)
            } catch let error as ModelError {
                document = Document(file: model.model, valid: false, problems: error.diagnostics.map {
                    Problem(file: $0.file, line: $0.line, column: $0.column, path: $0.path, message: $0.message,
                            suggestion: $0.suggestion)
                })
            } catch {
                document = Document(file: model.model, valid: false, problems: [
                    Problem(file: model.model, path: "", message: "\(error)"),
                ])
            }
            print(try JSONOutput.string(document))
            if !document.valid { throw ExitCode(1) }
        }
    }
}
