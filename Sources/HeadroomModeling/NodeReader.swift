import HeadroomComponents
import Yams

/// Reads one YAML node into typed values, reporting every problem with the node's position and
/// key path to a shared `DiagnosticSink`.
///
/// Every reading method returns `nil` after reporting a problem, so callers only decide what to
/// do without the value; they never report the same problem again.
struct NodeReader {
    /// The node being read.
    let node: Node
    /// Where the node sits; for an empty value, where its key sits.
    let ref: SourceRef
    /// Where problems go.
    let sink: DiagnosticSink

    init(node: Node, ref: SourceRef, sink: DiagnosticSink) {
        self.node = node
        self.ref = ref
        self.sink = sink
    }

    /// A reader for the document's root node.
    init(root: Node, sink: DiagnosticSink) {
        self.init(node: root, ref: SourceRef(node: root, path: ""), sink: sink)
    }

    /// The dotted key path of the node.
    var path: String { ref.path }

    /// Reports a problem at this node.
    func error(_ message: String, suggestion: String? = nil) {
        sink.report(message, at: ref, suggestion: suggestion)
    }

    /// Whether the node is an empty value (`key:`, `~` or `null`), which the format treats as absent.
    var isNull: Bool {
        // Yams recognises null only in plain scalars: `''` and `'null'` are strings.
        node.null != nil
    }

    /// The node's kind as an error message names it: "a mapping", "a list", "'text'".
    var found: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull { return "an empty value" }
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            return "'\(text)'"
        }
    }

    /// The node's text when it is a non-empty scalar, without reporting anything otherwise.
    var scalarText: String? {
        guard case .scalar(let scalar) = node, !isNull else { return nil }
        return scalar.string
    }

    // MARK: - Kinds

    /// The node as a mapping, or `nil` after reporting "expected `expected`, found …".
    func mapping(_ expected: String) -> MappingReader? {
        guard case .mapping(let mapping) = node else {
            error("expected \(expected), found \(found)")
            return nil
        }
        return MappingReader(self, mapping)
    }

    /// The node's elements, each with its index path, or `nil` after reporting the wrong kind.
    func list(_ expected: String) -> [NodeReader]? {
        guard case .sequence(let sequence) = node else {
            error("expected \(expected), found \(found)")
            return nil
        }
        return sequence.enumerated().map { index, element in
            NodeReader(node: element, ref: SourceRef(node: element, path: ref.child(String(index))), sink: sink)
        }
    }

    /// The node's text, or `nil` after reporting that it is a mapping, a list or empty.
    func scalar(_ expected: String) -> String? {
        guard case .scalar(let scalar) = node, !isNull else {
            error("expected \(expected), found \(found)")
            return nil
        }
        return scalar.string
    }

    // MARK: - Typed scalars

    /// A non-empty string.
    func string(_ expected: String) -> String? {
        guard let text = scalar(expected) else { return nil }
        guard !text.isEmpty else {
            error("expected \(expected), found an empty string")
            return nil
        }
        return text
    }

    /// An integer of at least `minimum`, in messages "an integer ≥ minimum", and at most
    /// `maximum` when given (a bound that keeps the simulation's memory and counters in range).
    func integer(atLeast minimum: Int, atMost maximum: Int? = nil) -> Int? {
        let expected = "an integer ≥ \(minimum)"
        guard let text = scalar(expected) else { return nil }
        guard let value = Int(text.trimmingSpaces.replacingUnderscores) else {
            error("expected \(expected), found '\(text)'")
            return nil
        }
        guard value >= minimum else {
            error("expected \(expected), found \(value)")
            return nil
        }
        if let maximum, value > maximum {
            error("expected an integer ≤ \(maximum), found \(value)")
            return nil
        }
        return value
    }

    /// `true` or `false` (any letter case).
    func boolean() -> Bool? {
        let expected = "true or false"
        guard let text = scalar(expected) else { return nil }
        switch text.trimmingSpaces.lowercased() {
        case "true": return true
        case "false": return false
        default:
            error("expected \(expected), found '\(text)'")
            return nil
        }
    }

    /// One of `choices`, exactly as written there; `noun` names the value in messages
    /// ("policy", "router"), and a typo gets the nearest choice as a suggestion.
    func choice(_ choices: [String], noun: String) -> String? {
        let list = choices.joined(separator: ", ")
        guard let text = string("a \(noun), one of: \(list)") else { return nil }
        guard choices.contains(text) else {
            error("unknown \(noun) '\(text)' (expected one of: \(list))", suggestion: Suggestion.nearest(to: text, in: choices))
            return nil
        }
        return text
    }

    /// An unsigned 64-bit integer (a seed).
    func unsigned() -> UInt64? {
        let expected = "an integer ≥ 0"
        guard let text = scalar(expected) else { return nil }
        guard let value = UInt64(text.trimmingSpaces.replacingUnderscores) else {
            error("expected \(expected) (at most \(UInt64.max)), found '\(text)'")
            return nil
        }
        return value
    }

    /// A plain number without unit that must be > 0 (a shape parameter).
    func positiveNumber() -> Double? {
        let expected = "a number > 0"
        guard let text = scalar(expected) else { return nil }
        guard let (value, unit) = Units.splitNumber(text), unit.isEmpty else {
            error("expected \(expected) without unit, found '\(text)'")
            return nil
        }
        guard value > 0 else {
            error("expected \(expected), found '\(text)'")
            return nil
        }
        return inNumberRange(value, text: text)
    }

    /// `value` when it is 0 or within [`Bounds.smallestNumber`, `Bounds.number`], else `nil`
    /// after reporting the range: products and powers of such numbers stay finite.
    private func inNumberRange(_ value: Double, text: String) -> Double? {
        guard value == 0 || (value >= Bounds.smallestNumber && value <= Bounds.number) else {
            error("expected a number from \(Formatting.bound(Bounds.smallestNumber)) to "
                + "\(Formatting.bound(Bounds.number)), found '\(text)'")
            return nil
        }
        return value
    }

    /// A plain number without unit that must be ≥ 0 (a Zipf exponent).
    func nonNegativeNumber() -> Double? {
        let expected = "a number ≥ 0"
        guard let text = scalar(expected) else { return nil }
        guard let (value, unit) = Units.splitNumber(text), unit.isEmpty else {
            error("expected \(expected) without unit, found '\(text)'")
            return nil
        }
        guard value >= 0 else {
            error("expected \(expected), found '\(text)'")
            return nil
        }
        return inNumberRange(value, text: text)
    }

    /// The lower bound a duration or rate must respect.
    enum Bound {
        /// Strictly above zero.
        case positive
        /// Zero or above.
        case nonNegative

        var symbol: String { self == .positive ? "> 0" : "≥ 0" }
        func admits(_ value: Double) -> Bool { self == .positive ? value > 0 : value >= 0 }
    }

    /// A duration in seconds, written with a unit (`250us`, `8ms`, `2s`, `10m`, `1h`, `1d`).
    func duration(_ bound: Bound) -> Double? {
        let expected = "a duration \(bound.symbol) such as 250ms, 2s or 10m"
        guard let text = scalar(expected) else { return nil }
        switch Units.readDuration(text) {
        case .value(let seconds):
            guard bound.admits(seconds) else {
                error("expected a duration \(bound.symbol), found '\(text)'")
                return nil
            }
            guard seconds <= Bounds.longestSeconds else {
                error("expected a duration of at most \(Int(Bounds.longestSeconds))s (about 31.7 years), found '\(text)'")
                return nil
            }
            guard seconds == 0 || seconds >= Bounds.shortestSeconds else {
                error("expected 0 or a duration of at least 1ns, found '\(text)'")
                return nil
            }
            return seconds
        case .missingUnit:
            error("'\(text)' has no unit; add a unit, e.g. \(text.trimmingSpaces)s (units: \(Units.durationUnitList))")
        case .unknownUnit(let unit):
            error(
                "unknown duration unit '\(unit)' in '\(text)' (expected one of: \(Units.durationUnitList))",
                suggestion: Units.durationUnits.first { $0.name.lowercased() == unit.lowercased() }?.name
            )
        case .notANumber:
            error("expected \(expected), found '\(text)'")
        }
        return nil
    }

    /// A rate in events per second, written with a unit (`1200/s`, `5/m`, `100/h`); must be > 0.
    func rate() -> Double? {
        let expected = "a rate > 0 such as 100/s, 5/m or 20/h"
        guard let text = scalar(expected) else { return nil }
        switch Units.readRate(text) {
        case .value(let perSecond):
            guard perSecond > 0 else {
                error("expected a rate > 0, found '\(text)'")
                return nil
            }
            guard perSecond <= Bounds.rate else {
                error("expected a rate of at most \(Formatting.bound(Bounds.rate))/s, found '\(text)'")
                return nil
            }
            guard perSecond >= Bounds.shortestSeconds else {
                error("expected a rate of at least \(Formatting.bound(Bounds.shortestSeconds))/s "
                    + "(one in 31.7 years), found '\(text)'")
                return nil
            }
            return perSecond
        case .missingUnit:
            error("'\(text)' has no unit; add a unit, e.g. \(text.trimmingSpaces)/s (units: \(Units.rateUnitList))")
        case .unknownUnit(let unit):
            error("unknown rate unit '\(unit)' in '\(text)' (expected one of: \(Units.rateUnitList))")
        case .notANumber:
            error("expected \(expected), found '\(text)'")
        }
        return nil
    }

    /// A fraction written as a percentage (`80%`) or a number (`0.8`), between 0 and 1; zero is
    /// admitted only when `allowZero`.
    func fraction(allowZero: Bool) -> Double? {
        let range = allowZero ? "from 0% to 100%" : "above 0% and at most 100%"
        let expected = "a fraction \(range), such as 30% or 0.3"
        guard let text = scalar(expected) else { return nil }
        guard let value = Units.readFraction(text).value else {
            error("expected \(expected), found '\(text)'")
            return nil
        }
        guard value <= 1 else {
            let hint = text.contains("%") ? "" : "; for a percentage write \(text.trimmingSpaces)%"
            error("expected \(expected), found '\(text)'\(hint)")
            return nil
        }
        guard allowZero ? value >= 0 : value > 0 else {
            error("expected \(expected), found '\(text)'")
            return nil
        }
        return value
    }
}

extension SourceRef {
    /// The position of `node` (1-based, as Yams gives it) at `path`.
    init(node: Node, path: String) {
        self.init(line: node.mark?.line, column: node.mark?.column, path: path)
    }
}

extension String {
    /// The string without `_` digit separators.
    var replacingUnderscores: String {
        String(unicodeScalars.filter { $0 != "_" })
    }
}
