import HeadroomComponents
import HeadroomKernel

/// The reference tables of docs/model-format.md, generated from the parameter tables so that the
/// docs cannot drift from the reader: one table per component type and one for `health_check`.
///
/// The docs mark each generated table with a pair of comments,
/// `<!-- generated: components.station -->` and `<!-- end generated -->`; `update(_:)` rewrites
/// what lies between them (`headroom schema --reference FILE` writes the file, a test fails when
/// it is stale).
public enum ReferenceDocs {
    /// The generated blocks by name: `components.<type>` and `health_check`.
    public static var blocks: [(name: String, text: String)] {
        ComponentType.allCases.map { type in
            let table = type.table
            return ("components.\(type.rawValue)", markdown(table.entries, typeRow: type.rawValue))
        } + [("health_check", markdown(HealthCheckSpec.reference.entries, typeRow: nil))]
    }

    /// `document` with every generated block replaced by today's text; throws when a block's
    /// markers are missing, so a renamed heading cannot silently drop a table.
    public static func update(_ document: String) throws -> String {
        var text = document
        for block in blocks {
            let begin = "<!-- generated: \(block.name) -->\n"
            let end = "<!-- end generated -->"
            guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex)
            else { throw ReferenceDocsError.missingMarkers(block.name) }
            text.replaceSubrange(start.upperBound..<stop.lowerBound, with: block.text)
        }
        return text
    }

    /// One table: key, kind, default, meaning; `typeRow` adds the `type` row first.
    static func markdown(_ entries: [ParameterTableDescription.Entry], typeRow: String?) -> String {
        var lines = ["| key | kind | default | meaning |", "|---|---|---|---|"]
        if let typeRow { lines.append("| `type` | `\(typeRow)` | **required** | |") }
        for entry in entries {
            lines.append("| `\(entry.key)` | \(kind(entry.kind)) | \(defaultText(entry)) | \(entry.doc) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The kind column: what the value is and its range.
    static func kind(_ kind: ParameterKindDescription) -> String {
        switch kind {
        case .integer(let range):
            range.upperBound == Int.max
                ? "integer ≥ \(range.lowerBound)"
                : "integer from \(grouped(range.lowerBound)) to \(grouped(range.upperBound))"
        case .duration: "duration > 0"
        case .fraction: "fraction from 0% to 100%"
        case .rate: "rate > 0"
        case .price: "number ≥ 0"
        case .boolean: "boolean"
        case .choice(let names): names.map { "`\($0)`" }.joined(separator: ", ")
        case .distribution: "[distribution](#distributions)"
        case .weights: "list of numbers > 0"
        case .healthCheck: "[health check](#health-checks-health_check)"
        case .structured(.component(let type)): "name of \(type.withArticle.replacingOccurrences(of: type.rawValue, with: "`\(type.rawValue)`"))"
        case .structured(.shardCores): "mapping of shard number (from 0) to an integer from 1 to \(grouped(Bounds.servers))"
        case .structured(.steps): "non-empty list of steps"
        }
    }

    /// The default column.
    static func defaultText(_ entry: ParameterTableDescription.Entry) -> String {
        switch entry.presence {
        case .required: return "**required**"
        case .optional(let meaning): return meaning
        case .defaulted(let note):
            let value = entry.defaultValue.map { "`\(text($0))`" } ?? ""
            return note.map { "\(value) (\($0))" } ?? value
        }
    }

    /// A default as a model file would write it.
    static func text(_ value: ParameterDefault) -> String {
        switch value {
        case .integer(let n): String(n)
        case .seconds(let s): seconds(s)
        case .fraction(let f): Formatting.number(f * 100) + "%"
        case .rate(let r): Formatting.number(r) + "/s"
        case .number(let x): Formatting.number(x)
        case .boolean(let b): b ? "true" : "false"
        case .name(let name): name
        case .distribution(.constant(let s)): seconds(s)
        case .distribution(let d): String(describing: d)
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == 0 ? "0" : Formatting.seconds(value)
    }

    /// `1000000` as the docs write it: `1 000 000`.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(" ") }
            out.append(digit)
        }
        return out
    }
}

/// A reference document whose generated blocks cannot be found.
public enum ReferenceDocsError: Error, CustomStringConvertible {
    case missingMarkers(String)

    public var description: String {
        switch self {
        case .missingMarkers(let name):
            "the reference document has no '<!-- generated: \(name) -->' … '<!-- end generated -->' block"
        }
    }
}

extension HealthCheckSpec {
    /// The health check's table, for the docs and the schema.
    static var reference: ParameterTableDescription {
        ParameterTableDescription(
            nested: parameters, template: HealthCheckSpec(), type: .loadBalancer,
            summary: "probes that take failed replicas out of rotation and bring them back"
        )
    }
}
