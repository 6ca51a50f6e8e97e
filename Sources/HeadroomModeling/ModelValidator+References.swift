/// Resolving the component names that steps and load balancers give.
extension ModelValidator {
    /// The component `use` names, when it exists and has the type `use` needs.
    ///
    /// Reports a missing name (suggesting the nearest name, preferring components of the right
    /// type) or a component of another type (listing those of the right type). Returns `nil`
    /// without a report when the name was unreadable or the component's own type is unknown:
    /// both are reported already.
    static func resolve(
        _ use: ComponentUse, in components: [ComponentModel], sink: DiagnosticSink
    ) -> (index: Int, kind: ComponentModelKind)? {
        guard let name = use.name else { return nil }
        let fitting = components.filter { $0.kind?.type == use.needs }.map(\.name)
        guard let index = components.firstIndex(where: { $0.name == name }) else {
            let names = components.map(\.name)
            sink.report(
                "no component named '\(name)' (components: \(names.joined(separator: ", ")))",
                at: use.ref,
                suggestion: Suggestion.nearest(to: name, in: fitting) ?? Suggestion.nearest(to: name, in: names)
            )
            return nil
        }
        guard let kind = components[index].kind else { return nil }
        guard kind.type == use.needs else {
            let candidates = fitting.isEmpty
                ? "the model has no \(use.needs.rawValue)"
                : "\(use.needs.rawValue) components: \(fitting.joined(separator: ", "))"
            sink.report(
                "'\(name)' is \(kind.type.withArticle); '\(use.key)' needs \(use.needs.withArticle) (\(candidates))",
                at: use.ref,
                suggestion: Suggestion.nearest(to: name, in: fitting) ?? (fitting.count == 1 ? fitting[0] : nil)
            )
            return nil
        }
        return (index, kind)
    }
}
