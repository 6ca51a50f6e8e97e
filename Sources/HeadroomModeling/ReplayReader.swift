import HeadroomComponents

/// `traffic.replay` as read: the replay the builder turns into a `ReplaySpec`, with the class
/// names of its rules still names (the builder maps them to class indices).
struct ReplayModel {
    /// The `replay` value.
    var ref: SourceRef
    /// The trace file, resolved against the model file's directory.
    var file: String
    var format: TraceFormat
    var rules: [(className: String, method: String?, path: String?)]
    var key: TraceField?
    var tenant: TraceField?
    var session: TraceField?
    var from: Double
    var to: Double?
    var speed: Double
    var loop: Bool
    /// Each class's mean arrival rate in the run, requests per second, estimated from the
    /// trace's first `rateSample` requests in the window (exact for a shorter trace), speed-up
    /// included: what explain and load searches read as the class's rate.
    var classRates: [Double] = []
}

/// Reads `traffic.replay`: a file name, or a mapping with the file and its options. The trace's
/// header (CSV) and first lines are read when the model loads, so a missing file, a wrong format
/// or an unknown column is a located error before anything runs; with `strict: true`, the whole
/// trace is read then and every line that cannot be read is an error at its line and column.
enum ReplayReader {
    /// The keys of `traffic.replay` as a mapping.
    static let keys = ["file", "format", "classes", "key", "tenant", "session", "window", "speed", "loop", "strict"]
    /// The formats, as model files spell them (`common` and `combined` read the same way).
    static let formats = ["combined", "common", "csv"]
    /// The keys of a class rule.
    static let ruleKeys = ["class", "method", "path"]
    /// The keys of a field mapping: one source and a count.
    static let fieldSources = ["segment", "query", "column", "field"]
    /// The access-log fields a mapping may name (`field: client`).
    static let logFields = ["client", "user"]
    /// HTTP methods, for suggestions when a rule's method is not one.
    static let methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"]
    /// The default `count` of a key, tenant or session mapping.
    static let defaultCount = 10_000
    /// Most `*` in a path pattern (matching backtracks over them).
    static let maxStars = 8
    /// Lines read at load time to check the format when the trace is not read whole (`strict`).
    static let sniffedLines = 100
    /// Requests read at load time to estimate the classes' rates.
    static let rateSample = 10_000
    /// The rate of a class the sample did not see, requests per second (a rate must be > 0).
    static let unseenRate = 1e-6

    /// Reads `reader`; `classNames` are the model's classes (rules and a CSV `class` column name
    /// them); `directory` is the model file's. `nil` after reporting every problem.
    static func read(_ reader: NodeReader, directory: String, classNames: [String]) -> ReplayModel? {
        let expected = "a trace file such as access.log, or { file: access.log, speed: 3x, … }"
        let fileReader: NodeReader
        var m: MappingReader?
        if case .scalar = reader.node {
            fileReader = reader
        } else {
            guard let mapping = reader.mapping(expected) else { return nil }
            mapping.rejectUnknownKeys(allowed: keys)
            guard let value = mapping.required("file", "the trace file, such as data/access.log") else { return nil }
            fileReader = value
            m = mapping
        }
        guard let path = fileReader.string("the trace file, such as data/access.log") else { return nil }
        let file = CSVProfileReader.resolve(path, directory: directory)

        var ok = true
        var format: TraceFormat = path.lowercased().hasSuffix(".csv") ? .csv : .accessLog
        if let value = m?.value("format") {
            if let name = value.choice(formats, noun: "trace format") {
                format = name == "csv" ? .csv : .accessLog
            } else {
                ok = false
            }
        }
        var rules: [(className: String, method: String?, path: String?)] = []
        if let value = m?.value("classes") {
            if let list = readRules(value, classNames: classNames, format: format) { rules = list } else { ok = false }
        }
        func field(_ name: String) -> TraceField?? {
            guard let value = m?.value(name) else { return .some(nil) }
            guard let f = mapping(value, format: format) else { return nil }
            return .some(f)
        }
        let key = field("key"), tenant = field("tenant"), session = field("session")
        var from = 0.0
        var to: Double?
        if let value = m?.value("window") {
            if let window = window(value) { (from, to) = window } else { ok = false }
        }
        var speed = 1.0
        if let value = m?.value("speed") {
            if let s = speedUp(value) { speed = s } else { ok = false }
        }
        let loop = m?.value("loop").map { $0.boolean() } ?? false
        let strict = m?.value("strict").map { $0.boolean() } ?? false
        guard ok, let key, let tenant, let session, let loop, let strict else { return nil }

        var model = ReplayModel(
            ref: reader.ref, file: file, format: format, rules: rules, key: key, tenant: tenant, session: session,
            from: from, to: to, speed: speed, loop: loop)
        guard check(&model, at: fileReader, path: path, classNames: classNames, strict: strict) else { return nil }
        return model
    }

    /// `[{ class: checkout, method: POST, path: /checkout/** }, …]`.
    private static func readRules(
        _ value: NodeReader, classNames: [String], format: TraceFormat
    ) -> [(className: String, method: String?, path: String?)]? {
        guard let items = value.list("a list of rules such as [{ class: browse, method: GET, path: /products/* }]") else {
            return nil
        }
        if format == .csv {
            value.error("class rules read an access log's method and path; a CSV trace names its class in a class column")
            return nil
        }
        var rules: [(className: String, method: String?, path: String?)] = []
        var ok = true
        for item in items {
            guard let rule = item.mapping("a rule such as { class: browse, method: GET, path: /products/* }") else {
                ok = false
                continue
            }
            rule.rejectUnknownKeys(allowed: ruleKeys)
            let nameReader = rule.required("class", "the class the matching requests belong to")
            let name = nameReader?.string("a class name")
            if let name, let nameReader, !classNames.contains(name) {
                nameReader.error(
                    "unknown class '\(name)' (expected one of: \(Suggestion.listed(classNames)))",
                    suggestion: Suggestion.nearest(to: name, in: classNames))
                ok = false
            }
            var method: String?
            if let m = rule.value("method"), let text = m.string("an HTTP method such as GET") {
                if text.isEmpty || !text.unicodeScalars.allSatisfy({ $0.value >= 65 && $0.value <= 90 }) {
                    m.error(
                        "expected an HTTP method in capitals such as GET or POST, found '\(text)'",
                        suggestion: Suggestion.nearest(to: text.uppercased(), in: methods) ?? (methods.contains(text.uppercased()) ? text.uppercased() : nil))
                    ok = false
                } else if !methods.contains(text) {
                    m.error(
                        "unknown HTTP method '\(text)' (expected one of: \(methods.joined(separator: ", ")))",
                        suggestion: Suggestion.nearest(to: text, in: methods))
                    ok = false
                } else {
                    method = text
                }
            } else if rule.has("method") {
                ok = false
            }
            var path: String?
            if let p = rule.value("path"), let text = p.string("a path pattern such as /products/*") {
                if let problem = patternProblem(text) {
                    p.error("bad path pattern '\(text)': \(problem)")
                    ok = false
                } else {
                    path = text
                }
            } else if rule.has("path") {
                ok = false
            }
            guard let name, nameReader != nil else {
                ok = false
                continue
            }
            rules.append((name, method, path))
        }
        return ok ? rules : nil
    }

    /// What is wrong with a path pattern, or nil.
    static func patternProblem(_ text: String) -> String? {
        guard let first = text.first else { return "expected a pattern such as /products/*, found an empty one" }
        guard first == "/" || first == "*" else { return "a path pattern starts with / or *, such as /products/*" }
        guard !text.contains(where: { $0 == " " || $0 == "\t" }) else { return "a path pattern has no spaces" }
        guard !text.contains("?") else {
            return "a path pattern matches the path without its query; map query parameters with key, tenant or session"
        }
        guard !text.contains("***") else { return "expected * (within a segment) or ** (across segments), found ***" }
        guard text.filter({ $0 == "*" }).count <= maxStars else { return "expected at most \(maxStars) *" }
        return nil
    }

    /// `{ segment: 2, count: 1000 }`, `{ query: tenant }`, `{ column: user_id }`, `{ field: client }`.
    private static func mapping(_ value: NodeReader, format: TraceFormat) -> TraceField? {
        let expected = "a mapping such as { segment: 2, count: 10000 }, { query: tenant } or { field: client }"
        guard let m = value.mapping(expected) else { return nil }
        m.rejectUnknownKeys(allowed: fieldSources + ["count"])
        let count = m.value("count").map { $0.integer(atLeast: 1, atMost: Bounds.population) } ?? defaultCount
        let given = fieldSources.filter { m.has($0) }
        let csvOnly = ["column"]
        guard given.count == 1, let name = given.first else {
            value.error(
                given.isEmpty
                    ? "expected one source, \(fieldSources.joined(separator: ", ")) (\(expected))"
                    : "expected one source, found \(given.count): \(given.joined(separator: ", "))")
            return nil
        }
        let sourceReader = m.value(name)!
        if format == .csv && !csvOnly.contains(name) {
            sourceReader.error("a CSV trace gives fields by column; expected { column: NAME }, found '\(name)'")
            return nil
        }
        if format == .accessLog && csvOnly.contains(name) {
            sourceReader.error("an access log has no columns; expected segment, query or field, found '\(name)'")
            return nil
        }
        let source: TraceFieldSource?
        switch name {
        case "segment": source = sourceReader.integer(atLeast: 1, atMost: 1000).map { .segment($0) }
        case "query": source = sourceReader.string("a query parameter name such as tenant").map { .query($0) }
        case "column": source = sourceReader.string("a column name such as user_id").map { .column($0) }
        case "field": source = sourceReader.choice(logFields, noun: "access-log field").map { $0 == "client" ? .client : .user }
        default: preconditionFailure("unknown field source \(name)")
        }
        guard let source, let count else { return nil }
        return TraceField(source: source, count: count)
    }

    /// `{ from: 10m, to: 30m }`: offsets from the start of the trace's first second.
    private static func window(_ value: NodeReader) -> (Double, Double?)? {
        guard let m = value.mapping("a window such as { from: 10m, to: 30m }") else { return nil }
        m.rejectUnknownKeys(allowed: ["from", "to"])
        let from = m.value("from").map { $0.duration(.nonNegative) } ?? 0
        let toReader = m.value("to")
        let to = toReader.map { $0.duration(.positive) }
        guard let from else { return nil }
        if let to {
            guard let to else { return nil }
            if to <= from {
                toReader?.error(
                    "to (\(Formatting.seconds(to))) is not after from (\(Formatting.seconds(from))); expected from < to")
                return nil
            }
            return (from, to)
        }
        return (from, nil)
    }

    /// `3x`, `3×` or `3`: a speed-up > 0.
    private static func speedUp(_ value: NodeReader) -> Double? {
        guard let text = value.scalar("a speed-up such as 3x") else { return nil }
        var number = text.trimmingSpaces
        if number.hasSuffix("x") || number.hasSuffix("×") { number.removeLast() }
        guard let (speed, unit) = Units.splitNumber(number), unit.isEmpty, speed > 0, speed <= 1e6 else {
            value.error("expected a speed-up > 0 (at most 1000000x) such as 3x or 0.5x, found '\(text)'")
            return nil
        }
        return speed
    }

    /// Opens the trace: it must be readable, a CSV one must have a known header, and at least
    /// one of its first lines must read as a request of its format (else the format is wrong).
    /// With `strict`, reads it whole and reports every bad line. Fills in CSV columns that the
    /// model does not map but the header has.
    private static func check(
        _ model: inout ReplayModel, at reader: NodeReader, path: String, classNames: [String], strict: Bool
    ) -> Bool {
        var spec = ReplaySpec(
            file: model.file, format: model.format, classNames: classNames, rules: [], key: model.key,
            tenant: model.tenant, session: model.session)
        let source: TraceSource
        do {
            source = try TraceSource(spec: spec, seed: 1)
        } catch {
            if let line = error.line {
                reader.sink.report(error.message, inFile: model.file, line: line, column: error.column ?? 1, path: reader.path)
            } else {
                let relative = model.file == path ? "" : " (relative to the model file's directory)"
                reader.error(error.message + relative)
            }
            return false
        }
        var ok = true
        if model.format == .csv {
            let known = TraceSource.csvColumns
            for (name, column) in source.unknownColumns {
                let mapped = [model.key, model.tenant, model.session].contains { field in
                    if case .column(let c)? = field?.source { return c == name }
                    return false
                }
                if mapped { continue }
                reader.sink.report(
                    "unknown column '\(name)' in the CSV trace's header (expected: \(known.joined(separator: ", ")), "
                        + "or a column that key, tenant or session maps)"
                        + (Suggestion.nearest(to: name, in: known).map { "; did you mean '\($0)'?" } ?? ""),
                    inFile: model.file, line: source.headerLine, column: column, path: reader.path)
                ok = false
            }
            // The columns the header has and the model does not map: read with the default count.
            if model.key == nil, source.hasColumn("key") { model.key = TraceField(source: .column("key"), count: defaultCount) }
            if model.tenant == nil, source.hasColumn("tenant") {
                model.tenant = TraceField(source: .column("tenant"), count: defaultCount)
            }
            if model.session == nil, source.hasColumn("session") {
                model.session = TraceField(source: .column("session"), count: defaultCount)
            }
            if !source.hasColumn("class"), classNames.count > 1 {
                reader.sink.report(
                    "the CSV trace has no class column, and the model has \(classNames.count) classes; add a class "
                        + "column naming one of \(Suggestion.listed(classNames)) on every line",
                    inFile: model.file, line: source.headerLine, column: 1, path: reader.path)
                ok = false
            }
        } else if model.rules.isEmpty, classNames.count > 1 {
            reader.error(
                "an access log needs class rules when the model has \(classNames.count) classes; add "
                    + "classes: [{ class: \(classNames[0]), method: GET, path: /… }, …] to traffic.replay")
            ok = false
        }
        guard ok else { return false }
        spec.key = model.key
        spec.tenant = model.tenant
        spec.session = model.session
        spec.rules = model.rules.map { rule in
            TraceClassRule(classIndex: classNames.firstIndex(of: rule.className) ?? 0, method: rule.method, path: rule.path)
        }
        // Read it again with the mappings complete: the first lines (or all, when strict).
        guard let lines = try? TraceSource(spec: spec, seed: 1) else { return false }
        if !strict { lines.lastLine = lines.headerLine + sniffedLines }
        var requests = 0
        while lines.next() != nil {
            requests += 1
            if !strict { break }
        }
        if strict, lines.badLines > 0 {
            for problem in lines.problems {
                reader.sink.report(
                    problem.kind.message + (problem.found.isEmpty ? "" : ", found '\(problem.found)'")
                        + " (strict: true makes every bad line an error)",
                    inFile: model.file, line: problem.line, column: problem.column, path: reader.path)
            }
            if lines.badLines > lines.problems.count {
                reader.error("\(lines.badLines - lines.problems.count) more bad lines in trace '\(model.file)' are not listed")
            }
            return false
        }
        if requests > 0 { model.classRates = estimateRates(spec, model: model) }
        if requests == 0 {
            let what = model.format == .csv ? "a CSV request line" : "an access-log line"
            if let problem = lines.problems.first {
                reader.sink.report(
                    "no line of the trace's first \(lines.badLines) reads as \(what) (is the format right? format: "
                        + "\(model.format == .csv ? "csv" : "combined")); the first: " + problem.kind.message
                        + (problem.found.isEmpty ? "" : ", found '\(problem.found)'"),
                    inFile: model.file, line: problem.line, column: problem.column, path: reader.path)
            } else {
                reader.error("trace '\(model.file)' has no requests")
            }
            return false
        }
        return true
    }

    /// The classes' mean rates over the first `rateSample` requests of the window: each class's
    /// count over the span from `from` to the end of the last request's second, times the speed.
    private static func estimateRates(_ spec: ReplaySpec, model: ReplayModel) -> [Double] {
        var counts = [Int](repeating: 0, count: spec.classNames.count)
        guard let source = try? TraceSource(spec: spec, seed: 1) else { return counts.map { _ in unseenRate } }
        var origin = Double.nan
        var last = model.from
        var seen = 0
        while seen < rateSample, let r = source.next() {
            if origin.isNaN { origin = r.time.rounded(.down) }
            let offset = r.time - origin
            if offset < model.from { continue }
            if let to = model.to, offset >= to { break }
            counts[Int(r.classIndex)] += 1
            last = offset
            seen += 1
        }
        let span = Swift.max(1, (last - model.from).rounded(.down) + 1)
        return counts.map { Swift.max(Double($0) / span * model.speed, unseenRate) }
    }
}
