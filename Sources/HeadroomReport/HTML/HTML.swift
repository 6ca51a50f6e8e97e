/// Escaping and small builders for HTML (and the inline SVG inside it).
///
/// Every piece of text that reaches a report goes through ``escape(_:)``: model, component and
/// alert names come from user files and must never become markup. Builders take already-escaped
/// inner HTML, so the rule is simple: strings from data are escaped exactly once, where they
/// enter a tag.
public enum HTML {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities, and control characters other
    /// than tab and newline dropped (they are invalid in HTML and XML; CR and CRLF become one
    /// newline): safe as element content and inside quoted attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            if previous == "\r" && scalar == "\n" { continue }  // CRLF was written as one line break
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case "\r": out += "\n"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0xFFFE
                    || scalar.value == 0xFFFF
                {
                    continue
                }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A name made safe for an `id` or `class` attribute: lowercase ASCII letters, digits and
    /// `-`; anything else becomes `-`. `db.primary` → `db-primary`.
    public static func slug(_ text: String) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        while out.hasPrefix("-") { out.removeFirst() }
        return out.isEmpty ? "x" : out
    }

    /// `<tag attrs>inner</tag>`; `attributes` are (name, unescaped value) pairs, in order.
    static func element(_ tag: String, _ attributes: [(String, String)] = [], _ inner: String) -> String {
        "<\(tag)\(attributeList(attributes))>\(inner)</\(tag)>"
    }

    /// ` name="value"` for each pair, values escaped.
    static func attributeList(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    /// A table: a header row and body rows of already-escaped cells. Columns listed in
    /// `numeric` are right-aligned (class `num`).
    static func table(
        header: [String], rows: [[String]], numeric: Set<Int> = [], attributes: [(String, String)] = []
    ) -> String {
        func cells(_ row: [String], _ tag: String) -> String {
            row.enumerated().map { index, cell in
                numeric.contains(index) ? "<\(tag) class=\"num\">\(cell)</\(tag)>" : "<\(tag)>\(cell)</\(tag)>"
            }.joined()
        }
        var out = "<table\(attributeList(attributes))>\n<thead><tr>\(cells(header, "th"))</tr></thead>\n<tbody>\n"
        for row in rows { out += "<tr>\(cells(row, "td"))</tr>\n" }
        return out + "</tbody>\n</table>"
    }

    /// A definition list of (term, already-escaped value) pairs: the summary figures.
    static func facts(_ pairs: [(String, String)], attributes: [(String, String)] = []) -> String {
        var out = "<dl class=\"facts\"\(attributeList(attributes))>\n"
        for (term, value) in pairs { out += "<div><dt>\(escape(term))</dt><dd>\(value)</dd></div>\n" }
        return out + "</dl>"
    }
}
