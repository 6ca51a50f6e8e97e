import Yams

/// Parses model text into a Yams node tree, turning YAML errors into positioned diagnostics.
enum YAMLParsing {
    /// The root node of `text`, or `nil` after reporting a syntax error or an empty document.
    static func parse(_ text: String, sink: DiagnosticSink) -> Node? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            let (message, line, column) = describe(error, in: text)
            sink.report(message, at: SourceRef(line: line, column: column, path: ""))
            return nil
        }
        guard let root, !NodeReader(root: root, sink: sink).isNull else {
            sink.report(
                "the file is empty; expected a mapping with the keys "
                    + ModelReader.documentKeys.joined(separator: ", "),
                at: SourceRef(line: 1, column: 1, path: "")
            )
            return nil
        }
        return root
    }

    /// A one-line account of a YAML error: what went wrong, without the echoed source text.
    static func problem(of error: Error) -> String {
        describe(error, in: "").message
    }

    /// The message and 1-based position of a Yams error.
    private static func describe(_ error: Error, in text: String) -> (message: String, line: Int?, column: Int?) {
        guard let error = error as? YamlError else { return ("cannot parse YAML: \(error)", nil, nil) }
        func syntax(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> (String, Int?, Int?) {
            guard let context else { return ("YAML syntax error: \(problem)", mark.line, mark.column) }
            if problem.hasPrefix("but ") {
                // libYAML splits "expected X, but found Y" into context and problem.
                return ("YAML syntax error: \(context.text), \(problem)", mark.line, mark.column)
            }
            let place = "at line \(context.mark.line), column \(context.mark.column)"
            return ("YAML syntax error: \(problem) (\(context.text) \(place))", mark.line, mark.column)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return syntax(context, problem, mark)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let noun = duplicates.count == 1 ? "key" : "keys"
            return (
                "duplicate \(noun) \(keys) in a mapping (first written here); each key may appear once",
                context.mark.line, context.mark.column
            )
        case .reader(let problem, let offset, _, _):
            guard let offset else { return ("cannot read the text: \(problem)", nil, nil) }
            var line = 1, column = 1
            for character in text.prefix(offset) {
                if character == "\n" || character == "\r\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
            return ("cannot read the text: \(problem)", line, column)
        default:
            return ("cannot parse YAML: \(error)", nil, nil)
        }
    }
}
