import HeadroomKernel

/// One key of a component kind's parameter table: the key a model file writes, the spec field it
/// sets, its kind, unit and range, whether it may be left out, and the line the reference docs
/// print for it.
///
/// Each kind declares its table once, beside its spec (`<Kind>.swift`). The model reader reads
/// every key from it (unknown keys, kinds, ranges, defaults), the builder takes the spec it fills
/// in, and `headroom schema` and the reference section of docs/model-format.md are generated from
/// it, so a parameter is written in one place (docs/architecture.md).
public struct Parameter<Spec> {
    /// The key in the model file, e.g. `servers`.
    public let key: String
    /// What it holds and where it goes in the spec.
    public let value: ParameterValue<Spec>
    /// Whether it may be left out, and what holds then.
    public let presence: ParameterPresence
    /// What it means, one line for the reference docs and the schema's description.
    public let doc: String

    public init(_ key: String, _ value: ParameterValue<Spec>, _ presence: ParameterPresence, _ doc: String) {
        self.key = key
        self.value = value
        self.presence = presence
        self.doc = doc
    }
}

/// Whether a parameter may be left out of a model file.
public enum ParameterPresence: Sendable {
    /// The file must give it.
    case required
    /// Absent, it takes the value the kind's template spec has (`ComponentParameters.template`);
    /// `note` says what that value means, e.g. "no cost reported".
    case defaulted(note: String? = nil)
    /// Absent, the spec holds no value (`nil`, empty); `meaning` says what that does, e.g.
    /// "unbounded" or "none (wait forever)".
    case optional(meaning: String)
}

/// What a parameter holds: its kind with its range (seconds for durations, a fraction in [0, 1]
/// for fractions), and the spec field it sets.
public enum ParameterValue<Spec> {
    /// An integer in `range`.
    case integer(WritableKeyPath<Spec, Int>, ClosedRange<Int>)
    /// An integer in `range`; absent is `nil`.
    case optionalInteger(WritableKeyPath<Spec, Int?>, ClosedRange<Int>)
    /// A duration > 0, seconds; absent is `nil`.
    case optionalDuration(WritableKeyPath<Spec, Double?>)
    /// A duration > 0, seconds.
    case duration(WritableKeyPath<Spec, Double>)
    /// A fraction in [0, 1] (`2%` or `0.02`).
    case fraction(WritableKeyPath<Spec, Double>)
    /// A rate > 0, per second (`100/s`, `6000/m`).
    case rate(WritableKeyPath<Spec, Double>)
    /// A price ≥ 0 in the model's currency per hour.
    case price(WritableKeyPath<Spec, Double>)
    /// `true` or `false`.
    case boolean(WritableKeyPath<Spec, Bool>)
    /// One of a fixed set of names.
    case choice(ParameterChoice<Spec>)
    /// A distribution of seconds.
    case distribution(WritableKeyPath<Spec, Distribution>)
    /// A distribution of seconds; absent is `nil`.
    case optionalDistribution(WritableKeyPath<Spec, Distribution?>)
    /// A load balancer's per-replica weights: a non-empty list of numbers > 0.
    case weights(WritableKeyPath<Spec, [Double]>)
    /// A load balancer's health check: a mapping with `HealthCheckSpec.parameters`; absent is `nil`.
    case healthCheck(WritableKeyPath<Spec, HealthCheckSpec?>)
    /// A structured value the kind's reader reads itself (a component name, a list, a mapping,
    /// steps); the table still gives its key, presence and doc line.
    case structured(ParameterStructure)
}

/// The structured values of the parameter tables, read by the model layer's own readers: what
/// the file gives is not yet the spec's value (a name becomes an index, steps become the
/// engine's steps) or carries positions the validator needs.
public enum ParameterStructure: Sendable {
    /// The name of a component of the given type.
    case component(ComponentType)
    /// A database's cores by shard: a mapping of shard number (from 0) to cores.
    case shardCores
    /// A non-empty list of steps (a queue's job).
    case steps
}

/// A parameter that names one of a fixed set of cases, e.g. a load-balancing policy.
public struct ParameterChoice<Spec> {
    /// The names a model file may write, in the order messages and docs list them.
    public let names: [String]
    /// Sets the case named `names[index]`.
    public let set: (inout Spec, Int) -> Void
    /// The name of the case `spec` holds (for the docs' default).
    public let name: (Spec) -> String

    /// The choice of every case of `Choice`, stored at `path`.
    public init<Choice: RawRepresentable & CaseIterable>(_ path: WritableKeyPath<Spec, Choice>)
    where Choice.RawValue == String {
        let cases = Array(Choice.allCases)
        names = cases.map(\.rawValue)
        set = { spec, index in spec[keyPath: path] = cases[index] }
        name = { spec in spec[keyPath: path].rawValue }
    }
}

/// A kind whose parameters a table lists: its spec type, the defaults of every parameter it does
/// not require, and the table itself.
public protocol ComponentParameters {
    /// The `type` a model file writes for it.
    static var componentType: ComponentType { get }
    /// One line on what the kind is, for the docs and the schema.
    static var summary: String { get }
    /// The spec every parameter left out keeps: the defaults, with placeholders for required
    /// parameters and for what the builder fills in (names, indices, steps).
    static var template: Self { get }
    /// The parameters, in the order the docs list them (`type` excluded).
    static var parameters: [Parameter<Self>] { get }
}

extension ComponentParameters {
    /// The keys a model file may give, `type` first.
    public static var keys: [String] { ["type"] + parameters.map(\.key) }
}

/// A parameter table with the spec type erased, for the docs and the schema: each key's kind,
/// range, default and doc line as plain values.
public struct ParameterTableDescription: Sendable {
    /// One key.
    public struct Entry: Sendable {
        public var key: String
        public var kind: ParameterKindDescription
        public var presence: ParameterPresence
        /// The default's value when `presence` is `.defaulted`.
        public var defaultValue: ParameterDefault?
        public var doc: String
    }

    public var type: ComponentType
    public var summary: String
    public var entries: [Entry]

    public init<Spec: ComponentParameters>(_ spec: Spec.Type) {
        self.init(nested: Spec.parameters, template: Spec.template, type: Spec.componentType, summary: Spec.summary)
    }

    /// The table of `parameters` with their defaults in `template`: a kind's, or a nested
    /// mapping's (a health check's, under the component `type` that holds it).
    public init<Spec>(nested parameters: [Parameter<Spec>], template: Spec, type: ComponentType, summary: String) {
        self.type = type
        self.summary = summary
        entries = parameters.map { p in
            Entry(key: p.key, kind: ParameterKindDescription(p.value), presence: p.presence,
                  defaultValue: ParameterDefault(p.value, in: template), doc: p.doc)
        }
    }
}

/// A parameter's kind and range without its key path.
public enum ParameterKindDescription: Sendable {
    case integer(ClosedRange<Int>)
    case duration
    case fraction
    case rate
    case price
    case boolean
    case choice([String])
    case distribution
    case weights
    case healthCheck
    case structured(ParameterStructure)

    init<Spec>(_ value: ParameterValue<Spec>) {
        switch value {
        case .integer(_, let range), .optionalInteger(_, let range): self = .integer(range)
        case .duration, .optionalDuration: self = .duration
        case .fraction: self = .fraction
        case .rate: self = .rate
        case .price: self = .price
        case .boolean: self = .boolean
        case .choice(let choice): self = .choice(choice.names)
        case .distribution, .optionalDistribution: self = .distribution
        case .weights: self = .weights
        case .healthCheck: self = .healthCheck
        case .structured(let structure): self = .structured(structure)
        }
    }
}

/// A default value, for the docs (`1`, `200us`, `round_robin`) and the schema.
public enum ParameterDefault: Sendable {
    case integer(Int)
    /// Seconds.
    case seconds(Double)
    /// A fraction in [0, 1].
    case fraction(Double)
    /// Per second.
    case rate(Double)
    case number(Double)
    case boolean(Bool)
    case name(String)
    case distribution(Distribution)

    /// The value `value` has in `template`; `nil` for optional and structured parameters.
    init?<Spec>(_ value: ParameterValue<Spec>, in template: Spec) {
        switch value {
        case .integer(let path, _): self = .integer(template[keyPath: path])
        case .duration(let path): self = .seconds(template[keyPath: path])
        case .fraction(let path): self = .fraction(template[keyPath: path])
        case .rate(let path): self = .rate(template[keyPath: path])
        case .price(let path): self = .number(template[keyPath: path])
        case .boolean(let path): self = .boolean(template[keyPath: path])
        case .choice(let choice): self = .name(choice.name(template))
        case .distribution(let path): self = .distribution(template[keyPath: path])
        case .optionalInteger, .optionalDuration, .optionalDistribution, .weights, .healthCheck, .structured: return nil
        }
    }
}
