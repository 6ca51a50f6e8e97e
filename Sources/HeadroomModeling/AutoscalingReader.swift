import HeadroomComponents

/// Reads `autoscaling`: target-tracking policies that change an app server's replicas or a
/// queue's workers. Whether the component exists and suits the metric, one policy per component,
/// and min ≤ replicas ≤ max, are `ModelValidator`'s.
enum AutoscalingReader {
    /// The keys of a policy.
    static let keys = ["component", "metric", "target", "interval", "provisioning", "cooldown", "min", "max"]
    /// What a policy looks like, for messages.
    static let expected = "an autoscaler such as { component: app, metric: cpu, target: 60%, min: 2, max: 12 }"
    /// The metric names, in the order messages list them.
    static let metrics = AutoscaleMetric.allCases.map(\.rawValue)

    /// The default `interval`, seconds between decisions.
    static let defaultInterval = 60.0
    /// The default `provisioning`, seconds before a new replica or worker serves.
    static let defaultProvisioning = 90.0
    /// The default `cooldown`, seconds after a change before the next one.
    static let defaultCooldown = 300.0
    /// The default `min`.
    static let defaultMin = 1

    /// Reads the `autoscaling` list, in file order; entries that are not mappings are reported
    /// and left out.
    static func autoscalers(_ reader: NodeReader) -> [AutoscalerModel] {
        guard let items = reader.list("a list of autoscalers such as [ \(expected) ]") else { return [] }
        return items.compactMap(autoscaler)
    }

    private static func autoscaler(_ reader: NodeReader) -> AutoscalerModel? {
        guard let m = reader.mapping(expected) else { return nil }
        m.rejectUnknownKeys(allowed: keys)
        let here = m.reader.ref
        let needs: [ComponentType] = [.appServer, .queue]
        let component = m.required("component", "the name of an app_server or a queue component")
        let metric = Field<AutoscaleMetric>(required: m.required("metric", "one of: \(metrics.joined(separator: ", "))")) {
            $0.choice(metrics, noun: "metric").flatMap(AutoscaleMetric.init(rawValue:))
        }
        let targetReader = m.required("target", "a target such as 60% (cpu), 100 (queue_depth) or 500ms (p99)")
        let target: Field<Double>
        switch metric.value {
        case .cpu?:
            target = Field(required: targetReader) { $0.fraction(allowZero: false) }
        case .queueDepth?:
            target = Field(required: targetReader) { $0.positiveNumber() }
        case .p99?:
            target = Field(required: targetReader) { $0.duration(.positive) }
        case nil:
            // Without a metric the target's unit is unknown; the metric's problem is reported.
            target = .invalid
        }
        return AutoscalerModel(
            ref: reader.ref,
            component: ComponentTarget(
                key: "component", needs: needs,
                name: component?.string("the name of an app_server or a queue component"), ref: component?.ref ?? here
            ),
            metric: metric,
            target: target,
            interval: Field(m.value("interval")) { $0.duration(.positive) }.defaulting(to: defaultInterval, at: here),
            provisioning: Field(m.value("provisioning")) { $0.duration(.nonNegative) }
                .defaulting(to: defaultProvisioning, at: here),
            cooldown: Field(m.value("cooldown")) { $0.duration(.nonNegative) }.defaulting(to: defaultCooldown, at: here),
            min: Field(m.value("min")) { $0.integer(atLeast: 1, atMost: Bounds.servers) }.defaulting(to: defaultMin, at: here),
            max: Field(required: m.required("max", "an integer ≥ min, the most replicas or workers")) {
                $0.integer(atLeast: 1, atMost: Bounds.servers)
            }
        )
    }
}
