import Foundation
import HeadroomComponents

extension ObservedMetrics {
    /// The header of the long CSV, as `headroom runs series --csv` writes it.
    public static let csvHeader = ["time", "scope", "metric", "value"]

    /// Reads the long CSV `time,scope,metric,value` (RFC 4180 quoting; blank lines skipped;
    /// `nan` values skipped, as a run writes them for windows without a number).
    ///
    /// - Throws: ``ObservedDataError`` at the first bad line: a wrong header, a line without
    ///   four fields, a time or value that is not a finite number, a negative value, a point
    ///   given twice, or no points at all.
    public static func read(csv text: String, file: String) throws(ObservedDataError) -> ObservedMetrics {
        var points: [SeriesPoint] = []
        var origin: [ObservedKey: String] = [:]
        var seen = Set<PointKey>()
        var sawHeader = false
        var lineNumber = 0
        // "\r\n" is one Character in Swift: split on it as well as on "\n".
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields: [String]
            do throws(FieldError) { fields = try Self.fields(of: line) } catch {
                throw ObservedDataError(file: file, line: lineNumber, message: error.message)
            }
            if !sawHeader {
                let header = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard header == csvHeader else {
                    throw ObservedDataError(file: file, line: lineNumber, message:
                        "expected the header time,scope,metric,value (as `headroom runs series --csv` writes), found '\(line)'")
                }
                sawHeader = true
                continue
            }
            guard fields.count == 4 else {
                throw ObservedDataError(file: file, line: lineNumber, message:
                    "expected 4 fields (time,scope,metric,value), found \(fields.count)")
            }
            guard let time = Double(fields[0].trimmingCharacters(in: .whitespaces)), time.isFinite else {
                throw ObservedDataError(file: file, line: lineNumber, message: "time: expected a number of seconds, found '\(fields[0])'")
            }
            let metric = fields[2].trimmingCharacters(in: .whitespaces)
            guard !metric.isEmpty else {
                throw ObservedDataError(file: file, line: lineNumber, message: "metric: empty (expected e.g. throughput or utilization)")
            }
            let valueText = fields[3].trimmingCharacters(in: .whitespaces)
            if valueText.lowercased() == "nan" { continue }
            guard let value = Double(valueText), value.isFinite else {
                throw ObservedDataError(file: file, line: lineNumber, message: "value: expected a number, found '\(fields[3])'")
            }
            guard value >= 0 else {
                throw ObservedDataError(file: file, line: lineNumber, message: "value: \(metric) cannot be negative, found \(valueText)")
            }
            let scope = fields[1].trimmingCharacters(in: .whitespaces)
            guard seen.insert(PointKey(time: time, scope: scope, metric: metric)).inserted else {
                throw ObservedDataError(file: file, line: lineNumber, message:
                    "a second point for \(ObservedKey(scope: scope, metric: metric).name) at time \(fields[0])")
            }
            let key = ObservedKey(scope: scope, metric: metric)
            if origin[key] == nil { origin[key] = "\(file):\(lineNumber)" }
            points.append(SeriesPoint(time: time, scope: scope, metric: metric, value: value))
        }
        guard sawHeader else { throw ObservedDataError(file: file, message: "empty file (expected the header time,scope,metric,value)") }
        guard !points.isEmpty else { throw ObservedDataError(file: file, message: "no data points after the header") }
        return ObservedMetrics(points: points, origin: origin)
    }

    private struct PointKey: Hashable {
        var time: Double
        var scope: String
        var metric: String
    }

    private struct FieldError: Error { var message: String }

    /// The fields of one CSV line: commas separate, a field in double quotes may hold commas and
    /// doubled quotes.
    private static func fields(of line: Substring) throws(FieldError) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var atFieldStart = true
        var index = line.startIndex
        while index < line.endIndex {
            let ch = line[index]
            if quoted {
                if ch == "\"" {
                    let next = line.index(after: index)
                    if next < line.endIndex, line[next] == "\"" {
                        current.append("\"")
                        index = next
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(ch)
                }
            } else if ch == "," {
                fields.append(current)
                current = ""
                atFieldStart = true
                index = line.index(after: index)
                continue
            } else if ch == "\"" && atFieldStart {
                quoted = true
            } else {
                current.append(ch)
            }
            atFieldStart = false
            index = line.index(after: index)
        }
        guard !quoted else { throw FieldError(message: "a quoted field is not closed") }
        fields.append(current)
        return fields
    }
}
