/// CSV text as RFC 4180 writes it: fields holding a comma, a double quote or a line break are
/// enclosed in double quotes, with inner quotes doubled. Lines end with `\n` (as
/// `headroom runs series --csv` does; every CSV reader accepts it).
public enum CSV {
    /// One field, quoted when it must be.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number at full precision (the shortest text that reads back as the same Double);
    /// `nan`, `inf` and `-inf` for the values that have no digits, as pandas reads them.
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }

    /// The header and rows, one line each, every field through ``field(_:)``.
    public static func text(header: [String], rows: [[String]]) -> String {
        var lines = [header.map(field).joined(separator: ",")]
        lines.reserveCapacity(rows.count + 1)
        for row in rows { lines.append(row.map(field).joined(separator: ",")) }
        return lines.joined(separator: "\n")
    }
}
