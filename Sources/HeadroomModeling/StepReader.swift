import HeadroomKernel

/// Reads `flows` and every list of steps (a flow, a queue's `job`, a `with`'s `do`, the arms of
/// `cache_get`, `parallel` and `branch`): each step's kind, its keys and their values. Whether the
/// components a step names exist and have the right type is `ModelValidator`'s.
enum StepReader {
    /// What a step looks like, for messages.
    static let expectedStep = "a step such as { visit: server }, { work: app, time: 3ms } or { delay: 200ms }"
    /// What a list of steps looks like, for messages.
    static let expectedSteps = "a list of steps such as [ { visit: server } ]"

    /// Reads the `flows` mapping; `nil` when it is not a mapping or is empty (reported).
    static func flows(_ reader: NodeReader) -> FlowsModel? {
        guard let m = reader.mapping("a mapping from class names to lists of steps") else { return nil }
        guard !m.entries.isEmpty else {
            reader.error("expected at least one flow, found an empty mapping")
            return nil
        }
        return FlowsModel(ref: reader.ref, flows: m.entries.map { entry in
            FlowModel(className: entry.key, ref: entry.keyRef, steps: steps(entry.value))
        })
    }

    /// A list of steps, non-empty unless `allowEmpty`; `nil` after reporting.
    static func steps(_ reader: NodeReader, allowEmpty: Bool = false) -> [StepModel]? {
        guard let items = reader.list(expectedSteps) else { return nil }
        guard allowEmpty || !items.isEmpty else {
            reader.error("expected at least one step, found an empty list")
            return nil
        }
        return items.map(step)
    }

    /// An optional list of steps that may be empty (`on_hit`, `on_miss`): absent is empty.
    private static func optionalSteps(_ reader: NodeReader?) -> [StepModel]? {
        guard let reader else { return [] }
        return steps(reader, allowEmpty: true)
    }

    private static func step(_ reader: NodeReader) -> StepModel {
        func invalid() -> StepModel { StepModel(ref: reader.ref, kind: .invalid) }
        guard let m = reader.mapping(expectedStep) else { return invalid() }
        let keywords = StepKeyword.allCases.filter { m.entry($0.rawValue) != nil }
        guard keywords.count == 1, let keyword = keywords.first else {
            if keywords.isEmpty {
                reportUnknownKind(m)
            } else {
                reader.error(
                    "a step has exactly one kind, found \(keywords.map { "'\($0.rawValue)'" }.joined(separator: " and "))"
                )
            }
            return invalid()
        }
        m.rejectUnknownKeys(allowed: [keyword.rawValue] + keyword.otherKeys)
        let value = m.required(keyword.rawValue, expectedValue(of: keyword))

        /// The component the keyword names.
        func use() -> ComponentUse {
            let needs = keyword.needs!
            return ComponentUse(
                key: keyword.rawValue, needs: needs,
                name: value?.string("the name of \(needs.withArticle) component"), ref: value?.ref ?? reader.ref
            )
        }
        /// The step's required `time`.
        func time() -> Field<Distribution> {
            Field(required: m.required("time", DistributionReader.expected), DistributionReader.read)
        }

        let kind: StepModel.Kind
        switch keyword {
        case .visit:
            kind = .visit(use(), time: Field(m.value("time"), DistributionReader.read))
        case .work:
            kind = .work(use(), time: time())
        case .delay:
            kind = .delay(Field(required: value, DistributionReader.read))
        case .with:
            let target = use()
            kind = .hold(target, steps: m.required("do", expectedSteps).flatMap { steps($0) })
        case .cacheGet:
            kind = .cacheGet(use(), hit: optionalSteps(m.value("on_hit")), miss: optionalSteps(m.value("on_miss")))
        case .cacheSet:
            kind = .cacheSet(use())
        case .invalidate:
            kind = .invalidate(use())
        case .read:
            let target = use()
            kind = .read(
                target, time: time(),
                consistent: Field(m.value("consistent")) { $0.boolean() }.defaulting(to: false, at: reader.ref)
            )
        case .write:
            kind = .write(use(), time: time())
        case .crossShard:
            kind = .crossShard(use(), time: time())
        case .enqueue:
            kind = .enqueue(use())
        case .limit:
            kind = .limit(use())
        case .parallel:
            guard let value, let arms = parallel(value) else { return invalid() }
            kind = .parallel(arms)
        case .branch:
            guard let value, let arms = branch(value) else { return invalid() }
            kind = .branch(arms)
        }
        return StepModel(ref: reader.ref, kind: kind)
    }

    /// What the value of `keyword` should be, for messages.
    private static func expectedValue(of keyword: StepKeyword) -> String {
        switch keyword {
        case .delay: DistributionReader.expected
        case .parallel: "named arms such as { email: [ … ], push: [ … ] } or a list of step lists"
        case .branch: "a list of arms such as [ { p: 30%, do: [ … ] } ]"
        default: "the name of \(keyword.needs!.withArticle) component"
        }
    }

    /// Reports a step mapping without any step keyword at its most likely misspelt key.
    private static func reportUnknownKind(_ m: MappingReader) {
        guard let first = m.entries.first(where: {
            Suggestion.nearest(to: $0.key, in: StepKeyword.names) != nil
        }) ?? m.entries.first else {
            m.reader.error("expected \(expectedStep), found an empty mapping")
            return
        }
        m.reader.sink.report(
            "unknown step kind '\(first.key)' (expected one of: \(StepKeyword.names.joined(separator: ", ")))",
            at: first.keyRef,
            suggestion: Suggestion.nearest(to: first.key, in: StepKeyword.names)
        )
    }

    /// The arms of `parallel`: a mapping from arm names to step lists (file order), or a list of
    /// step lists; `nil` after reporting.
    private static func parallel(_ reader: NodeReader) -> [[StepModel]?]? {
        let arms: [NodeReader]
        let empty: String
        switch reader.node {
        case .sequence:
            guard let items = reader.list("") else { return nil }
            arms = items
            empty = "an empty list"
        default:
            guard let m = reader.mapping(expectedValue(of: .parallel)) else { return nil }
            arms = m.entries.map(\.value)
            empty = "an empty mapping"
        }
        guard !arms.isEmpty else {
            reader.error("expected at least one arm, found \(empty)")
            return nil
        }
        return arms.map { steps($0) }
    }

    private static func branch(_ reader: NodeReader) -> [ArmModel]? {
        guard let items = reader.list(expectedValue(of: .branch)) else { return nil }
        guard !items.isEmpty else {
            reader.error("expected at least one arm, found an empty list")
            return nil
        }
        let arms = items.map { item -> ArmModel in
            guard let m = item.mapping("an arm such as { p: 30%, do: [ { visit: server } ] }") else {
                return ArmModel(probability: .invalid, steps: nil)
            }
            m.rejectUnknownKeys(allowed: ["p", "do"])
            return ArmModel(
                probability: Field(required: m.required("p", "a probability such as 30%")) {
                    $0.fraction(allowZero: true)
                },
                steps: m.required("do", "a list of steps").flatMap { steps($0) }
            )
        }
        let probabilities = arms.compactMap(\.probability.value)
        if probabilities.count == arms.count {
            let total = probabilities.reduce(0, +)
            if total > 1 + 1e-9 {
                reader.error(
                    "branch probabilities sum to \(Formatting.percent(total)), expected at most 100% "
                        + "(the rest take no arm)"
                )
                return nil
            }
        }
        return arms
    }
}
