import Yams

extension ModelLoader {
    /// The scalar at a dotted key path of a model (after `overrides`), as the file spells it
    /// (`900/s`, `2h`, `8`); nil when the path is absent or is not a scalar. Used to learn a
    /// key's current value and unit before searching along it (`headroom saturate --by`).
    ///
    /// Path segments are mapping keys or list indices, as for `--set`.
    public static func scalar(atPath path: String, text: String, file: String, overrides: [String] = []) -> String? {
        let sink = DiagnosticSink(file: file)
        guard var node = YAMLParsing.parse(text, sink: sink) else { return nil }
        if case .mapping = node { node = Overrides.apply(overrides, to: node, sink: sink) }
        for segment in path.split(separator: ".", omittingEmptySubsequences: false).map(String.init) {
            switch node {
            case .mapping(let mapping):
                guard let next = mapping.first(where: { $0.key.string == segment })?.value else { return nil }
                node = next
            case .sequence(let sequence):
                guard let index = Int(segment), sequence.indices.contains(index) else { return nil }
                node = sequence[index]
            default:
                return nil
            }
        }
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }
}
