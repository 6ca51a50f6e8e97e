import Foundation

/// One axis of a sweep: a model path and the values it takes, as YAML scalars.
public struct SweepAxis: Sendable, Equatable, Codable {
    public var path: String
    public var values: [String]

    public init(path: String, values: [String]) {
        self.path = path
        self.values = values
    }
}

/// The unit parsers a range uses (HeadroomModeling's `Units.rate`, `.duration`, `.fraction`),
/// passed in because this module does not depend on the model loader.
public struct SweepUnits: Sendable {
    public var rate: @Sendable (String) -> Double?
    public var duration: @Sendable (String) -> Double?
    public var fraction: @Sendable (String) -> Double?

    public init(
        rate: @escaping @Sendable (String) -> Double?, duration: @escaping @Sendable (String) -> Double?,
        fraction: @escaping @Sendable (String) -> Double?
    ) {
        self.rate = rate
        self.duration = duration
        self.fraction = fraction
    }
}

/// A grid parsing error, worded for the user.
public struct SweepGridError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Parsing of `--set PATH=VALUES` sweep axes and the Cartesian product of the axes.
public enum SweepGrid {
    /// Most points a single axis may generate from a range.
    public static let maximumRangeValues = 100_000

    /// Parses `PATH=VALUES`, VALUES a comma list (`2,4,8`) or a range `START..END:STEP`.
    public static func axis(_ text: String, units: SweepUnits) throws -> SweepAxis {
        guard let equals = text.firstIndex(of: "=") else {
            throw SweepGridError("sweep axis '\(text)' is not PATH=VALUES")
        }
        let path = text[..<equals].trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty else { throw SweepGridError("sweep axis '\(text)' has an empty path") }
        let values = try self.values(String(text[text.index(after: equals)...]), units: units)
        return SweepAxis(path: path, values: values)
    }

    /// Parses VALUES: a comma list or a range `START..END:STEP`.
    public static func values(_ text: String, units: SweepUnits) throws -> [String] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.contains("..") { return try range(trimmed, units: units) }
        let items = trimmed.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !items.isEmpty, !items.contains(where: \.isEmpty) else {
            throw SweepGridError("sweep values '\(text)' have an empty item")
        }
        return items
    }

    /// The kind of a range's numbers, from START.
    enum Kind: Equatable {
        case rate, duration, fraction, plain

        func parse(_ text: String, _ units: SweepUnits) -> Double? {
            switch self {
            case .rate: return units.rate(text)
            case .duration: return units.duration(text)
            case .fraction: return text.hasSuffix("%") ? units.fraction(text) : nil
            case .plain: return Double(text.replacingOccurrences(of: "_", with: ""))
            }
        }
    }

    /// Expands `START..END:STEP` into values formatted in START's unit.
    static func range(_ text: String, units: SweepUnits) throws -> [String] {
        guard let dots = text.range(of: ".."), let colon = text.lastIndex(of: ":"), colon > dots.upperBound else {
            throw SweepGridError("sweep range '\(text)' is not START..END:STEP")
        }
        let startText = text[..<dots.lowerBound].trimmingCharacters(in: .whitespaces)
        let endText = text[dots.upperBound..<colon].trimmingCharacters(in: .whitespaces)
        let stepText = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        let kind: Kind
        let start: Double
        if let v = Kind.rate.parse(startText, units) {
            (kind, start) = (.rate, v)
        } else if startText.contains(where: \.isLetter), let v = Kind.duration.parse(startText, units) {
            (kind, start) = (.duration, v)
        } else if let v = Kind.fraction.parse(startText, units) {
            (kind, start) = (.fraction, v)
        } else if let v = Kind.plain.parse(startText, units) {
            (kind, start) = (.plain, v)
        } else {
            throw SweepGridError("sweep range '\(text)': START '\(startText)' is not a rate, duration, fraction or number")
        }
        guard let end = kind.parse(endText, units) else {
            throw SweepGridError("sweep range '\(text)': END '\(endText)' is not a \(kind) like START '\(startText)' (mixed units)")
        }
        guard let step = kind.parse(stepText, units) else {
            throw SweepGridError("sweep range '\(text)': STEP '\(stepText)' is not a \(kind) like START '\(startText)' (mixed units)")
        }
        guard step > 0, step.isFinite else { throw SweepGridError("sweep range '\(text)': STEP must be positive") }
        guard end >= start else { throw SweepGridError("sweep range '\(text)': END is less than START") }
        let tolerance = 1e-9 * Swift.max(abs(start), abs(end), step)
        // Compared while a Double: (1e300 − 1) / 1 overflows Int (or is ∞, or NaN for ∞ − ∞).
        let steps = ((end - start + tolerance) / step).rounded(.down)
        guard steps.isFinite, steps < Double(maximumRangeValues) else {
            throw SweepGridError("sweep range '\(text)' has more than \(maximumRangeValues) values")
        }
        let count = Int(steps) + 1
        let (unit, factor) = unitOf(startText, kind: kind, units: units)
        return (0..<count).map { i in
            let value = start + Double(i) * step
            return number(value / factor) + unit
        }
    }

    /// START's unit text and its size in base units.
    static func unitOf(_ text: String, kind: Kind, units: SweepUnits) -> (String, Double) {
        switch kind {
        case .plain: return ("", 1)
        case .fraction: return ("%", 0.01)
        case .rate, .duration:
            guard let lastDigit = text.lastIndex(where: { $0.isASCII && $0.isNumber }) else { return ("", 1) }
            var unit = text[text.index(after: lastDigit)...].trimmingCharacters(in: .whitespaces)
            if unit.isEmpty { unit = kind == .rate ? "/s" : "s" }
            let factor = (kind == .rate ? units.rate("1" + unit) : units.duration("1" + unit)) ?? 1
            return (unit, factor)
        }
    }

    /// A number as a short YAML scalar: integers without a fraction, else up to 12 digits.
    static func number(_ value: Double) -> String {
        let text = String(format: "%.12g", value)
        return text.contains("e") ? String(value) : text
    }

    /// An axis value in base units (requests per second, seconds, a fraction, a plain number),
    /// read as a range's START is; nil when it is none of these (a name such as `round_robin`).
    /// For CSV columns that spreadsheets can plot.
    public static func baseValue(_ text: String, units: SweepUnits) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let v = Kind.rate.parse(trimmed, units) { return v }
        if trimmed.contains(where: \.isLetter), let v = Kind.duration.parse(trimmed, units) { return v }
        if let v = Kind.fraction.parse(trimmed, units) { return v }
        return Kind.plain.parse(trimmed, units)
    }

    /// The axes as the store keeps them (`sweeps.grid`): `[{"path": …, "values": […]}]` with
    /// sorted keys and no spaces, so the same grid gives the same text on every machine (the
    /// identity of a sharded sweep is a digest of it, see ``SweepIdentity``).
    public static func json(_ axes: [SweepAxis]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and arrays of strings cannot fail.
        return String(decoding: (try? encoder.encode(axes)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// Reads ``json(_:)``'s text back; nil when it is not a list of axes.
    public static func axes(json text: String) -> [SweepAxis]? {
        try? JSONDecoder().decode([SweepAxis].self, from: Data(text.utf8))
    }

    /// The Cartesian product of the axes, first axis slowest: each point is one value per axis,
    /// as `PATH=VALUE` overrides in axis order.
    public static func points(_ axes: [SweepAxis]) -> [[String]] {
        var points: [[String]] = [[]]
        for axis in axes {
            points = points.flatMap { prefix in axis.values.map { prefix + ["\(axis.path)=\($0)"] } }
        }
        return axes.isEmpty ? [] : points
    }
}
