/// One problem found in a model file or in a `--set` override, with where it is and what was
/// expected.
///
/// Positions are 1-based and count Unicode scalars, as libYAML does. `line` and `column` are `nil`
/// when the problem has no place in the file: a bad `--set` argument, or a value that an override
/// put in (then `file` is `"--set"`).
public struct ModelDiagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name as given to the loader, or `"--set"` for a problem in an override.
    public var file: String
    /// The line of the offending node, 1-based.
    public var line: Int?
    /// The column of the offending node, 1-based.
    public var column: Int?
    /// The dotted key path of the offending node, list elements by index
    /// (e.g. `components.server.servers`, `flows.default.0.time`); `""` for the whole document.
    /// The same syntax `--set` takes.
    public var path: String
    /// What is wrong and what was expected.
    public var message: String
    /// The nearest valid key or name when the problem looks like a typo.
    public var suggestion: String?

    public init(
        file: String, line: Int? = nil, column: Int? = nil, path: String, message: String,
        suggestion: String? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
        self.suggestion = suggestion
    }

    /// `file:line:column: path: message; did you mean 'suggestion'?`, leaving out what is unknown.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": "
        if !path.isEmpty { text += "\(path): " }
        text += message
        if let suggestion { text += "; did you mean '\(suggestion)'?" }
        return text
    }
}

/// Every problem found while loading one model, in file order.
///
/// Loading never stops at the first problem: a file with five mistakes reports five diagnostics.
public struct ModelError: Error, Sendable, CustomStringConvertible {
    /// The problems, problems of `--set` arguments first, then by position in the file.
    public var diagnostics: [ModelDiagnostic]

    public init(diagnostics: [ModelDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One line per diagnostic.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
