import HeadroomKernel

/// Streams the requests of a trace file in time order, in memory that does not grow with the
/// file's length: one read buffer (`TraceLineReader`) and, for access logs, the requests of one
/// logged second.
///
/// Access-log timestamps have a resolution of one second: the requests of one second are read
/// together and spread over it as uniform order statistics (gaps from exponential draws of the
/// `replay` stream, so the same seed gives the same times), the arrival times a Poisson process
/// would give with that count. A line logged out of order (nginx writes a line when the request
/// ends) joins the second being read. A CSV timestamp is taken as written; one earlier than the
/// line before is replayed at that line's time. Both cases are counted as `reordered`.
///
/// Lines that cannot be read are counted, and the first `reportedProblems` kept with their line
/// and column; they never stop the source.
public final class TraceSource {
    /// Problems kept with their position; the rest are only counted.
    public static let reportedProblems = 10
    /// Requests of one second the group buffer holds before it has to grow.
    static let groupCapacity = 4096
    /// Most requests of one logged second replayed (about 72 MB of group buffer): beyond it the
    /// rest of that second is counted as bad lines, so that a log whose lines all carry one
    /// timestamp cannot take the machine's memory.
    public static let maxGroup = 1 << 20
    /// `maxGroup`, lowered by tests.
    var groupLimit = TraceSource.maxGroup

    public let spec: ReplaySpec
    private let reader: TraceLineReader
    private var parser: TraceParser
    private var stream: RandomStream
    private var group: [RecordedRequest] = []
    private var cursor = 0
    private var pending: RecordedRequest?
    private var lastTime = -Double.infinity
    /// Whether problems and reorderings are counted (the first pass only).
    private var counting = true

    /// Lines that could not be read (first pass).
    public private(set) var badLines = 0
    /// The first `reportedProblems` of them.
    public private(set) var problems: [TraceLineProblem] = []
    /// Requests logged out of time order (first pass).
    public private(set) var reordered = 0
    /// CSV: the header's columns that the format does not know, with their column numbers.
    public private(set) var unknownColumns: [(name: String, column: Int)] = []
    /// CSV: the line of the header.
    public private(set) var headerLine = 0
    /// CSV: the header's column names.
    public private(set) var columns: [String] = []
    /// The last line read: the source ends after it (a look at a trace's first lines).
    public var lastLine = Int.max
    /// The CSV columns the format knows.
    public static var csvColumns: [String] { TraceParser.csvColumns }

    /// Whether the CSV header has column `name`.
    public func hasColumn(_ name: String) -> Bool { columns.contains(name) }

    /// The class names: the spec's, and in open mode those learnt so far.
    public var classNames: [String] { parser.classNames }
    /// Capacities of the read buffer (bytes) and of the group buffer (requests): fixed for a
    /// trace whose busiest second fits the group buffer, whatever its length.
    public var bufferCapacities: (read: Int, group: Int) { (reader.capacity, group.capacity) }

    /// Opens `spec.file`; `openClasses` learns class names from the trace (analysis without a
    /// model). Throws when the file cannot be read, or a CSV trace has no header with a
    /// `timestamp` column.
    public init(
        spec: ReplaySpec, seed: UInt64, openClasses: Bool = false, readCapacity: Int = 1 << 20
    ) throws(TraceFileError) {
        self.spec = spec
        reader = try TraceLineReader(path: spec.file, capacity: readCapacity)
        parser = TraceParser(spec: spec, openClasses: openClasses)
        stream = RandomStream(seed: seed, name: "replay")
        group.reserveCapacity(TraceSource.groupCapacity)
        if spec.format == .csv {
            try readHeader()
        }
    }

    private func readHeader() throws(TraceFileError) {
        while let line = reader.next() {
            if isBlankOrComment(line.bytes) { continue }
            let (unknown, hasTimestamp) = parser.readHeader(line.bytes, spec: spec)
            headerLine = line.number
            columns = parser.columnNames
            unknownColumns = unknown.map { (name: $0.0, column: $0.1) }
            guard hasTimestamp else {
                throw TraceFileError(
                    message: "the CSV trace's header has no timestamp column; expected a header such as "
                        + "timestamp,class,key", line: line.number, column: 1)
            }
            return
        }
        throw TraceFileError(
            message: "the CSV trace is empty; expected a header such as timestamp,class,key and a line per request",
            line: 1, column: 1)
    }

    private func isBlankOrComment(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count, b[i] == 32 || b[i] == 9 { i += 1 }
        return i == b.count || b[i] == 35
    }

    /// Goes back to the first request; problems are not counted again.
    public func rewind() {
        reader.rewind()
        counting = false
        group.removeAll(keepingCapacity: true)
        cursor = 0
        pending = nil
        lastTime = -.infinity
        if spec.format == .csv {
            while let line = reader.next(), line.number < headerLine {}
        }
    }

    /// The next request, in time order; nil at the end of the file.
    public func next() -> RecordedRequest? {
        if cursor < group.count {
            cursor += 1
            return group[cursor - 1]
        }
        switch spec.format {
        case .csv:
            guard var request = read() else { return nil }
            if request.time < lastTime {
                request.time = lastTime
                if counting { reordered += 1 }
            }
            lastTime = request.time
            return request
        case .accessLog:
            return nextOfSecond()
        }
    }

    /// Reads the requests of the next logged second into `group`, spreads them over it and
    /// returns the first.
    private func nextOfSecond() -> RecordedRequest? {
        group.removeAll(keepingCapacity: true)
        cursor = 0
        guard let first = pending ?? read() else { return nil }
        pending = nil
        let second = Swift.max(first.time, lastTime)
        if first.time < second, counting { reordered += 1 }
        group.append(first)
        while let request = read() {
            if request.time > second {
                pending = request
                break
            }
            if request.time < second, counting { reordered += 1 }
            guard group.count < groupLimit else {
                problem(request.line, column: 1, kind: .crowdedSecond, found: "")
                continue
            }
            group.append(request)
        }
        lastTime = second + 1
        var total = 0.0
        for i in group.indices {
            total += stream.nextStandardExponential()
            group[i].time = total
        }
        total += stream.nextStandardExponential()
        for i in group.indices { group[i].time = second + group[i].time / total }
        cursor = 1
        return group[0]
    }

    /// The next request the file gives, counting the lines it cannot read.
    private func read() -> RecordedRequest? {
        while let line = reader.next() {
            if line.number > lastLine { return nil }
            if line.overlong {
                problem(line.number, column: 1, kind: .overlong, found: "")
                continue
            }
            switch parser.parse(line.bytes, line: line.number) {
            case .request(let request):
                return request
            case .skip:
                continue
            case .problem(let column, let kind, let found):
                guard counting else { continue }
                let text = problems.count < TraceSource.reportedProblems
                    ? String(decoding: UnsafeBufferPointer(rebasing: line.bytes[found.clamped(to: 0 ..< min(line.bytes.count, found.lowerBound + 60))]), as: UTF8.self)
                    : ""
                problem(line.number, column: column, kind: kind, found: text)
            }
        }
        return nil
    }

    private func problem(_ line: Int, column: Int, kind: TraceProblemKind, found: String) {
        guard counting else { return }
        badLines += 1
        if problems.count < TraceSource.reportedProblems {
            problems.append(TraceLineProblem(line: line, column: column, kind: kind, found: found))
        }
    }
}
