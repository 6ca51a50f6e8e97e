/// Reads the document tree into a typed `Model`, applying defaults and reporting every problem
/// that a single node shows: unknown keys, wrong kinds, missing keys, bad units and ranges,
/// distribution parameters, branch probabilities.
enum ModelReader {
    /// The keys of the document, in the order the format documents them.
    static let documentKeys = ["name", "duration", "warmup", "seed", "limits", "traffic", "components", "flows"]
    /// The keys of a `type: station` component.
    static let stationKeys = ["type", "servers", "capacity", "timeout", "service"]

    /// The default of `limits.max_in_system`.
    static let defaultMaxInSystem = 1_000_000
    /// The default of `seed`.
    static let defaultSeed: UInt64 = 1
    /// The name of the single class of a model without `traffic.classes`.
    static let defaultClassName = "default"

    /// Reads the document's root; `nil` when the root is not a mapping (reported).
    static func read(_ root: NodeReader, defaultName: String) -> Model? {
        guard let document = root.mapping(
            "a mapping with the keys \(documentKeys.joined(separator: ", ")) at the top of the document"
        ) else { return nil }
        document.rejectUnknownKeys(allowed: documentKeys)

        let name = document.value("name").flatMap { $0.string("a name") } ?? defaultName
        let duration = Field<Double>(required: document.required("duration", "a duration > 0 such as 10m")) {
            $0.duration(.positive)
        }
        let warmup = Field<Double>(document.value("warmup")) { $0.duration(.nonNegative) }
            .defaulting(to: 0, at: document.reader.ref)
        let seed = Field<UInt64>(document.value("seed")) { $0.unsigned() }
            .defaulting(to: defaultSeed, at: document.reader.ref)

        var maxInSystem = Field<Int>.value(defaultMaxInSystem, document.reader.ref)
        if let limits = document.value("limits")?.mapping("a mapping with the key max_in_system") {
            limits.rejectUnknownKeys(allowed: ["max_in_system"])
            maxInSystem = Field(limits.value("max_in_system")) { $0.integer(atLeast: 1) }
                .defaulting(to: defaultMaxInSystem, at: limits.reader.ref)
        } else if document.has("limits") {
            maxInSystem = .invalid
        }

        return Model(
            ref: document.reader.ref,
            name: name,
            duration: duration,
            warmup: warmup,
            seed: seed,
            maxInSystem: maxInSystem,
            traffic: document.required("traffic", "a mapping with rate and/or classes").flatMap(traffic),
            components: document.required("components", "a mapping from component names to components")
                .flatMap(components),
            flows: document.required("flows", "a mapping from class names to lists of steps").flatMap(flows)
        )
    }

    // MARK: - traffic

    private static func traffic(_ reader: NodeReader) -> TrafficModel? {
        guard let m = reader.mapping("a mapping with rate and/or classes") else { return nil }
        m.rejectUnknownKeys(allowed: ["rate", "classes"])
        var model = TrafficModel(
            ref: m.reader.ref, rate: Field(m.value("rate")) { $0.rate() }, classes: nil, classesInvalid: false,
            classesRef: nil
        )
        guard let classesReader = m.value("classes") else { return model }
        model.classesRef = classesReader.ref
        guard let classes = classesReader.mapping("a mapping from class names to { share: … } or { rate: … }") else {
            model.classesInvalid = true
            return model
        }
        guard !classes.entries.isEmpty else {
            classesReader.error("expected at least one class, found an empty mapping")
            model.classesInvalid = true
            return model
        }
        model.classes = classes.entries.map { entry in
            var share = Field<Double>.invalid
            var rate = Field<Double>.invalid
            if let c = entry.value.mapping("a class such as { share: 70% } or { rate: 2/s }") {
                c.rejectUnknownKeys(allowed: ["share", "rate"])
                share = Field(c.value("share")) { $0.fraction(allowZero: false) }
                rate = Field(c.value("rate")) { $0.rate() }
            }
            return ClassModel(name: entry.key, ref: entry.keyRef, share: share, rate: rate)
        }
        return model
    }

    // MARK: - components

    private static func components(_ reader: NodeReader) -> [ComponentModel]? {
        guard let m = reader.mapping("a mapping from component names to components") else { return nil }
        guard !m.entries.isEmpty else {
            reader.error("expected at least one component, found an empty mapping")
            return nil
        }
        return m.entries.map { entry in
            ComponentModel(name: entry.key, ref: entry.keyRef, kind: component(entry.value))
        }
    }

    private static func component(_ reader: NodeReader) -> ComponentKind? {
        let types = ComponentKind.typeNames.joined(separator: ", ")
        guard let m = reader.mapping("a component such as { type: station, servers: 2, service: 10ms }") else {
            return nil
        }
        guard let typeReader = m.required("type", "one of: \(types)"),
              let type = typeReader.string("a component type, one of: \(types)")
        else { return nil }
        switch type {
        case "station":
            m.rejectUnknownKeys(allowed: stationKeys)
            let station = StationModel(
                servers: Field(m.value("servers")) { $0.integer(atLeast: 1) }.defaulting(to: 1, at: m.reader.ref),
                capacity: Field(m.value("capacity")) { $0.integer(atLeast: 1) },
                timeout: Field(m.value("timeout")) { $0.duration(.positive) },
                service: Field(m.value("service"), DistributionReader.read)
            )
            return .station(station)
        default:
            typeReader.error(
                "unknown component type '\(type)' (expected one of: \(types))",
                suggestion: Suggestion.nearest(to: type, in: ComponentKind.typeNames)
            )
            return nil
        }
    }

    // MARK: - flows

    private static func flows(_ reader: NodeReader) -> FlowsModel? {
        guard let m = reader.mapping("a mapping from class names to lists of steps") else { return nil }
        guard !m.entries.isEmpty else {
            reader.error("expected at least one flow, found an empty mapping")
            return nil
        }
        return FlowsModel(ref: reader.ref, flows: m.entries.map { entry in
            FlowModel(className: entry.key, ref: entry.keyRef, steps: steps(entry.value))
        })
    }

    /// A non-empty list of steps, or `nil` after reporting.
    private static func steps(_ reader: NodeReader) -> [StepModel]? {
        guard let items = reader.list("a list of steps such as [ { visit: server } ]") else { return nil }
        guard !items.isEmpty else {
            reader.error("expected at least one step, found an empty list")
            return nil
        }
        return items.map(step)
    }

    private static func step(_ reader: NodeReader) -> StepModel {
        let expected = "a step such as { visit: server } or { branch: [ … ] }"
        guard let m = reader.mapping(expected) else { return .invalid }
        let kinds = StepModel.kindNames.filter { m.entry($0) != nil }
        switch kinds {
        case ["visit"]:
            m.rejectUnknownKeys(allowed: ["visit", "time"])
            let componentReader = m.required("visit", "the name of a component")
            return .visit(VisitModel(
                ref: reader.ref,
                component: componentReader?.string("the name of a component"),
                componentRef: componentReader?.ref ?? reader.ref,
                time: Field(m.value("time"), DistributionReader.read)
            ))
        case ["branch"]:
            m.rejectUnknownKeys(allowed: ["branch"])
            guard let arms = m.required("branch", "a list of arms such as [ { p: 30%, do: [ … ] } ]") else {
                return .invalid
            }
            return branch(arms)
        case []:
            guard let first = m.entries.first(where: {
                Suggestion.nearest(to: $0.key, in: StepModel.kindNames) != nil
            }) ?? m.entries.first else {
                reader.error("expected \(expected), found an empty mapping")
                return .invalid
            }
            reader.sink.report(
                "unknown step kind '\(first.key)' (expected one of: \(StepModel.kindNames.joined(separator: ", ")))",
                at: first.keyRef,
                suggestion: Suggestion.nearest(to: first.key, in: StepModel.kindNames)
            )
            return .invalid
        default:
            reader.error("a step has exactly one kind, found \(kinds.map { "'\($0)'" }.joined(separator: " and "))")
            return .invalid
        }
    }

    private static func branch(_ reader: NodeReader) -> StepModel {
        guard let items = reader.list("a list of arms such as [ { p: 30%, do: [ … ] } ]") else { return .invalid }
        guard !items.isEmpty else {
            reader.error("expected at least one arm, found an empty list")
            return .invalid
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
                steps: m.required("do", "a list of steps").flatMap(steps)
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
                return .invalid
            }
        }
        return .branch(arms)
    }
}
