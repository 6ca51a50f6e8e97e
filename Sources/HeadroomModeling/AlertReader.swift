import HeadroomComponents

/// Reads `alerts`: rules on time-series metrics, each firing when its metric stays above a
/// threshold for a while. Whether a named component exists is `ModelValidator`'s.
enum AlertReader {
    /// The keys of an alert.
    static let keys = ["name", "component", "metric", "above", "for"]
    /// What an alert looks like, for messages.
    static let expected = "an alert such as { component: app, metric: utilization, above: 85%, for: 2m }"
    /// The default `for`, seconds: the first window above the threshold fires.
    static let defaultHoldFor = 0.0

    /// Reads the `alerts` list; entries that are not mappings are reported and left out.
    static func alerts(_ reader: NodeReader) -> [AlertModel] {
        guard let items = reader.list("a list of alerts such as [ \(expected) ]") else { return [] }
        return items.compactMap(alert)
    }

    private static func alert(_ reader: NodeReader) -> AlertModel? {
        guard let m = reader.mapping(expected) else { return nil }
        m.rejectUnknownKeys(allowed: keys)
        let component = m.value("component").map { value in
            ComponentTarget(
                key: "component", needs: ComponentType.allCases, name: value.string("the name of a component"),
                ref: value.ref
            )
        }
        let aboveReader = m.required("above", "a threshold such as 0.8, 85% or 500ms")
        let metric = Field(required: m.required("metric", "a metric name such as latency_p99 or utilization"), metricName)
        var threshold = Field(required: aboveReader, threshold)
        if let value = threshold.value, let name = metric.value, name.hasPrefix("latency"), value != 0,
           let aboveReader, let text = aboveReader.scalarText, Units.splitNumber(text)?.1.isEmpty == true {
            aboveReader.error(
                "'\(text)' has no unit, but \(name) is a time; add a unit, e.g. \(text.trimmingSpaces)ms "
                    + "(a bare number would be seconds)"
            )
            threshold = .invalid
        }
        return AlertModel(
            ref: reader.ref,
            name: Field(m.value("name")) { $0.string("a name for the alert") },
            component: component,
            metric: metric,
            threshold: threshold,
            thresholdText: aboveReader?.scalarText?.trimmingSpaces,
            holdFor: Field(m.value("for")) { $0.duration(.nonNegative) }.defaulting(to: defaultHoldFor, at: m.reader.ref)
        )
    }

    /// A time-series metric name: snake_case, lower-case letters and digits in words joined by
    /// single underscores, starting with a letter (`latency_p99`, `utilization`).
    private static func metricName(_ reader: NodeReader) -> String? {
        let expected = "a metric name in snake_case such as latency_p99, error_rate or utilization"
        guard let text = reader.string(expected) else { return nil }
        guard isSnakeCase(text) else {
            let fixed = text.trimmingSpaces.lowercased().replacingOccurrences(of: "-", with: "_")
                .replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: ".", with: "_")
            reader.error("expected \(expected), found '\(text)'", suggestion: isSnakeCase(fixed) ? fixed : nil)
            return nil
        }
        return text
    }

    /// Whether `text` is lower-case words of letters and digits joined by single underscores,
    /// starting with a letter.
    static func isSnakeCase(_ text: String) -> Bool {
        let words = text.split(separator: "_", omittingEmptySubsequences: false)
        return text.first.map { ("a"..."z").contains($0) } == true
            && words.allSatisfy { word in
                !word.isEmpty && word.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
            }
    }

    /// A threshold ≥ 0: a bare number as is, a percentage as a fraction (`85%` → 0.85), a
    /// duration in seconds (`500ms` → 0.5), a rate per second (`60/m` → 1).
    private static func threshold(_ reader: NodeReader) -> Double? {
        let expected = "a threshold ≥ 0: a number, a percentage, a duration or a rate, such as 1000, 85%, 500ms or 900/s"
        guard let text = reader.scalar(expected) else { return nil }
        let value: Double
        switch (Units.readFraction(text), Units.readDuration(text), Units.readRate(text)) {
        case (.value(let fraction), _, _):
            value = fraction
        case (_, .value(let seconds), _):
            value = seconds
        case (_, _, .value(let perSecond)):
            value = perSecond
        case (_, .unknownUnit(let unit), _):
            reader.error(
                "unknown unit '\(unit)' in '\(text)' (expected none, %, a duration unit: \(Units.durationUnitList), "
                    + "or a rate unit: \(Units.rateUnitList))"
            )
            return nil
        default:
            reader.error("expected \(expected), found '\(text)'")
            return nil
        }
        guard value >= 0 else {
            reader.error("expected \(expected), found '\(text)'")
            return nil
        }
        return value
    }
}
