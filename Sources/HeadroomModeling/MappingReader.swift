import Yams

/// Reads the entries of one YAML mapping by key, checking keys against the set the format allows.
struct MappingReader {
    /// One key and its value.
    struct Entry {
        /// The key's text.
        let key: String
        /// Where the key sits (its path includes the key).
        let keyRef: SourceRef
        /// A reader for the value; an empty value is placed at its key.
        let value: NodeReader
    }

    /// The mapping itself.
    let reader: NodeReader
    /// The entries in file order. Entries whose key is not a plain scalar are reported and left out.
    let entries: [Entry]
    /// Key → position in `entries`: lookups and the duplicate check are O(1), so reading a
    /// mapping of 10,000 components or classes is linear, not quadratic.
    private let positions: [String: Int]

    init(_ reader: NodeReader, _ mapping: Node.Mapping) {
        self.reader = reader
        var entries: [Entry] = []
        var positions: [String: Int] = [:]
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                reader.sink.report(
                    "keys must be plain names, found \(NodeReader(node: keyNode, ref: reader.ref, sink: reader.sink).found) as a key",
                    at: SourceRef(node: keyNode, path: reader.path)
                )
                continue
            }
            let key = keyScalar.string
            let keyRef = SourceRef(node: keyNode, path: reader.ref.child(key))
            // Yams rejects most duplicates; this catches keys that differ only in their YAML type
            // (`1` and `'1'`), which would otherwise name the same thing twice.
            if positions[key] != nil {
                reader.sink.report("duplicate key '\(key)'; each key may appear once in a mapping", at: keyRef)
                continue
            }
            var value = NodeReader(node: valueNode, ref: SourceRef(node: valueNode, path: keyRef.path), sink: reader.sink)
            if value.isNull || valueNode.mark == nil {
                value = NodeReader(node: valueNode, ref: keyRef, sink: reader.sink)
            }
            positions[key] = entries.count
            entries.append(Entry(key: key, keyRef: keyRef, value: value))
        }
        self.entries = entries
        self.positions = positions
    }

    /// The keys in file order.
    var keys: [String] { entries.map(\.key) }

    /// The entry for `key`, empty value or not.
    func entry(_ key: String) -> Entry? {
        positions[key].map { entries[$0] }
    }

    /// Whether `key` is present with a non-empty value.
    func has(_ key: String) -> Bool {
        value(key) != nil
    }

    /// The value of `key`, or `nil` when the key is absent or its value is empty (`key:`, `~`).
    func value(_ key: String) -> NodeReader? {
        guard let entry = entry(key), !entry.value.isNull else { return nil }
        return entry.value
    }

    /// The value of a required `key`, or `nil` after reporting it missing (at this mapping) or
    /// empty (at its key). `expected` describes the value ("a duration such as 10m").
    func required(_ key: String, _ expected: String) -> NodeReader? {
        guard let entry = entry(key) else {
            reader.error("missing required key '\(key)' (\(expected))")
            return nil
        }
        guard !entry.value.isNull else {
            entry.value.error("expected \(expected), found an empty value")
            return nil
        }
        return entry.value
    }

    /// Reports every key not in `allowed`, listing the allowed keys and suggesting the nearest.
    /// `noun` names what the keys are ("key", "distribution").
    func rejectUnknownKeys(allowed: [String], noun: String = "key") {
        for entry in entries where !allowed.contains(entry.key) {
            reader.sink.report(
                "unknown \(noun) '\(entry.key)' (expected one of: \(allowed.joined(separator: ", ")))",
                at: entry.keyRef,
                suggestion: Suggestion.nearest(to: entry.key, in: allowed)
            )
        }
    }
}
