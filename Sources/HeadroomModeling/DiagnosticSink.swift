/// Where a value sits in the model: its position in the file and its dotted key path.
struct SourceRef: Sendable, Equatable {
    /// 1-based line, `nil` for a node that no file position describes.
    var line: Int?
    /// 1-based column.
    var column: Int?
    /// Dotted key path, list elements by index; `""` for the document.
    var path: String

    /// The path of `key` under this one.
    func child(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}

/// Collects the diagnostics of one load, so that reading and validation go on after a problem
/// and report every problem at once.
final class DiagnosticSink {
    /// The file name as given, used in every diagnostic about the file.
    let file: String
    /// The problems found so far, in the order found.
    private(set) var diagnostics: [ModelDiagnostic] = []
    /// The overrides that put a value into the document, in the order applied: a problem at or
    /// under one of these paths is about the override's value, so it names `--set` instead of a
    /// file position.
    var overridden: [(path: String, argument: String)] = []

    init(file: String) {
        self.file = file
    }

    /// Whether anything has been reported.
    var isEmpty: Bool { diagnostics.isEmpty }

    /// Reports a problem at `ref`.
    func report(_ message: String, at ref: SourceRef, suggestion: String? = nil) {
        if let override = overridden.last(where: { ref.path == $0.path || ref.path.hasPrefix($0.path + ".") }) {
            diagnostics.append(ModelDiagnostic(
                file: "--set", path: ref.path,
                message: "\(message) (value given by --set \(override.argument))", suggestion: suggestion
            ))
        } else {
            diagnostics.append(ModelDiagnostic(
                file: file, line: ref.line, column: ref.column, path: ref.path, message: message,
                suggestion: suggestion
            ))
        }
    }

    /// Reports a problem inside another file the model reads (a CSV profile): at `line` and
    /// `column` of `file`, with the key path of the model value that names the file.
    func report(_ message: String, inFile file: String, line: Int, column: Int, path: String) {
        diagnostics.append(ModelDiagnostic(file: file, line: line, column: column, path: path, message: message))
    }

    /// Reports a problem with a `--set` argument itself (bad syntax, a path that leads nowhere).
    func reportOverride(_ message: String, path: String, suggestion: String? = nil) {
        diagnostics.append(ModelDiagnostic(file: "--set", path: path, message: message, suggestion: suggestion))
    }

    /// The diagnostics ordered for people: `--set` problems first, in the order given, then
    /// problems of the model file by line and column, then those of the files it reads (CSV
    /// profiles) by file name, line and column; ties in the order found.
    var sorted: [ModelDiagnostic] {
        diagnostics.enumerated().sorted { a, b in
            func key(_ d: ModelDiagnostic) -> (Int, String, Int, Int) {
                if d.line == nil { return (0, "", 0, 0) }
                return d.file == file ? (1, "", d.line ?? 0, d.column ?? 0) : (2, d.file, d.line ?? 0, d.column ?? 0)
            }
            let ka = key(a.element), kb = key(b.element)
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }
}
