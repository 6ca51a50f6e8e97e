import HeadroomKernel

/// One request read from a trace: when (trace time), which class, and the ids of its key,
/// tenant and session.
public struct RecordedRequest: Sendable, Equatable {
    /// Trace time, seconds (epoch seconds for access logs and ISO 8601 timestamps, as written
    /// for numeric CSV timestamps).
    public var time: Double
    /// The line it was read from (1-based).
    public var line: Int
    /// Index of its class in the source's class names.
    public var classIndex: Int32
    /// Ids in 0 ..< the field's count (0 when the field is not mapped or absent).
    public var key: Int32
    public var tenant: Int32
    public var session: Int32
    /// A 64-bit stable hash of each field's text (0: absent), so that analysis can count
    /// distinct values without keeping their text.
    public var keyHash: UInt64
    public var tenantHash: UInt64
    public var sessionHash: UInt64
    /// The recorded duration (a CSV `duration` column), seconds; NaN when not given.
    public var duration: Double
}

/// Why a line of a trace was not replayed.
public enum TraceProblemKind: String, Sendable, Equatable, Codable, CaseIterable {
    case overlong, truncated
    case badTimestamp = "bad_timestamp", badRequest = "bad_request", badStatus = "bad_status"
    case noMatchingRule = "no_matching_rule", wrongFieldCount = "wrong_field_count", unknownClass = "unknown_class"
    case badDuration = "bad_duration", badCSVTimestamp = "bad_csv_timestamp", crowdedSecond = "crowded_second"

    /// What was expected, in words.
    public var message: String {
        switch self {
        case .overlong: "line longer than the read buffer (\(TraceLineReader.defaultCapacity) bytes)"
        case .truncated: "line ends early; expected an access-log line such as "
            + "127.0.0.1 - - [07/Dec/2026:20:00:00 +0000] \"GET /path HTTP/1.1\" 200 512"
        case .badTimestamp: "expected a timestamp such as [07/Dec/2026:20:00:00 +0000]"
        case .badCSVTimestamp: "expected a timestamp: seconds such as 12.5, or an ISO 8601 time such as 2026-12-07T20:00:00Z"
        case .badRequest: "expected a quoted request line such as \"GET /products/42 HTTP/1.1\""
        case .badStatus: "expected a three-digit status after the request line"
        case .noMatchingRule: "no class rule matches the request's method and path"
        case .wrongFieldCount: "expected as many fields as the header has columns"
        case .unknownClass: "the class column names no class of the model"
        case .badDuration: "expected a duration ≥ 0 such as 0.25, 250ms or 1.5s"
        case .crowdedSecond: "more than \(TraceSource.maxGroup) requests logged in one second; the rest of that "
            + "second is not replayed (memory stays bounded)"
        }
    }
}

/// A line that was not replayed: where, and why.
public struct TraceLineProblem: Sendable, Equatable, Codable {
    public var line: Int
    /// 1-based byte column where the problem starts.
    public var column: Int
    public var kind: TraceProblemKind
    /// What was found there, shortened (empty when nothing useful).
    public var found: String

    public init(line: Int, column: Int, kind: TraceProblemKind, found: String = "") {
        self.line = line
        self.column = column
        self.kind = kind
        self.found = found
    }

    /// The problem in words: `line 12, column 5: expected …, found '…'`.
    public var description: String {
        "line \(line), column \(column): \(kind.message)" + (found.isEmpty ? "" : ", found '\(found)'")
    }
}

/// Parses lines of a trace (access log or CSV) into `RecordedRequest`s without allocating: the
/// line is a view into the reader's buffer, and everything read from it is a range of it.
struct TraceParser {
    /// What one line gave.
    enum Outcome {
        case request(RecordedRequest)
        /// A blank line or a `#` comment.
        case skip
        case problem(column: Int, kind: TraceProblemKind, found: Range<Int>)
    }

    private struct Rule {
        var classIndex: Int32
        var method: [UInt8]?
        var path: [UInt8]?
    }

    private enum Source {
        case segment(Int), query([UInt8]), column(Int), client, user
    }

    private struct Field {
        var source: Source
        var count: UInt64
    }

    let format: TraceFormat
    private(set) var classNames: [String]
    private var classBytes: [[UInt8]]
    /// When true (trace analysis), class names are learnt as they are met: a CSV `class` value,
    /// or `METHOD /first-segment` of an access log without rules.
    let openClasses: Bool
    private var learnt: [UInt64: Int32] = [:]
    private let rules: [Rule]
    private var key: Field?
    private var tenant: Field?
    private var session: Field?
    /// Most classes learnt in open mode; the rest go to one class named `other`.
    static let maxLearntClasses = 1000

    // CSV columns, by index (−1: absent).
    private(set) var columnCount = 0
    private(set) var columnNames: [String] = []
    private var timestampColumn = -1
    private var classColumn = -1
    private var durationColumn = -1
    /// Start and end of every field of the current CSV line (reused).
    private var starts: [Int] = []
    private var ends: [Int] = []
    /// Whether the CSV header has been read.
    private(set) var hasHeader = false

    /// The CSV columns a trace may have.
    static let csvColumns = ["timestamp", "class", "key", "tenant", "session", "duration"]

    init(spec: ReplaySpec, openClasses: Bool) {
        format = spec.format
        classNames = spec.classNames
        classBytes = spec.classNames.map { Array($0.utf8) }
        self.openClasses = openClasses
        rules = spec.rules.map {
            Rule(classIndex: Int32($0.classIndex), method: $0.method.map { Array($0.utf8) }, path: $0.path.map { Array($0.utf8) })
        }
        key = spec.key.map(TraceParser.field)
        tenant = spec.tenant.map(TraceParser.field)
        session = spec.session.map(TraceParser.field)
    }

    private static func field(_ f: TraceField) -> Field {
        let source: Source = switch f.source {
        case .segment(let n): .segment(n)
        case .query(let name): .query(Array(name.utf8))
        case .column: .column(-1)  // resolved by the header
        case .client: .client
        case .user: .user
        }
        return Field(source: source, count: UInt64(max(1, f.count)))
    }

    // MARK: CSV header

    /// Reads the CSV header `line`: returns the names it has that `csvColumns` does not, and
    /// whether it has a `timestamp` column. `spec` gives the column each mapped field reads.
    mutating func readHeader(_ line: UnsafeBufferPointer<UInt8>, spec: ReplaySpec) -> (unknown: [(String, Int)], hasTimestamp: Bool) {
        splitCSV(line)
        var names: [String] = []
        var unknown: [(String, Int)] = []
        let mappedColumns = [spec.key, spec.tenant, spec.session].compactMap { field -> String? in
            if case .column(let name)? = field?.source { return name }
            return nil
        }
        for i in 0 ..< starts.count {
            var text = String(decoding: UnsafeBufferPointer(rebasing: line[starts[i] ..< ends[i]]), as: UTF8.self)
            if i == 0, text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            names.append(text)
            if !TraceParser.csvColumns.contains(text) && !mappedColumns.contains(text) { unknown.append((text, starts[i] + 1)) }
        }
        columnCount = names.count
        columnNames = names
        timestampColumn = names.firstIndex(of: "timestamp") ?? -1
        classColumn = names.firstIndex(of: "class") ?? -1
        durationColumn = names.firstIndex(of: "duration") ?? -1
        func resolve(_ field: inout Field?, _ spec: TraceField?) {
            guard var f = field, let spec else { return }
            if case .column(let column) = spec.source { f.source = .column(names.firstIndex(of: column) ?? -1) }
            field = f
        }
        resolve(&key, spec.key)
        resolve(&tenant, spec.tenant)
        resolve(&session, spec.session)
        hasHeader = true
        return (unknown, timestampColumn >= 0)
    }

    // MARK: Lines

    /// Parses one line.
    mutating func parse(_ b: UnsafeBufferPointer<UInt8>, line: Int) -> Outcome {
        var first = 0
        while first < b.count, b[first] == 32 || b[first] == 9 { first += 1 }
        if first == b.count || b[first] == 35 { return .skip }  // blank, or '#'
        switch format {
        case .accessLog: return parseAccessLog(b, line: line)
        case .csv: return parseCSV(b, line: line)
        }
    }

    private mutating func parseAccessLog(_ b: UnsafeBufferPointer<UInt8>, line: Int) -> Outcome {
        let n = b.count
        var i = 0
        func token() -> Range<Int> {
            while i < n, b[i] == 32 { i += 1 }
            let s = i
            while i < n, b[i] != 32 { i += 1 }
            return s ..< i
        }
        let host = token()
        _ = token()  // ident
        let user = token()
        while i < n, b[i] == 32 { i += 1 }
        guard i < n else { return .problem(column: i + 1, kind: .truncated, found: 0 ..< 0) }
        guard b[i] == 91 else { return .problem(column: i + 1, kind: .badTimestamp, found: i ..< min(n, i + 28)) }  // '['
        let stampStart = i + 1
        var close = stampStart
        while close < n, b[close] != 93 { close += 1 }  // ']'
        guard close < n, let time = TraceParser.accessLogTime(b, stampStart ..< close) else {
            return .problem(column: stampStart, kind: .badTimestamp, found: stampStart ..< min(close, n))
        }
        i = close + 1
        while i < n, b[i] == 32 { i += 1 }
        guard i < n, b[i] == 34 else {
            return .problem(column: i + 1, kind: i < n ? .badRequest : .truncated, found: i ..< min(n, i + 30))
        }
        let requestStart = i + 1
        var j = requestStart
        while j < n, b[j] != 34 { j += b[j] == 92 ? 2 : 1 }  // '\' escapes
        guard j < n else { return .problem(column: requestStart, kind: .truncated, found: 0 ..< 0) }
        // METHOD TARGET [PROTOCOL]
        var k = requestStart
        while k < j, b[k] != 32 { k += 1 }
        let method = requestStart ..< k
        while k < j, b[k] == 32 { k += 1 }
        let targetStart = k
        while k < j, b[k] != 32 { k += 1 }
        let target = targetStart ..< k
        guard !method.isEmpty, !target.isEmpty, method.allSatisfy({ b[$0] >= 65 && b[$0] <= 90 }) else {
            return .problem(column: requestStart, kind: .badRequest, found: requestStart ..< min(j, requestStart + 40))
        }
        i = j + 1
        let status = token()
        guard status.count == 3, status.allSatisfy({ b[$0] >= 48 && b[$0] <= 57 }) else {
            return .problem(column: status.lowerBound + 1, kind: status.isEmpty ? .truncated : .badStatus, found: status)
        }
        var questionMark = target.upperBound
        for p in target where b[p] == 63 { questionMark = p; break }
        let path = target.lowerBound ..< questionMark
        let query = min(questionMark + 1, target.upperBound) ..< target.upperBound

        let classIndex: Int32
        if openClasses && rules.isEmpty {
            classIndex = learn(b, method: method, path: path)
        } else if rules.isEmpty {
            classIndex = 0
        } else {
            var matched: Int32 = -1
            for rule in rules {
                if let m = rule.method, !TraceParser.equal(b, method, m) { continue }
                if let p = rule.path, !TraceParser.glob(p, 0, b, path.lowerBound, path.upperBound) { continue }
                matched = rule.classIndex
                break
            }
            guard matched >= 0 else {
                return .problem(column: requestStart, kind: .noMatchingRule, found: requestStart ..< min(j, requestStart + 60))
            }
            classIndex = matched
        }
        var request = RecordedRequest(
            time: time, line: line, classIndex: classIndex, key: 0, tenant: 0, session: 0, keyHash: 0, tenantHash: 0,
            sessionHash: 0, duration: .nan)
        func value(_ field: Field) -> Range<Int> {
            switch field.source {
            case .segment(let index): return TraceParser.segment(b, path, index)
            case .query(let name): return TraceParser.query(b, query, name)
            case .column: return 0 ..< 0
            case .client: return host
            case .user: return user.count == 1 && b[user.lowerBound] == 45 ? 0 ..< 0 : user
            }
        }
        if let key { (request.key, request.keyHash) = TraceParser.id(b, value(key), count: key.count) }
        if let tenant { (request.tenant, request.tenantHash) = TraceParser.id(b, value(tenant), count: tenant.count) }
        if let session { (request.session, request.sessionHash) = TraceParser.id(b, value(session), count: session.count) }
        return .request(request)
    }

    private mutating func parseCSV(_ b: UnsafeBufferPointer<UInt8>, line: Int) -> Outcome {
        splitCSV(b)
        guard starts.count == columnCount else {
            return .problem(column: 1, kind: .wrongFieldCount, found: 0 ..< 0)
        }
        let stamp = starts[timestampColumn] ..< ends[timestampColumn]
        guard let time = TraceParser.csvTime(b, stamp) else {
            return .problem(column: stamp.lowerBound + 1, kind: .badCSVTimestamp, found: stamp)
        }
        var classIndex: Int32 = 0
        if classColumn >= 0 {
            let text = starts[classColumn] ..< ends[classColumn]
            if let index = classBytes.firstIndex(where: { TraceParser.equal(b, text, $0) }) {
                classIndex = Int32(index)
            } else if openClasses {
                classIndex = learn(b, name: text)
            } else {
                return .problem(column: text.lowerBound + 1, kind: .unknownClass, found: text)
            }
        } else if openClasses && classNames.isEmpty {
            classNames = ["default"]
            classBytes = [Array("default".utf8)]
        }
        var duration = Double.nan
        if durationColumn >= 0 {
            let text = starts[durationColumn] ..< ends[durationColumn]
            if !text.isEmpty {
                guard let d = TraceParser.duration(b, text) else {
                    return .problem(column: text.lowerBound + 1, kind: .badDuration, found: text)
                }
                duration = d
            }
        }
        var request = RecordedRequest(
            time: time, line: line, classIndex: classIndex, key: 0, tenant: 0, session: 0, keyHash: 0, tenantHash: 0,
            sessionHash: 0, duration: duration)
        func value(_ field: Field) -> Range<Int> {
            if case .column(let c) = field.source, c >= 0 { return starts[c] ..< ends[c] }
            return 0 ..< 0
        }
        if let key { (request.key, request.keyHash) = TraceParser.id(b, value(key), count: key.count) }
        if let tenant { (request.tenant, request.tenantHash) = TraceParser.id(b, value(tenant), count: tenant.count) }
        if let session { (request.session, request.sessionHash) = TraceParser.id(b, value(session), count: session.count) }
        return .request(request)
    }

    /// Splits a CSV line at commas into `starts`/`ends` (trimmed of spaces and of one pair of
    /// double quotes), reusing their storage.
    private mutating func splitCSV(_ b: UnsafeBufferPointer<UInt8>) {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        var s = 0
        var i = 0
        var quoted = false
        while true {
            if i == b.count || (b[i] == 44 && !quoted) {
                var lo = s
                var hi = i
                while lo < hi, b[lo] == 32 || b[lo] == 9 { lo += 1 }
                while hi > lo, b[hi - 1] == 32 || b[hi - 1] == 9 { hi -= 1 }
                if hi - lo >= 2, b[lo] == 34, b[hi - 1] == 34 { lo += 1; hi -= 1 }
                starts.append(lo)
                ends.append(hi)
                if i == b.count { return }
                s = i + 1
            } else if b[i] == 34 {
                quoted.toggle()
            }
            i += 1
        }
    }

    // MARK: Classes learnt (analysis)

    private mutating func learn(_ b: UnsafeBufferPointer<UInt8>, method: Range<Int>, path: Range<Int>) -> Int32 {
        let first = TraceParser.segment(b, path, 1)
        var h = TraceParser.hash(b, method)
        h = TraceParser.hash(b, first, seed: h ^ 0x2f)
        if let index = learnt[h] { return index }
        let name = String(decoding: UnsafeBufferPointer(rebasing: b[method]), as: UTF8.self) + " /"
            + String(decoding: UnsafeBufferPointer(rebasing: b[first]), as: UTF8.self)
        return add(name, hash: h)
    }

    private mutating func learn(_ b: UnsafeBufferPointer<UInt8>, name: Range<Int>) -> Int32 {
        let h = TraceParser.hash(b, name)
        if let index = learnt[h] { return index }
        return add(String(decoding: UnsafeBufferPointer(rebasing: b[name]), as: UTF8.self), hash: h)
    }

    private mutating func add(_ name: String, hash: UInt64) -> Int32 {
        if classNames.count >= TraceParser.maxLearntClasses {
            if let other = classNames.firstIndex(of: "other") { learnt[hash] = Int32(other); return Int32(other) }
        }
        classNames.append(classNames.count >= TraceParser.maxLearntClasses ? "other" : name)
        classBytes.append(Array(classNames[classNames.count - 1].utf8))
        learnt[hash] = Int32(classNames.count - 1)
        return Int32(classNames.count - 1)
    }

    // MARK: Fields

    /// Segment `index` (1-based) of the path in `path`; empty when it has fewer.
    static func segment(_ b: UnsafeBufferPointer<UInt8>, _ path: Range<Int>, _ index: Int) -> Range<Int> {
        var i = path.lowerBound
        if i < path.upperBound, b[i] == 47 { i += 1 }
        var number = 1
        while i <= path.upperBound {
            var e = i
            while e < path.upperBound, b[e] != 47 { e += 1 }
            if number == index { return i ..< e }
            number += 1
            i = e + 1
        }
        return 0 ..< 0
    }

    /// The value of query parameter `name` in `query` (`a=1&b=2`); empty when absent.
    static func query(_ b: UnsafeBufferPointer<UInt8>, _ query: Range<Int>, _ name: [UInt8]) -> Range<Int> {
        var i = query.lowerBound
        while i < query.upperBound {
            var e = i
            while e < query.upperBound, b[e] != 38 { e += 1 }  // '&'
            var eq = i
            while eq < e, b[eq] != 61 { eq += 1 }  // '='
            if equal(b, i ..< eq, name) { return min(eq + 1, e) ..< e }
            i = e + 1
        }
        return 0 ..< 0
    }

    /// The id and hash of a field's text: a whole number below `count` is its own id; any other
    /// text is `hash mod count`. Empty text: id 0, hash 0.
    static func id(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, count: UInt64) -> (Int32, UInt64) {
        guard !r.isEmpty else { return (0, 0) }
        let h = hash(b, r)
        if r.count <= 18 {
            var value: UInt64 = 0
            var numeric = true
            for i in r {
                let d = b[i] &- 48
                guard d < 10 else { numeric = false; break }
                value = value * 10 + UInt64(d)
            }
            if numeric && value < count { return (Int32(value), h) }
        }
        return (Int32(h % count), h)
    }

    /// FNV-1a over the bytes of `r` (never 0, which means absent).
    static func hash(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var h = seed
        for i in r { h = (h ^ UInt64(b[i])) &* 0x0000_0100_0000_01b3 }
        return h == 0 ? 1 : h
    }

    static func equal(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ text: [UInt8]) -> Bool {
        guard r.count == text.count else { return false }
        var j = 0
        for i in r {
            if b[i] != text[j] { return false }
            j += 1
        }
        return true
    }

    /// Whether `s[si ..< end]` matches pattern `p[pi...]`: `*` any run without `/`, `**` any run.
    static func glob(_ p: [UInt8], _ pi: Int, _ s: UnsafeBufferPointer<UInt8>, _ si: Int, _ end: Int) -> Bool {
        var pi = pi
        var si = si
        while pi < p.count {
            if p[pi] == 42 {
                let double = pi + 1 < p.count && p[pi + 1] == 42
                let next = pi + (double ? 2 : 1)
                var k = si
                while true {
                    if glob(p, next, s, k, end) { return true }
                    if k == end || (!double && s[k] == 47) { return false }
                    k += 1
                }
            }
            guard si < end, s[si] == p[pi] else { return false }
            pi += 1
            si += 1
        }
        return si == end
    }

    // MARK: Numbers and times

    private static let powersOfTen: [Double] = (0 ... 18).map { i in (0 ..< i).reduce(1.0) { r, _ in r * 10 } }

    /// A decimal number `digits[.digits]` in `r`, or nil.
    static func number(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Double? {
        var whole: UInt64 = 0
        var fraction: UInt64 = 0
        var fractionDigits = 0
        var digits = 0
        var inFraction = false
        for i in r {
            let c = b[i]
            if c == 46 {
                if inFraction { return nil }
                inFraction = true
                continue
            }
            let d = c &- 48
            guard d < 10 else { return nil }
            digits += 1
            if inFraction {
                if fractionDigits < 18 { fraction = fraction * 10 + UInt64(d); fractionDigits += 1 }
            } else {
                guard whole < 100_000_000_000_000_000 else { return nil }
                whole = whole * 10 + UInt64(d)
            }
        }
        guard digits > 0 else { return nil }
        return Double(whole) + Double(fraction) / powersOfTen[fractionDigits]
    }

    /// A duration: a number of seconds, or a number with `us`, `ms`, `s` or `m`.
    static func duration(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Double? {
        var e = r.upperBound
        while e > r.lowerBound, (b[e - 1] >= 97 && b[e - 1] <= 122) { e -= 1 }
        guard let value = number(b, r.lowerBound ..< e) else { return nil }
        let unit = e ..< r.upperBound
        if unit.isEmpty || equal(b, unit, [115]) { return value }
        if equal(b, unit, [109, 115]) { return value / 1000 }
        if equal(b, unit, [117, 115]) { return value / 1_000_000 }
        if equal(b, unit, [109]) { return value * 60 }
        return nil
    }

    private static func twoDigits(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let a = b[i] &- 48, c = b[i + 1] &- 48
        guard a < 10, c < 10 else { return nil }
        return Int(a) * 10 + Int(c)
    }

    /// Days from 1970-01-01 to the civil date (proleptic Gregorian; Hinnant's algorithm).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static let months: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                                            "Dec"].map { Array($0.utf8) }

    /// `07/Dec/2026:20:00:00 +0000` as epoch seconds.
    static func accessLogTime(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Double? {
        guard r.count == 26 else { return nil }
        let s = r.lowerBound
        guard b[s + 2] == 47, b[s + 6] == 47, b[s + 11] == 58, b[s + 14] == 58, b[s + 17] == 58, b[s + 20] == 32,
              let day = twoDigits(b, s), let y1 = twoDigits(b, s + 7), let y2 = twoDigits(b, s + 9),
              let hour = twoDigits(b, s + 12), let minute = twoDigits(b, s + 15), let second = twoDigits(b, s + 18),
              let zh = twoDigits(b, s + 22), let zm = twoDigits(b, s + 24),
              b[s + 21] == 43 || b[s + 21] == 45,
              let month = months.firstIndex(where: { equal(b, s + 3 ..< s + 6, $0) }),
              (1 ... 31).contains(day), hour < 24, minute < 60, second < 61, zh < 24, zm < 60
        else { return nil }
        let offset = (zh * 3600 + zm * 60) * (b[s + 21] == 45 ? -1 : 1)
        let d = days(year: y1 * 100 + y2, month: month + 1, day: day)
        return Double(d * 86_400 + hour * 3600 + minute * 60 + second - offset)
    }

    /// A CSV timestamp: seconds (`12.5`), or ISO 8601 `2026-12-07T20:00:00[.fff][Z|±hh:mm]`.
    static func csvTime(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Double? {
        if let seconds = number(b, r) { return seconds }
        let s = r.lowerBound
        guard r.count >= 19, b[s + 4] == 45, b[s + 7] == 45, b[s + 10] == 84 || b[s + 10] == 32, b[s + 13] == 58,
              b[s + 16] == 58,
              let y1 = twoDigits(b, s), let y2 = twoDigits(b, s + 2), let month = twoDigits(b, s + 5),
              let day = twoDigits(b, s + 8), let hour = twoDigits(b, s + 11), let minute = twoDigits(b, s + 14),
              let second = twoDigits(b, s + 17), (1 ... 12).contains(month), (1 ... 31).contains(day), hour < 24,
              minute < 60, second < 61
        else { return nil }
        var i = s + 19
        var fraction = 0.0
        if i < r.upperBound, b[i] == 46 {
            var e = i + 1
            while e < r.upperBound, b[e] &- 48 < 10 { e += 1 }
            guard let f = number(b, i ..< e) else { return nil }
            fraction = f
            i = e
        }
        var offset = 0
        if i < r.upperBound {
            if b[i] == 90 && i + 1 == r.upperBound {
                offset = 0
            } else if (b[i] == 43 || b[i] == 45), r.upperBound - i == 6, b[i + 3] == 58,
                      let zh = twoDigits(b, i + 1), let zm = twoDigits(b, i + 4) {
                offset = (zh * 3600 + zm * 60) * (b[i] == 45 ? -1 : 1)
            } else {
                return nil
            }
        }
        let d = days(year: y1 * 100 + y2, month: month, day: day)
        return Double(d * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
    }
}
