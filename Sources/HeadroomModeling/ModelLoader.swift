import Foundation
import HeadroomComponents

/// A model file loaded, validated and built into a `SimulationSpec`, with what it came from.
public struct LoadedModel: Sendable {
    /// What the engine runs; `--set` overrides and a `seed` argument are already applied.
    public var spec: SimulationSpec
    /// The file text as read, before overrides (the run store keeps it).
    public var text: String
    /// The file name as given.
    public var file: String
    /// The overrides, as given (`"path=value"`), in the order applied.
    public var overrides: [String]
    /// The model's name: `name` from the file, or the file name without extension.
    public var name: String
    /// The design space of the model's `plan:` section, in file order (empty without one).
    public var plan: [PlanVary]

    public init(spec: SimulationSpec, text: String, file: String, overrides: [String], name: String, plan: [PlanVary] = []) {
        self.spec = spec
        self.text = text
        self.file = file
        self.overrides = overrides
        self.name = name
        self.plan = plan
    }
}

/// Loads model files: parse YAML → apply `--set` overrides → read into a typed model with
/// defaults → validate → build the `SimulationSpec`.
///
/// Every problem of a file is reported at once in one `ModelError`; a model that loads is one the
/// engine can run without further checks. The format is documented in `docs/model-format.md`.
public enum ModelLoader {
    /// Loads the model file at `path`.
    ///
    /// - Parameters:
    ///   - overrides: `--set` arguments, `"dotted.path=value"`, applied in order.
    ///   - seed: when non-nil, replaces the model's `seed`.
    /// - Throws: `ModelError`, also when the file cannot be read.
    public static func load(file path: String, overrides: [String] = [], seed: UInt64? = nil) throws -> LoadedModel {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            var isDirectory: ObjCBool = false
            let reason: String
            if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                reason = "no such file"
            } else if isDirectory.boolValue {
                reason = "it is a directory"
            } else {
                reason = "it is not readable UTF-8 text"
            }
            throw ModelError(diagnostics: [
                ModelDiagnostic(file: path, path: "", message: "cannot read model file '\(path)': \(reason)"),
            ])
        }
        return try load(text: text, file: path, overrides: overrides, seed: seed)
    }

    /// Loads a model from `text`; `file` names it in diagnostics, gives the default `name` and
    /// the directory that CSV profiles are read from.
    ///
    /// - Parameters:
    ///   - overrides: `--set` arguments, `"dotted.path=value"`, applied in order.
    ///   - seed: when non-nil, replaces the model's `seed`.
    /// - Throws: `ModelError` with every problem found.
    public static func load(
        text: String, file: String, overrides: [String] = [], seed: UInt64? = nil
    ) throws -> LoadedModel {
        let sink = DiagnosticSink(file: file)
        guard var root = YAMLParsing.parse(text, sink: sink) else {
            throw ModelError(diagnostics: sink.sorted)
        }
        if case .mapping = root {
            root = Overrides.apply(overrides, to: root, sink: sink)
        }
        let model = ModelReader.read(
            NodeReader(root: root, sink: sink), defaultName: defaultName(for: file), directory: directory(of: file)
        )
        if let model {
            ModelValidator.validate(model, sink: sink)
        }
        guard sink.isEmpty, let model else {
            throw ModelError(diagnostics: sink.sorted)
        }
        var spec = ModelBuilder.build(model)
        if let seed { spec.seed = seed }
        spec.cost = model.cost.value
        return LoadedModel(spec: spec, text: text, file: file, overrides: overrides, name: spec.name, plan: model.plan)
    }

    /// The directory part of `file`, against which the files a model names (CSV profiles) are
    /// read: `models/saas.yaml` → `models`, `/m.yaml` → `/`, `saas.yaml` → `""` (the current one).
    static func directory(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "" }
        return slash == file.startIndex ? "/" : String(file[..<slash])
    }

    /// The file name without directories and extension: `models/mm1.yaml` → `mm1`.
    static func defaultName(for file: String) -> String {
        let base = file.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? file
        if let dot = base.lastIndex(of: "."), dot != base.startIndex {
            return String(base[..<dot])
        }
        return base.isEmpty ? "model" : base
    }
}
