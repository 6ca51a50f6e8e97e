import Yams

extension ModelLoader {
    /// The model text with `overrides` written into it: what `headroom plan -o` saves, so that
    /// the planned configuration is a model file of its own.
    ///
    /// The document is re-serialized from its tree (comments are dropped; key order, values and
    /// their styles are kept), with `header` lines as comments on top. The result loads to the
    /// same spec as the original text with the overrides.
    ///
    /// - throws: ``ModelError`` when the text or an override is not valid.
    public static func text(_ text: String, file: String, applying overrides: [String], header: [String] = []) throws -> String {
        let sink = DiagnosticSink(file: file)
        guard var root = YAMLParsing.parse(text, sink: sink) else { throw ModelError(diagnostics: sink.sorted) }
        if case .mapping = root { root = Overrides.apply(overrides, to: root, sink: sink) }
        guard sink.isEmpty else { throw ModelError(diagnostics: sink.sorted) }
        let body: String
        do {
            body = try Yams.serialize(node: root, width: -1, allowUnicode: true)
        } catch {
            throw ModelError(diagnostics: [ModelDiagnostic(file: file, path: "", message: "cannot write the model: \(error)")])
        }
        return header.map { "# " + $0 + "\n" }.joined() + body
    }
}
