import HeadroomComponents

/// Reads the document tree into a typed `Model`, applying defaults and reporting every problem
/// that a single node shows: unknown keys, wrong kinds, missing keys, bad units and ranges,
/// distribution parameters, branch probabilities.
///
/// This file reads the document, `traffic` and `slo`; `ComponentReader` reads `components`,
/// `StepReader` reads `flows` and every other list of steps, `ProfileReader` and `ClientReader`
/// a class's `profile` and `client`, `ReplayReader` `traffic.replay`, `TimelineReader` `timeline`,
/// `AutoscalingReader` `autoscaling`, `AlertReader` `alerts`, `CostReader` `cost` and
/// `PlanSectionReader` `plan`.
enum ModelReader {
    /// The keys of the document, in the order the format documents them.
    static let documentKeys = [
        "name", "duration", "warmup", "seed", "window", "limits", "traffic", "components", "flows", "timeline",
        "autoscaling", "slo", "alerts", "alert_defaults", "cost", "plan",
    ]
    /// The keys of `traffic`.
    static let trafficKeys = ["rate", "scale", "profile", "classes", "replay"]
    /// The keys of a class in `traffic.classes`.
    static let classKeys = ["share", "rate", "keys", "tenants", "sessions", "profile", "client"]
    /// The keys of `slo`.
    static let serviceLevelKeys = ["p99", "errors"]

    /// The default of `limits.max_in_system`.
    static let defaultMaxInSystem = 1_000_000
    /// The default of `seed`.
    static let defaultSeed: UInt64 = 1
    /// The name of the single class of a model without `traffic.classes`.
    static let defaultClassName = "default"

    /// Reads the document's root; `nil` when the root is not a mapping (reported). `directory`
    /// is the model file's directory (`""` for the current one): CSV profiles are read from it.
    static func read(_ root: NodeReader, defaultName: String, directory: String) -> Model? {
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
            traffic: document.required("traffic", "a mapping with rate and/or classes").flatMap {
                traffic($0, directory: directory)
            },
            components: document.required("components", "a mapping from component names to components")
                .flatMap(ComponentReader.components),
            flows: document.required("flows", "a mapping from class names to lists of steps").flatMap(StepReader.flows),
            window: Field(document.value("window")) { $0.duration(.positive) },
            slo: Field(document.value("slo"), serviceLevel),
            alerts: document.value("alerts").map(AlertReader.alerts) ?? [],
            alertDefaults: Field(document.value("alert_defaults")) { $0.boolean() }
                .defaulting(to: true, at: document.reader.ref),
            timeline: document.value("timeline").map(TimelineReader.timeline) ?? [],
            autoscaling: document.value("autoscaling").map(AutoscalingReader.autoscalers) ?? [],
            cost: Field(document.value("cost"), CostReader.read),
            plan: document.value("plan").map(PlanSectionReader.read) ?? []
        )
    }

    // MARK: - slo

    /// `{ p99: 500ms, errors: 1% }`: the highest acceptable p99 (a duration > 0, seconds) and
    /// share of requests that end in an error (a fraction in [0, 1]); at least one of them.
    private static func serviceLevel(_ reader: NodeReader) -> ServiceLevel? {
        guard let m = reader.mapping("a service level such as { p99: 500ms, errors: 1% }") else { return nil }
        m.rejectUnknownKeys(allowed: serviceLevelKeys)
        let p99 = Field(m.value("p99")) { $0.duration(.positive) }
        let errors = Field(m.value("errors")) { $0.fraction(allowZero: true) }
        guard p99.isGiven || errors.isGiven else {
            if m.entries.allSatisfy({ serviceLevelKeys.contains($0.key) }) {
                reader.error("expected p99, errors or both, such as { p99: 500ms, errors: 1% }, found neither")
            }
            return nil
        }
        guard p99.value != nil || !p99.isGiven, errors.value != nil || !errors.isGiven else { return nil }
        return ServiceLevel(p99: p99.value, errorRate: errors.value)
    }

    // MARK: - traffic

    private static func traffic(_ reader: NodeReader, directory: String) -> TrafficModel? {
        guard let m = reader.mapping("a mapping with rate and/or classes") else { return nil }
        m.rejectUnknownKeys(allowed: trafficKeys)
        var model = TrafficModel(
            ref: m.reader.ref, rate: Field(m.value("rate")) { $0.rate() },
            scale: Field(m.value("scale")) { $0.positiveNumber() },
            profile: Field(m.value("profile")) { ProfileReader.read($0, directory: directory) },
            profileIsCSV: ProfileReader.isCSV(m.value("profile")), classes: nil, classesInvalid: false, classesRef: nil
        )
        guard let classesReader = m.value("classes") else {
            model.replay = Field(m.value("replay")) {
                ReplayReader.read($0, directory: directory, classNames: [defaultClassName])
            }
            return model
        }
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
            guard let c = entry.value.mapping("a class such as { share: 70% } or { rate: 2/s }") else {
                return ClassModel(
                    name: entry.key, ref: entry.keyRef, share: .invalid, rate: .invalid, keys: .invalid,
                    tenants: .invalid, sessions: .invalid, profile: .invalid, profileIsCSV: false, client: .invalid,
                    isReadable: false
                )
            }
            c.rejectUnknownKeys(allowed: classKeys)
            return ClassModel(
                name: entry.key,
                ref: entry.keyRef,
                share: Field(c.value("share")) { $0.fraction(allowZero: false) },
                rate: Field(c.value("rate")) { $0.rate() },
                keys: Field(c.value("keys"), popularity),
                tenants: Field(c.value("tenants"), popularity),
                sessions: Field(c.value("sessions"), popularity),
                profile: Field(c.value("profile")) { ProfileReader.read($0, directory: directory) },
                profileIsCSV: ProfileReader.isCSV(c.value("profile")),
                client: Field(c.value("client"), ClientReader.read)
            )
        }
        let classNames = model.classes?.map(\.name) ?? []
        model.replay = Field(m.value("replay")) { ReplayReader.read($0, directory: directory, classNames: classNames) }
        return model
    }

    /// `{ count: N, zipf: s }`: N items, item i picked with probability ∝ 1/i^s (s = 0, the
    /// default, is uniform).
    private static func popularity(_ reader: NodeReader) -> Popularity? {
        guard let m = reader.mapping("a popularity such as { count: 100000, zipf: 1.1 }") else { return nil }
        m.rejectUnknownKeys(allowed: ["count", "zipf"])
        let count = m.required("count", "an integer ≥ 1")?.integer(atLeast: 1, atMost: Bounds.population)
        let zipf = Field(m.value("zipf")) { $0.nonNegativeNumber() }.defaulting(to: 0, at: m.reader.ref)
        guard let count, let zipf = zipf.value else { return nil }
        return Popularity(count: count, zipf: zipf)
    }
}
