import Foundation
import HeadroomComponents

/// How values are written into columns and read back: JSON text, timestamps, 64-bit integers.
///
/// Kept in one place so that the writing and the reading side cannot drift apart.
enum StoreCoding {
    // MARK: Identities

    /// A new identity for a run, sweep or forecast that survives copying between stores:
    /// 32 lowercase hex digits from the system's random source (never from a simulation's seed,
    /// so two runs with the same seed still differ).
    static func newUID() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return hex(high) + hex(low)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    // MARK: JSON

    /// Encoder for `result_json` and `overrides`: sorted snake_case keys, so that equal results
    /// give equal text and notebooks see the same names as the metric tables. Non-finite numbers,
    /// which JSON cannot express, are written as the strings "nan", "inf" and "-inf".
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// The decoder matching ``makeEncoder()``.
    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    static func encodeJSON(_ value: some Encodable) throws -> String {
        // JSONEncoder produces UTF-8.
        String(decoding: try makeEncoder().encode(value), as: UTF8.self)
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try makeDecoder().decode(type, from: Data(text.utf8))
    }

    // MARK: Timestamps

    /// Whole seconds, ISO-8601 in UTC: `2025-06-15T15:06:40Z`.
    private static let secondsStyle = Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 0)!)

    /// `date` in ISO-8601 UTC with milliseconds, e.g. `2025-06-15T15:06:40.123Z`: fixed width for
    /// years 1000–9999, so text order is time order.
    ///
    /// Rounded to the nearest millisecond. The fraction is formatted here rather than by the
    /// format style because its parser reads fractions with single precision.
    static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, fraction) = floorDivision(milliseconds, 1000)
        let whole = secondsStyle.format(Date(timeIntervalSince1970: Double(seconds)))
        // `whole` ends with "Z"; the fraction goes before it.
        let digits = String(fraction)
        return whole.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// Reads ``timestamp(_:)``'s format back; also accepts whole seconds without a fraction.
    static func date(fromTimestamp text: String) -> Date? {
        guard text.hasSuffix("Z") else { return nil }
        var wholePart = Substring(text.dropLast())
        var milliseconds: Int64 = 0
        if let dot = wholePart.firstIndex(of: ".") {
            let fraction = wholePart[wholePart.index(after: dot)...]
            guard (1...3).contains(fraction.count), fraction.allSatisfy({ ("0"..."9").contains($0) }),
                let value = Int64(fraction)
            else { return nil }
            milliseconds = value * [1, 100, 10, 1][fraction.count]
            wholePart = wholePart[..<dot]
        }
        guard let whole = try? secondsStyle.parse(wholePart + "Z") else { return nil }
        let totalMilliseconds = Int64(whole.timeIntervalSince1970.rounded()) * 1000 + milliseconds
        // Dividing the integer count gives the Double nearest to the true instant.
        return Date(timeIntervalSince1970: Double(totalMilliseconds) / 1000)
    }

    private static func floorDivision(_ a: Int64, _ b: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = ((a % b) + b) % b
        return ((a - remainder) / b, remainder)
    }
}
