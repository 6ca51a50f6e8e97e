import HeadroomComponents
import Foundation
import HeadroomKernel

/// Reads the file of a `{ csv: rates.csv }` profile: rows `time,rate`, absolute rates over time.
///
/// The path is relative to the model file's directory (absolute paths are kept); the file is read
/// when the model loads. Each row is `time,rate`: the time a duration (`0s`, `10m`) or a bare
/// number of seconds, at least 0 and not decreasing from row to row (two equal times make a
/// step); the rate a rate (`1200/s`, `5/m`) or a bare number per second, at least 0. Rates are
/// linear between rows and flat before the first and after the last. Blank lines and lines
/// starting with `#` are skipped; the first other line may be a header (`time,rate`: neither
/// field a number). Problems in rows are reported at their line and column in the CSV file,
/// with the key path of the `csv` value.
enum CSVProfileReader {
    /// Row problems reported one by one; beyond them, one line counts the rest.
    static let reportedProblems = 10

    /// The file `path` names, relative to `directory` (the model file's; `""` for the current
    /// directory) unless absolute.
    static func resolve(_ path: String, directory: String) -> String {
        if path.hasPrefix("/") || directory.isEmpty { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }

    /// Reads the CSV file `path` (the value at `reader`); with a `period` (seconds), every time
    /// must lie within [0, period]. `nil` after reporting.
    static func read(path: String, at reader: NodeReader, directory: String, period: Double?) -> CSVRates? {
        let file = resolve(path, directory: directory)
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            var isDirectory: ObjCBool = false
            let reason: String
            if !FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) {
                reason = "no such file"
            } else if isDirectory.boolValue {
                reason = "it is a directory"
            } else {
                reason = "it is not readable UTF-8 text"
            }
            let relative = file == path ? "" : " (relative to the model file's directory)"
            reader.error("cannot read CSV profile '\(file)'\(relative): \(reason)")
            return nil
        }
        return parse(text, file: file, at: reader, period: period)
    }

    /// One field of a row: its text without surrounding spaces and its 1-based column.
    private struct CSVField {
        var text: String
        var column: Int
    }

    /// The rates of `text`, the contents of `file`; `nil` after reporting.
    static func parse(_ text: String, file: String, at reader: NodeReader, period: Double?) -> CSVRates? {
        var times: [Double] = []
        var rates: [Double] = []
        var problems = 0
        var headerAllowed = true
        func problem(_ message: String, line: Int, column: Int) {
            problems += 1
            if problems <= reportedProblems {
                reader.sink.report(message, inFile: file, line: line, column: column, path: reader.path)
            }
        }

        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, scalars) in lines.enumerated() {
            let line = index + 1
            var row = Array(scalars)
            if row.last == "\r" { row.removeLast() }
            if index == 0, row.first == "\u{FEFF}" { row.removeFirst() }
            let fields = split(row)
            let first = fields[0].text
            if fields.count == 1 && first.isEmpty || first.hasPrefix("#") { continue }
            if headerAllowed {
                headerAllowed = false
                if fields.allSatisfy({ Units.splitNumber($0.text) == nil }) { continue }
            }
            guard fields.count == 2 else {
                problem(
                    "expected two fields, time,rate (such as 10m,1200/s), found \(fields.count)",
                    line: line, column: fields[0].column
                )
                continue
            }
            guard times.count < Bounds.profilePoints else {
                problem("expected at most \(Bounds.profilePoints) rows", line: line, column: fields[0].column)
                break
            }
            let time = readTime(fields[0], line: line, problem: problem)
            let rate = readRate(fields[1], line: line, problem: problem)
            guard let time, let rate else { continue }
            if let previous = times.last, time < previous {
                problem(
                    "time \(Formatting.seconds(time)) is before the previous row's \(Formatting.seconds(previous)); "
                        + "expected times that do not decrease",
                    line: line, column: fields[0].column
                )
                continue
            }
            if let period, time > period {
                problem(
                    "time \(Formatting.seconds(time)) is beyond the period (\(Formatting.seconds(period))); "
                        + "expected times within [0, period]",
                    line: line, column: fields[0].column
                )
                continue
            }
            times.append(time)
            rates.append(rate)
        }

        if problems > reportedProblems {
            reader.error("\(problems - reportedProblems) more problems in CSV profile '\(file)' are not listed")
        }
        guard problems == 0 else { return nil }
        guard !times.isEmpty else {
            reader.error("CSV profile '\(file)' has no rows; expected lines of time,rate such as 0s,1200/s")
            return nil
        }
        guard rates.contains(where: { $0 > 0 }) else {
            reader.error("every rate in CSV profile '\(file)' is 0, so no request would arrive; expected a rate > 0 somewhere")
            return nil
        }
        return CSVRates(file: file, rates: RateProfile(times: times, values: rates, period: period))
    }

    /// The comma-separated fields of a row, trimmed, with their columns.
    private static func split(_ row: [Unicode.Scalar]) -> [CSVField] {
        var fields: [CSVField] = []
        var start = 0
        func field(_ range: Range<Int>) -> CSVField {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: row[range])
            let raw = String(view)
            let leading = row[range].prefix { $0 == " " || $0 == "\t" }.count
            return CSVField(text: raw.trimmingSpaces, column: range.lowerBound + leading + 1)
        }
        for (i, scalar) in row.enumerated() where scalar == "," {
            fields.append(field(start..<i))
            start = i + 1
        }
        fields.append(field(start..<row.count))
        return fields
    }

    /// A time: a duration, or a bare number of seconds; ≥ 0.
    private static func readTime(
        _ field: CSVField, line: Int, problem: (String, Int, Int) -> Void
    ) -> Double? {
        readQuantity(
            field, line: line, problem: problem, reading: Units.readDuration(field.text), kind: "duration",
            units: Units.durationUnitList, bare: "seconds",
            expected: "a time ≥ 0 such as 0s, 10m or 600 (seconds)")
    }

    /// A rate: a rate with a unit, or a bare number per second; ≥ 0.
    private static func readRate(
        _ field: CSVField, line: Int, problem: (String, Int, Int) -> Void
    ) -> Double? {
        readQuantity(
            field, line: line, problem: problem, reading: Units.readRate(field.text), kind: "rate",
            units: Units.rateUnitList, bare: "per second",
            expected: "a rate ≥ 0 such as 1200/s, 5/m or 1200 (per second)")
    }

    /// A non-negative number with an optional unit (a bare number is taken in the `bare` unit).
    private static func readQuantity(
        _ field: CSVField, line: Int, problem: (String, Int, Int) -> Void, reading: Units.Reading, kind: String,
        units: String, bare: String, expected: String
    ) -> Double? {
        let number: Double
        switch reading {
        case .value(let value), .missingUnit(let value): number = value
        case .unknownUnit(let unit):
            problem(
                "unknown \(kind) unit '\(unit)' in '\(field.text)' (expected one of: \(units), or none for \(bare))",
                line, field.column)
            return nil
        case .notANumber:
            problem("expected \(expected), found '\(field.text)'", line, field.column)
            return nil
        }
        guard number >= 0 else {
            problem("expected \(expected), found '\(field.text)'", line, field.column)
            return nil
        }
        return number
    }
}
