import HeadroomComponents
/// Resolving the component names that steps, load balancers and time features give.
extension ModelValidator {
    /// The component `use` names, when it exists and has the type `use` needs.
    ///
    /// Reports a missing name (suggesting the nearest name, preferring components of the right
    /// type) or a component of another type (listing those of the right type). Returns `nil`
    /// without a report when the name was unreadable or the component's own type is unknown:
    /// both are reported already.
    static func resolve(
        _ use: ComponentUse, in components: ComponentList, sink: DiagnosticSink
    ) -> (index: Int, kind: ComponentModelKind)? {
        resolve(ComponentTarget(key: use.key, needs: [use.needs], name: use.name, ref: use.ref), in: components, sink: sink)
    }

    /// The component `target` names, when it exists and has one of the types `target` needs;
    /// reports as `resolve(_ use:)` does.
    static func resolve(
        _ target: ComponentTarget, in components: ComponentList, sink: DiagnosticSink
    ) -> (index: Int, kind: ComponentModelKind)? {
        guard let name = target.name else { return nil }
        // Only a problem lists the components that would fit: the lookup itself is O(1).
        var fitting: [String] {
            components.filter { $0.kind.map { target.needs.contains($0.type) } == true }.map(\.name)
        }
        // Suggestions cost a pass over the names: only the first problems of a load get them.
        let suggest = sink.diagnostics.count < Suggestion.perLoad
        guard let index = components.index(named: name) else {
            let names = components.names
            sink.report(
                "no component named '\(name)' (components: \(Suggestion.listed(names)))",
                at: target.ref,
                suggestion: suggest ? Suggestion.nearest(to: name, in: fitting) ?? Suggestion.nearest(to: name, in: names) : nil
            )
            return nil
        }
        guard let kind = components[index].kind else { return nil }
        guard target.needs.contains(kind.type) else {
            let fits = fitting
            let types = target.needs.map(\.rawValue).joined(separator: " or ")
            let candidates = fits.isEmpty
                ? "the model has no \(types)"
                : "\(types) components: \(Suggestion.listed(fits))"
            sink.report(
                "'\(name)' is \(kind.type.withArticle); '\(target.key)' needs "
                    + "\(ComponentType.withArticles(target.needs)) (\(candidates))",
                at: target.ref,
                suggestion: suggest ? Suggestion.nearest(to: name, in: fits) ?? (fits.count == 1 ? fits[0] : nil) : nil
            )
            return nil
        }
        return (index, kind)
    }
}
