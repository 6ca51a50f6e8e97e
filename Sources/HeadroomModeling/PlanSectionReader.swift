/// One knob of a model's `plan.vary`: a `--set` path and its values in the sweep's syntax.
public struct PlanVary: Sendable, Equatable {
    /// The key path the knob changes (`components.app.replicas`).
    public var path: String
    /// Its values as `--vary` takes them: `4,8,16` or `2..40:2`.
    public var values: String
    /// The line of the knob in the model file (for messages), 0 when unknown.
    public var line: Int
}

/// Reads `plan`: the design space `headroom plan` searches when no `--vary` replaces a knob.
///
/// ```yaml
/// plan:
///   vary:
///     components.app.replicas: 2..40:2
///     components.db.primary_cores: [4, 8, 16, 32]
/// ```
///
/// Whether each path is a key the model takes is checked by the plan, which loads the model
/// at every value (and names a typo with the key meant).
enum PlanSectionReader {
    static let keys = ["vary"]

    /// The knobs in file order; empty (reported) when the section is not readable.
    static func read(_ reader: NodeReader) -> [PlanVary] {
        guard let m = reader.mapping("a mapping with the key vary, such as { vary: { components.app.replicas: 2..20:2 } }")
        else { return [] }
        m.rejectUnknownKeys(allowed: keys)
        guard let vary = m.required("vary", "a mapping from key paths to values, such as { components.app.replicas: 2..20:2 }")?
            .mapping("a mapping from key paths to values, such as { components.app.replicas: 2..20:2 }")
        else { return [] }
        var knobs: [PlanVary] = []
        for entry in vary.entries {
            let expected = "values such as 2..40:2, 4,8,16 or [4, 8, 16]"
            var text: String?
            if let items = entry.value.scalarText == nil ? entry.value.list(expected) : nil {
                let scalars = items.compactMap { $0.scalar("a value such as 8 or 500ms") }
                if scalars.count == items.count, !scalars.isEmpty { text = scalars.joined(separator: ",") }
                if items.isEmpty { entry.value.error("expected \(expected), found an empty list") }
            } else {
                text = entry.value.scalar(expected)
            }
            guard let text else { continue }
            knobs.append(PlanVary(path: entry.key, values: text, line: entry.keyRef.line ?? 0))
        }
        return knobs
    }
}
