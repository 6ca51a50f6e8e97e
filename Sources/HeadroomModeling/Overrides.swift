import Yams

/// Applies `--set PATH=VALUE` overrides to the document tree before it is read.
///
/// PATH is a dotted key path, list elements by index (`flows.default.0.time`); a key that itself
/// contains dots (`p99.9`) is matched whole. VALUE is YAML (`900/s`, `2h`, `{exponential: 2s}`,
/// `[1ms, 3ms]`; empty for an empty value, which the format treats as absent). Overrides apply in
/// order. A missing final key is added to its mapping (index = count appends to a list). A
/// missing key on the way is created as a mapping (`--set limits.max_in_system=5000` on a model
/// without `limits`), unless it looks like a typo of a key that is there: then it is a problem
/// with a suggestion, since creating `trafic:` beside `traffic:` would only hide the typo.
enum Overrides {
    /// A problem with one override, reported as `--set`.
    struct Problem: Error {
        var message: String
        var suggestion: String?
    }

    /// The document with `arguments` applied in order. Bad arguments are reported and skipped;
    /// good ones tell `sink` which path they set, so that problems in their values name `--set`.
    static func apply(_ arguments: [String], to root: Node, sink: DiagnosticSink) -> Node {
        var root = root
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "=") else {
                sink.reportOverride("expected PATH=VALUE such as duration=2h, found '\(argument)' (no '=')", path: "")
                continue
            }
            let path = String(argument[..<equals]).trimmingSpaces
            let text = String(argument[argument.index(after: equals)...])
            let segments = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !path.isEmpty, !segments.contains("") else {
                sink.reportOverride(
                    "expected a dotted key path such as components.server.servers before '=', found '\(path)'",
                    path: path
                )
                continue
            }
            let value: Node
            do {
                // An empty VALUE composes to nothing: make it the plain empty scalar, YAML's null.
                value = try Yams.compose(yaml: text) ?? Node("", .implicit, .plain)
            } catch {
                sink.reportOverride("the value '\(text)' is not valid YAML: \(YAMLParsing.problem(of: error))", path: path)
                continue
            }
            do {
                let (newRoot, resolved) = try set(value, at: segments[...], in: root, under: [])
                root = newRoot
                sink.overridden.append((resolved, argument))
            } catch let problem as Problem {
                sink.reportOverride(problem.message, path: path, suggestion: problem.suggestion)
            } catch {
                preconditionFailure("unexpected \(error)")
            }
        }
        return root
    }

    /// `node` with `value` put at `segments`, and the path as the document spells it.
    private static func set(
        _ value: Node, at segments: ArraySlice<String>, in node: Node, under parent: [String]
    ) throws -> (Node, String) {
        let place = parent.isEmpty ? "the document" : "'\(parent.joined(separator: "."))'"
        switch node {
        case .mapping(let mapping):
            var pairs = Array(mapping).map { ($0.key, $0.value) }
            // Longest match first, so that `p99.9` is one key.
            for count in stride(from: segments.count, through: 1, by: -1) {
                let key = segments.prefix(count).joined(separator: ".")
                guard let index = pairs.firstIndex(where: { $0.0.scalar?.string == key }) else { continue }
                let rest = segments.dropFirst(count)
                let path = parent + [key]
                if rest.isEmpty {
                    pairs[index].1 = value
                    return (.mapping(rebuilt(mapping, pairs)), path.joined(separator: "."))
                }
                let (child, resolved) = try set(value, at: rest, in: pairs[index].1, under: path)
                pairs[index].1 = child
                return (.mapping(rebuilt(mapping, pairs)), resolved)
            }
            let key = segments.joined(separator: ".")
            if segments.count == 1 || DistributionReader.percentileProbability(key) != nil {
                pairs.append((Node(key), value))
                return (.mapping(rebuilt(mapping, pairs)), (parent + [key]).joined(separator: "."))
            }
            let keys = pairs.compactMap { $0.0.scalar?.string }
            if Suggestion.nearest(to: segments.first!, in: keys) == nil {
                let nested = segments.dropFirst().reversed().reduce(value) { inner, key in
                    Node([(Node(key), inner)])
                }
                pairs.append((Node(segments.first!), nested))
                // The whole new mapping came from --set: problems anywhere in it name the override.
                return (.mapping(rebuilt(mapping, pairs)), (parent + [segments.first!]).joined(separator: "."))
            }
            throw Problem(
                message: "no key '\(segments.first!)' in \(place) (keys: \(keys.joined(separator: ", "))); "
                    + "a new key that close to an existing one looks like a typo",
                suggestion: Suggestion.nearest(to: segments.first!, in: keys)
            )
        case .sequence(let sequence):
            var nodes = Array(sequence)
            let segment = segments.first!
            guard let index = Int(segment), index >= 0, index < nodes.count || (index == nodes.count && segments.count == 1)
            else {
                throw Problem(
                    message: "'\(segment)' is not an index of \(place), a list of \(nodes.count) "
                        + "(indices 0 to \(nodes.count - 1); \(nodes.count) appends)"
                )
            }
            let path = parent + [segment]
            let resolved: String
            if index == nodes.count {
                nodes.append(value)
                resolved = path.joined(separator: ".")
            } else if segments.count == 1 {
                nodes[index] = value
                resolved = path.joined(separator: ".")
            } else {
                let (child, childPath) = try set(value, at: segments.dropFirst(), in: nodes[index], under: path)
                nodes[index] = child
                resolved = childPath
            }
            return (.sequence(Node.Sequence(nodes, sequence.tag, sequence.style, sequence.mark)), resolved)
        case .scalar, .alias:
            throw Problem(message: "\(place) is a single value, not a mapping or a list; it has no key '\(segments.first!)'")
        }
    }

    private static func rebuilt(_ mapping: Node.Mapping, _ pairs: [(Node, Node)]) -> Node.Mapping {
        Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark)
    }
}
