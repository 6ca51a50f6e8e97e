import HeadroomComponents

/// A JSON Schema (draft-07) of the model format, for editors with the YAML language server:
/// completion and checking of keys, kinds and ranges as the file is typed. The components come
/// from their parameter tables; the rest of the document from the readers' key lists. `headroom
/// schema` prints it and docs/headroom.schema.json holds a copy (a test fails when it is stale).
///
/// The schema is looser than the reader where YAML cannot say more (a duration is a string with
/// a unit, a rule joining several keys is the validator's): a file the schema accepts may still
/// get a message from `headroom validate`, never the other way round for the keys it lists.
public enum ModelSchema {
    /// The schema as pretty-printed JSON.
    public static var text: String { document.text }

    static var document: OrderedJSON {
        .object([
            ("$schema", .string("http://json-schema.org/draft-07/schema#")),
            ("title", .string("Headroom model")),
            ("description", .string("A Headroom model file: traffic, components and flows (docs/model-format.md).")),
            ("type", .string("object")),
            ("required", .array(["duration", "traffic", "components", "flows"].map(OrderedJSON.string))),
            ("additionalProperties", .bool(false)),
            ("properties", .object(documentProperties)),
            ("definitions", .object(definitions)),
        ])
    }

    // MARK: The document

    private static var documentProperties: [(String, OrderedJSON)] {
        let properties: [String: OrderedJSON] = [
            "name": described(.object([("type", .string("string"))]), "the model's name (default: the file name)"),
            "duration": described(ref("duration"), "simulated time of one run"),
            "warmup": described(ref("duration"), "simulated time discarded at the start (default 0)"),
            "seed": described(integer(0...Int.max), "seed of the random streams (default 1)"),
            "window": described(ref("duration"), "length of one time-series window"),
            "limits": object(["max_in_system": described(integer(1...Int.max), "most requests in the system at once")]),
            "traffic": ref("traffic"),
            "components": described(
                .object([
                    ("type", .string("object")), ("minProperties", .integer(1)),
                    ("additionalProperties", ref("component")),
                ]),
                "the components by name"
            ),
            "flows": described(
                .object([("type", .string("object")), ("additionalProperties", ref("steps"))]),
                "the steps of each class's requests, by class name"
            ),
            "timeline": .object([("type", .string("array")), ("items", ref("timelineEvent"))]),
            "autoscaling": .object([
                ("type", .string("array")),
                ("items", object(anyValues(AutoscalingReader.keys), required: ["component", "metric", "target", "max"])),
            ]),
            "slo": object([
                "p99": described(ref("duration"), "highest acceptable p99 latency"),
                "errors": described(ref("fraction"), "highest acceptable share of requests that end in an error"),
            ]),
            "alerts": .object([("type", .string("array")), ("items", object(anyValues(AlertReader.keys)))]),
            "alert_defaults": described(.object([("type", .string("boolean"))]), "whether the seed's alerts come first"),
            "cost": described(object(anyValues(CostReader.keys)), "prices: currency, period and per component kind"),
            "plan": described(object(anyValues(PlanSectionReader.keys)), "the design space `headroom plan` searches"),
        ]
        return ModelReader.documentKeys.map { ($0, properties[$0] ?? .object([])) }
    }

    private static var traffic: OrderedJSON {
        let own: [String: OrderedJSON] = [
            "rate": described(ref("rate"), "arrivals per unit of time, shared out by the classes' `share`"),
            "scale": described(ref("number"), "multiplies every class's rate"),
            "profile": described(ref("profile"), "how the rate varies over time"),
            "classes": .object([("type", .string("object")), ("additionalProperties", ref("class"))]),
            "replay": described(
                .object([("anyOf", .array([.object([("type", .string("string"))]), object(anyValues(ReplayReader.keys))]))]),
                "a recorded trace to replay instead of Poisson arrivals: its file, or a mapping with file and rules"
            ),
        ]
        return object(ModelReader.trafficKeys.map { ($0, own[$0] ?? .object([])) })
    }

    private static var trafficClass: OrderedJSON {
        let own: [String: OrderedJSON] = [
            "share": described(ref("fraction"), "share of traffic.rate"),
            "rate": described(ref("rate"), "the class's own rate"),
            "keys": ref("popularity"), "tenants": ref("popularity"), "sessions": ref("popularity"),
            "profile": ref("profile"),
            "client": object(anyValues(ClientReader.keys)),
        ]
        return object(ModelReader.classKeys.map { ($0, own[$0] ?? .object([])) })
    }

    // MARK: Components, from their parameter tables

    private static var component: OrderedJSON {
        .object([
            ("type", .string("object")),
            ("required", .array([.string("type")])),
            ("properties", .object([("type", .object([("enum", .array(ComponentType.names.map(OrderedJSON.string)))]))])),
            ("oneOf", .array(ComponentType.allCases.map { .object([("$ref", .string("#/definitions/\($0.rawValue)"))]) })),
        ])
    }

    private static func component(_ table: ParameterTableDescription) -> OrderedJSON {
        var properties: [(String, OrderedJSON)] = [("type", .object([("const", .string(table.type.rawValue))]))]
        for entry in table.entries { properties.append((entry.key, property(entry))) }
        let required = ["type"] + table.entries.filter { if case .required = $0.presence { true } else { false } }.map(\.key)
        return .object([
            ("description", .string(table.summary)),
            ("type", .string("object")),
            ("required", .array(required.map(OrderedJSON.string))),
            ("additionalProperties", .bool(false)),
            ("properties", .object(properties)),
        ])
    }

    /// One parameter: its value's schema with the docs' line and default as its description.
    private static func property(_ entry: ParameterTableDescription.Entry) -> OrderedJSON {
        let defaultText = ReferenceDocs.defaultText(entry).replacingOccurrences(of: "**", with: "")
        return described(value(entry.kind), "\(entry.doc) (default: \(defaultText))")
    }

    private static func value(_ kind: ParameterKindDescription) -> OrderedJSON {
        switch kind {
        case .integer(let range): integer(range)
        case .duration: ref("duration")
        case .fraction: ref("fraction")
        case .rate: ref("rate")
        case .price: ref("number")
        case .boolean: .object([("type", .string("boolean"))])
        case .choice(let names): .object([("enum", .array(names.map(OrderedJSON.string)))])
        case .distribution: ref("distribution")
        case .weights: .object([("type", .string("array")), ("minItems", .integer(1)), ("items", ref("number"))])
        case .healthCheck: ref("healthCheck")
        case .structured(.component(let type)): described(.object([("type", .string("string"))]), "the name of \(type.withArticle)")
        case .structured(.shardCores):
            .object([
                ("type", .string("object")),
                ("propertyNames", .object([("pattern", .string("^[0-9]+$"))])),
                ("additionalProperties", integer(1...Bounds.servers)),
            ])
        case .structured(.steps): ref("steps")
        }
    }

    private static var healthCheck: OrderedJSON {
        let table = HealthCheckSpec.reference
        return .object([
            ("type", .string("object")),
            ("additionalProperties", .bool(false)),
            ("properties", .object(table.entries.map { ($0.key, property($0)) })),
        ])
    }

    // MARK: Steps and time

    private static var step: OrderedJSON {
        var properties: [(String, OrderedJSON)] = []
        for keyword in StepKeyword.allCases {
            let schema: OrderedJSON = switch keyword {
            case .delay: ref("distribution")
            case .parallel: .object([("type", .string("object")), ("additionalProperties", ref("steps"))])
            case .branch: .object([("type", .string("array")), ("items", object(["p": ref("fraction"), "do": ref("steps")]))])
            case .visit, .work, .with, .cacheGet, .cacheSet, .invalidate, .read, .write, .crossShard, .enqueue, .limit:
                described(.object([("type", .string("string"))]), "the name of \(keyword.needs.map(\.withArticle) ?? "a component")")
            }
            properties.append((keyword.rawValue, schema))
        }
        properties += [
            ("time", ref("distribution")), ("consistent", .object([("type", .string("boolean"))])),
            ("do", ref("steps")), ("on_hit", ref("steps")), ("on_miss", ref("steps")),
        ]
        return .object([
            ("type", .string("object")),
            ("minProperties", .integer(1)),
            ("additionalProperties", .bool(false)),
            ("properties", .object(properties)),
        ])
    }

    private static var timelineEvent: OrderedJSON {
        var keys = ["at"]
        for keyword in TimelineKeyword.allCases {
            keys.append(keyword.rawValue)
            for key in keyword.otherKeys where !keys.contains(key) { keys.append(key) }
        }
        return object(anyValues(keys), required: ["at"])
    }

    // MARK: Values

    private static var definitions: [(String, OrderedJSON)] {
        let number = "([0-9][0-9_]*\\.?[0-9_]*|\\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?"
        return [
            ("duration", described(.object([("anyOf", .array([
                .object([("const", .integer(0))]),
                .object([("type", .string("string")), ("pattern", .string("^\\s*\(number)\\s*(ns|us|µs|μs|ms|s|m|min|h|d)\\s*$"))]),
            ]))]), "a duration with its unit, such as 250us, 8ms, 2s, 10m, 1h, 1d (0 needs none)")),
            ("rate", described(.object([
                ("type", .string("string")), ("pattern", .string("^\\s*\(number)\\s*/\\s*(s|m|min|h|d)\\s*$")),
            ]), "a rate such as 1200/s, 5/m, 100/h")),
            ("fraction", described(.object([("anyOf", .array([
                .object([("type", .string("number")), ("minimum", .integer(0)), ("maximum", .integer(1))]),
                .object([("type", .string("string")), ("pattern", .string("^\\s*\(number)\\s*%\\s*$"))]),
            ]))]), "a fraction such as 80% or 0.8")),
            ("number", .object([("anyOf", .array([
                .object([("type", .string("number")), ("minimum", .integer(0))]),
                .object([("type", .string("string")), ("pattern", .string("^\\s*\(number)\\s*$"))]),
            ]))])),
            ("distribution", described(.object([("anyOf", .array([
                ref("duration"),
                .object([("type", .string("object")), ("minProperties", .integer(1))]),
            ]))]), "a distribution such as 5ms, { exponential: 5ms } or { p50: 3ms, p99: 20ms }")),
            ("profile", .object([("type", .string("object"))])),
            ("popularity", object(["count": integer(1...Bounds.population), "zipf": ref("number")], required: ["count"])),
            ("traffic", traffic),
            ("class", trafficClass),
            ("steps", .object([("type", .string("array")), ("items", ref("step"))])),
            ("step", step),
            ("timelineEvent", timelineEvent),
            ("healthCheck", healthCheck),
            ("component", component),
        ] + ComponentType.allCases.map { ($0.rawValue, component($0.table)) }
    }

    // MARK: Building blocks

    private static func ref(_ name: String) -> OrderedJSON {
        .object([("$ref", .string("#/definitions/\(name)"))])
    }

    private static func integer(_ range: ClosedRange<Int>) -> OrderedJSON {
        var exact: [(String, OrderedJSON)] = [("type", .string("integer")), ("minimum", .integer(range.lowerBound))]
        if range.upperBound != Int.max { exact.append(("maximum", .integer(range.upperBound))) }
        // `1_000_000` is a string to a YAML 1.2 parser.
        return .object([("anyOf", .array([
            .object(exact), .object([("type", .string("string")), ("pattern", .string("^[0-9][0-9_]*$"))]),
        ]))])
    }

    private static func described(_ schema: OrderedJSON, _ description: String) -> OrderedJSON {
        guard case .object(let members) = schema else { return schema }
        return .object([("description", .string(description))] + members)
    }

    /// Keys that may hold anything (the reader checks them): for completion of their names.
    private static func anyValues(_ keys: [String]) -> [(String, OrderedJSON)] {
        keys.map { ($0, .object([])) }
    }

    private static func object(_ properties: [String: OrderedJSON], required: [String] = []) -> OrderedJSON {
        object(properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, required: required)
    }

    private static func object(_ properties: [(String, OrderedJSON)], required: [String] = []) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [("type", .string("object"))]
        if !required.isEmpty { members.append(("required", .array(required.map(OrderedJSON.string)))) }
        members += [("additionalProperties", .bool(false)), ("properties", .object(properties))]
        return .object(members)
    }
}
