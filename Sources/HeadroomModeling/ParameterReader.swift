import HeadroomComponents

/// A mapping's parameters as read against a parameter table: the spec with every readable key
/// set and every absent one at the template's default, and where each key stood in the file.
/// Source positions live beside the spec, not in it, so the builder takes the spec as it is.
struct ReadParameters<Spec> {
    /// The spec: complete when no key failed.
    var spec: Spec
    /// The mapping the keys are in (a default's position).
    let ref: SourceRef
    /// Every key the file gives, readable or not, and where its value is.
    private(set) var given: [String: SourceRef] = [:]
    /// Keys given but unreadable, and required keys missing (both already reported).
    private(set) var failed: Set<String> = []

    init(spec: Spec, ref: SourceRef) {
        self.spec = spec
        self.ref = ref
    }

    /// The value at `path` (given or default); `nil` when `key` failed.
    func value<T>(_ key: String, _ path: KeyPath<Spec, T>) -> T? {
        failed.contains(key) ? nil : spec[keyPath: path]
    }

    /// Where `key`'s value is, when the file gives it and it could be read.
    func ref(_ key: String) -> SourceRef? {
        failed.contains(key) ? nil : given[key]
    }

    /// Whether the file gives `key`, readable or not.
    func isGiven(_ key: String) -> Bool {
        given[key] != nil
    }

    /// Whether every key could be read and every required key is there.
    var isComplete: Bool { failed.isEmpty }

    fileprivate mutating func note(_ key: String, at ref: SourceRef?, read: Bool) {
        if let ref { given[key] = ref }
        if !read { failed.insert(key) }
    }
}

/// Reads a mapping's keys against a parameter table (`Parameter`): each key's kind, unit and
/// range, missing required keys, and unknown keys with the nearest valid one. Structured values
/// that are not yet the spec's (component names, shard sizes, steps) go to `structured`, which
/// reads one and says whether it could.
enum ParameterReader {
    static func read<Spec>(
        _ parameters: [Parameter<Spec>], template: Spec, from m: MappingReader, extraKeys: [String] = [],
        structured: (ParameterStructure, NodeReader) -> Bool = { _, _ in
            preconditionFailure("a table with structured parameters needs a reader for them")
        }
    ) -> ReadParameters<Spec> {
        m.rejectUnknownKeys(allowed: extraKeys + parameters.map(\.key))
        var read = ReadParameters(spec: template, ref: m.reader.ref)
        for parameter in parameters {
            let required = if case .required = parameter.presence { true } else { false }
            let node = required ? m.required(parameter.key, expectation(parameter.value)) : m.value(parameter.key)
            guard let node else {
                // A missing required key, or one with an empty value, is reported and fails.
                if required { read.note(parameter.key, at: m.entry(parameter.key)?.value.ref, read: false) }
                continue
            }
            let ok = self.read(parameter.value, key: parameter.key, from: node, into: &read.spec, structured: structured)
            read.note(parameter.key, at: node.ref, read: ok)
        }
        return read
    }

    /// Reads one value into `spec`; whether it could (a problem is reported where it stands).
    private static func read<Spec>(
        _ value: ParameterValue<Spec>, key: String, from node: NodeReader, into spec: inout Spec,
        structured: (ParameterStructure, NodeReader) -> Bool
    ) -> Bool {
        func set<T>(_ path: WritableKeyPath<Spec, T>, _ value: T?) -> Bool {
            guard let value else { return false }
            spec[keyPath: path] = value
            return true
        }
        func set<T>(_ path: WritableKeyPath<Spec, T?>, _ value: T?) -> Bool {
            guard let value else { return false }
            spec[keyPath: path] = value
            return true
        }
        switch value {
        case .integer(let path, let range):
            return set(path, integer(node, range))
        case .optionalInteger(let path, let range):
            return set(path, integer(node, range))
        case .duration(let path):
            return set(path, node.duration(.positive))
        case .optionalDuration(let path):
            return set(path, node.duration(.positive))
        case .fraction(let path):
            return set(path, node.fraction(allowZero: true))
        case .rate(let path):
            return set(path, node.rate())
        case .price(let path):
            return set(path, node.nonNegativeNumber())
        case .boolean(let path):
            return set(path, node.boolean())
        case .choice(let choice):
            guard let name = node.choice(choice.names, noun: key),
                  let index = choice.names.firstIndex(of: name)
            else { return false }
            choice.set(&spec, index)
            return true
        case .distribution(let path):
            return set(path, DistributionReader.read(node))
        case .optionalDistribution(let path):
            return set(path, DistributionReader.read(node))
        case .weights(let path):
            return set(path, weights(node))
        case .healthCheck(let path):
            return set(path, HealthCheckReader.read(node))
        case .structured(let structure):
            return structured(structure, node)
        }
    }

    /// A load balancer's `weights`: a non-empty list of numbers > 0.
    private static func weights(_ reader: NodeReader) -> [Double]? {
        guard let items = reader.list("a list of weights > 0 such as [1, 1, 2], one per replica") else { return nil }
        guard !items.isEmpty else {
            reader.error("expected at least one weight, found an empty list")
            return nil
        }
        let weights = items.map { $0.positiveNumber() }
        guard weights.allSatisfy({ $0 != nil }) else { return nil }
        return weights.map { $0! }
    }

    private static func integer(_ node: NodeReader, _ range: ClosedRange<Int>) -> Int? {
        node.integer(atLeast: range.lowerBound, atMost: range.upperBound == Int.max ? nil : range.upperBound)
    }

    /// What a missing required key should hold, for its message.
    static func expectation<Spec>(_ value: ParameterValue<Spec>) -> String {
        switch value {
        case .integer(_, let range), .optionalInteger(_, let range): "an integer ≥ \(range.lowerBound)"
        case .duration, .optionalDuration: "a duration > 0 such as 1h"
        case .fraction: "a fraction such as 2%"
        case .rate: "a rate such as 100/s"
        case .price: "a number ≥ 0"
        case .boolean: "true or false"
        case .choice(let choice): "one of: \(choice.names.joined(separator: ", "))"
        case .distribution, .optionalDistribution: "a distribution such as { exponential: 5ms }"
        case .structured(.component(let type)): "the name of \(type.withArticle) component"
        case .weights: "a list of weights > 0 such as [1, 1, 2], one per replica"
        case .healthCheck: "a health check such as { interval: 5s }"
        case .structured(.shardCores): "a mapping of shard number to cores, such as { 1: 16 }"
        case .structured(.steps): "a list of steps such as [ { delay: 300ms } ]"
        }
    }
}
