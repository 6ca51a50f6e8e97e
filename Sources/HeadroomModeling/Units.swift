/// Parsing of unit-bearing scalars: durations, rates and fractions.
///
/// Public so that the command line reads `--duration 2h` or `--rate 900/s` exactly as model files
/// do. Numbers are decimal (`1.5`, `.5`, `1e3`, `1_000`); a space between number and unit is allowed.
public enum Units {
    /// A duration in seconds: `250us` (or `250µs`), `8ms`, `2s`, `10m` (or `10min`), `1h`, `1d`,
    /// `1.5s`, also `ns`. `0` needs no unit; any other bare number is rejected (`nil`) so that the
    /// caller can ask for a unit. Negative values parse (`-5s` → -5) so that the caller can say
    /// "must be positive" rather than "not a duration".
    public static func duration(_ text: String) -> Double? {
        readDuration(text).value
    }

    /// A rate in events per second: `1200/s`, `5/m` (or `5/min`), `100/h`, `2/d`, `0.8/s`.
    /// A bare number is rejected (`nil`).
    public static func rate(_ text: String) -> Double? {
        readRate(text).value
    }

    /// A fraction: `80%` → 0.8, `0.8` → 0.8. Range is the caller's business (`150%` → 1.5).
    public static func fraction(_ text: String) -> Double? {
        readFraction(text).value
    }

    // MARK: - Readings with the reason for a failure

    /// The outcome of reading a unit-bearing scalar, keeping why it failed for the error message.
    enum Reading: Equatable {
        /// A value in base units (seconds, per second, or a plain fraction).
        case value(Double)
        /// A number without the unit it needs.
        case missingUnit(Double)
        /// A number followed by something that is not a known unit.
        case unknownUnit(String)
        /// Not a number at all, or too large to represent once converted.
        case notANumber

        var value: Double? {
            if case .value(let value) = self { return value }
            return nil
        }
    }

    /// Duration units and their length in seconds.
    static let durationUnits: [(name: String, seconds: Double)] = [
        ("ns", 1e-9), ("us", 1e-6), ("\u{00B5}s", 1e-6), ("\u{03BC}s", 1e-6), ("ms", 1e-3),
        ("s", 1), ("m", 60), ("min", 60), ("h", 3600), ("d", 86400),
    ]

    /// Rate denominators (after the `/`) and their length in seconds.
    static let rateUnits: [(name: String, seconds: Double)] = [
        ("s", 1), ("m", 60), ("min", 60), ("h", 3600), ("d", 86400),
    ]

    /// The duration units as a message lists them.
    static let durationUnitList = "ns, us (or µs), ms, s, m (or min), h, d"
    /// The rate units as a message lists them.
    static let rateUnitList = "/s, /m (or /min), /h, /d"

    static func readDuration(_ text: String) -> Reading {
        guard let (number, unit) = splitNumber(text) else { return .notANumber }
        if unit.isEmpty { return number == 0 ? .value(0) : .missingUnit(number) }
        guard let seconds = durationUnits.first(where: { $0.name == unit })?.seconds else {
            return .unknownUnit(unit)
        }
        let value = number * seconds
        return value.isFinite ? .value(value) : .notANumber
    }

    static func readRate(_ text: String) -> Reading {
        guard let (number, unit) = splitNumber(text) else { return .notANumber }
        if unit.isEmpty { return .missingUnit(number) }
        guard unit.hasPrefix("/") else { return .unknownUnit(unit) }
        let per = String(unit.dropFirst()).trimmingSpaces
        guard let seconds = rateUnits.first(where: { $0.name == per })?.seconds else {
            return .unknownUnit(unit)
        }
        let value = number / seconds
        return value.isFinite ? .value(value) : .notANumber
    }

    static func readFraction(_ text: String) -> Reading {
        guard let (number, unit) = splitNumber(text) else { return .notANumber }
        switch unit {
        case "": return .value(number)
        case "%": return .value(number / 100)
        default: return .unknownUnit(unit)
        }
    }

    /// Splits `text` into a leading decimal number and the rest (trimmed), or `nil` when it does
    /// not start with a finite number.
    static func splitNumber(_ text: String) -> (Double, String)? {
        let scalars = Array(text.trimmingSpaces.unicodeScalars)
        var i = 0
        var digits = ""
        func isDigit(_ k: Int) -> Bool { k < scalars.count && ("0"..."9").contains(scalars[k]) }
        func takeDigits() -> Int {
            var count = 0
            while i < scalars.count {
                if isDigit(i) {
                    digits.unicodeScalars.append(scalars[i])
                    count += 1
                } else if scalars[i] == "_", count > 0, isDigit(i + 1) {
                    // Digit separators, as in `1_000_000`.
                } else {
                    break
                }
                i += 1
            }
            return count
        }
        if i < scalars.count, scalars[i] == "-" || scalars[i] == "+" {
            digits.unicodeScalars.append(scalars[i])
            i += 1
        }
        var mantissa = takeDigits()
        if i < scalars.count, scalars[i] == ".", isDigit(i + 1) || mantissa > 0 {
            digits += "."
            i += 1
            mantissa += takeDigits()
        }
        guard mantissa > 0 else { return nil }
        if i < scalars.count, scalars[i] == "e" || scalars[i] == "E" {
            var j = i + 1
            if j < scalars.count, scalars[j] == "-" || scalars[j] == "+" { j += 1 }
            if isDigit(j) {
                digits += "e"
                if j == i + 2 { digits.unicodeScalars.append(scalars[i + 1]) }
                i = j
                _ = takeDigits()
            }
        }
        guard let number = Double(digits), number.isFinite else { return nil }
        var rest = String.UnicodeScalarView()
        rest.append(contentsOf: scalars[i...])
        return (number, String(rest).trimmingSpaces)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[first...last])
    }
}
