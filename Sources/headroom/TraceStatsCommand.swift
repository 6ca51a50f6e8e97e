import ArgumentParser
import HeadroomAnalysis
import HeadroomComponents
import HeadroomModeling

/// `headroom trace-stats FILE`: what a recorded trace says about its traffic, and with `--fit`
/// the synthetic `traffic:` section that matches it.
struct TraceStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace-stats",
        abstract: "Describe a recorded trace: rate over time, class mix, key and tenant popularity, burstiness.",
        discussion: """
            Reads an access log (nginx/Apache common or combined format) or a CSV trace \
            (timestamp, class, key, tenant, session, duration columns) in one streaming pass. With \
            --model, the model's traffic.replay gives the format, the class rules and the key, \
            tenant and session mappings (and the file, when FILE is left out); without it, classes \
            are METHOD /first-path-segment (or the CSV class column). --fit prints the synthetic \
            traffic: section (rate, profile, class shares, keys and tenants with Zipf exponents). \
            Exit code 1 when the trace cannot be read.
            """)

    @Argument(help: ArgumentHelp("The trace file (default with --model: its traffic.replay file).", valueName: "file"),
              completion: .file())
    var file: String?

    @Option(help: ArgumentHelp("A model whose traffic.replay maps the trace.", valueName: "model"),
            completion: .file(extensions: ["yaml", "yml"]))
    var model: String?

    @Option(help: ArgumentHelp("combined, common or csv (default: csv for a .csv file, else combined).", valueName: "format"))
    var format: String?

    @Option(help: ArgumentHelp("Where keys come from: segment:N, query:NAME, column:NAME or field:client|user.",
                               valueName: "source"))
    var key: String?

    @Option(help: ArgumentHelp("Where tenants come from (as --key).", valueName: "source"))
    var tenant: String?

    @Option(help: ArgumentHelp("Where sessions come from (as --key).", valueName: "source"))
    var session: String?

    @Option(help: ArgumentHelp("Window of the rate over time: seconds, or 10s, 5m, 1h (default: chosen).",
                               valueName: "duration"))
    var window: String?

    @Flag(help: "Print the synthetic traffic: section that matches the trace instead of the report.")
    var fit = false

    @Flag(help: ArgumentHelp(
        "Print the report's figures as one JSON document.",
        discussion: "file, format, requests, bad_lines, problems (line, column, kind, found), reordered, start, span, "
            + "mean_rate, window, rate_over_time (offset, requests, rate), rate_varies, classes (name, requests, "
            + "share, keys, tenants), keys and tenants (distinct, zipf, top_share), sessions, burstiness (window, "
            + "windows, index), durations (mean, p50, p99); seconds, per second, shares 0 to 1; null where the "
            + "trace says nothing."))
    var json = false

    func validate() throws {
        guard !(fit && json) else { throw ValidationError("--fit and --json cannot be combined") }
    }

    func run() throws {
        try exitingOnFailure {
            let (spec, open) = try replaySpec()
            let seconds = try window.map(Self.seconds)
            let stats: TraceStatistics
            do throws(TraceFileError) {
                stats = try TraceStatistics.read(spec, openClasses: open, window: seconds)
            } catch {
                throw Failure(Self.located(error, file: spec.file))
            }
            if json {
                print(try JSONOutput.string(TraceStatsDocument(stats)))
                return
            }
            print(fit ? stats.fittedTraffic : stats.text, terminator: fit ? "" : "\n")
        }
    }

    /// The replay to read: the model's, or one from the options; and whether classes are learnt.
    private func replaySpec() throws -> (ReplaySpec, Bool) {
        if let model {
            let loaded: LoadedModel
            do {
                loaded = try ModelLoader.load(file: model)
            } catch let error as ModelError {
                throw Failure(error.description)
            }
            guard var replay = loaded.spec.replay else {
                throw Failure("\(model): the model has no traffic.replay to read the trace's mapping from")
            }
            if let file { replay.file = file }
            return (replay, false)
        }
        guard let file else { throw Failure("trace-stats: give a trace file, or --model with traffic.replay") }
        let traceFormat: TraceFormat
        switch format {
        case nil: traceFormat = file.lowercased().hasSuffix(".csv") ? .csv : .accessLog
        case "csv"?: traceFormat = .csv
        case "combined"?, "common"?: traceFormat = .accessLog
        case let other?:
            let hint = TraceOptions.nearest(other, in: ["combined", "common", "csv"]).map { " (did you mean '\($0)'?)" } ?? ""
            throw Failure("--format: unknown trace format '\(other)' (expected one of: combined, common, csv)\(hint)")
        }
        var spec = ReplaySpec(file: file, format: traceFormat, classNames: [])
        spec.key = try key.map { try TraceOptions.field($0, flag: "--key", format: traceFormat) }
        spec.tenant = try tenant.map { try TraceOptions.field($0, flag: "--tenant", format: traceFormat) }
        spec.session = try session.map { try TraceOptions.field($0, flag: "--session", format: traceFormat) }
        if traceFormat == .csv {
            // Columns named key, tenant and session are read unless an option says otherwise.
            let header: TraceSource
            do throws(TraceFileError) { header = try TraceSource(spec: spec, seed: 1, openClasses: true) } catch {
                throw Failure(Self.located(error, file: file))
            }
            for (name, path) in [("key", \ReplaySpec.key), ("tenant", \ReplaySpec.tenant), ("session", \ReplaySpec.session)]
            where spec[keyPath: path] == nil && header.hasColumn(name) {
                spec[keyPath: path] = TraceField(source: .column(name), count: Int(Int32.max))
            }
        }
        return (spec, true)
    }

    private static func located(_ error: TraceFileError, file: String) -> String {
        guard let line = error.line else { return "trace-stats: " + error.message }
        return "\(file):\(line):\(error.column ?? 1): \(error.message)"
    }

    private static func seconds(_ text: String) throws -> Double {
        guard let value = TraceOptions.seconds(text), value >= 1 else {
            throw Failure("--window: expected a duration of at least 1s such as 10s, 5m or 1h, found '\(text)'")
        }
        return value.rounded(.down)
    }
}

/// Parsing of trace-stats' options (thin, so they say exactly what they expect).
enum TraceOptions {
    static let sources = ["segment", "query", "column", "field"]

    /// `segment:2`, `query:tenant`, `column:user_id`, `field:client`.
    static func field(_ text: String, flag: String, format: TraceFormat) throws -> TraceField {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let expected = "expected segment:N, query:NAME, column:NAME or field:client|user"
        guard parts.count == 2, !parts[1].isEmpty else { throw Failure("\(flag): \(expected), found '\(text)'") }
        let count = Int(Int32.max)
        switch parts[0] {
        case "segment":
            guard let n = Int(parts[1]), n >= 1, n <= 1000 else {
                throw Failure("\(flag): expected a segment number from 1 to 1000, found '\(parts[1])'")
            }
            return TraceField(source: .segment(n), count: count)
        case "query": return TraceField(source: .query(parts[1]), count: count)
        case "column":
            guard format == .csv else { throw Failure("\(flag): an access log has no columns; \(expected)") }
            return TraceField(source: .column(parts[1]), count: count)
        case "field":
            switch parts[1] {
            case "client": return TraceField(source: .client, count: count)
            case "user": return TraceField(source: .user, count: count)
            default: throw Failure("\(flag): unknown access-log field '\(parts[1])' (expected client or user)")
            }
        default:
            let hint = nearest(parts[0], in: sources).map { " (did you mean '\($0)'?)" } ?? ""
            throw Failure("\(flag): unknown source '\(parts[0])'; \(expected)\(hint)")
        }
    }

    /// Seconds from `10`, `10s`, `5m`, `1h`.
    static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            if let value = Double(text.dropLast(unit.count)) { return value * factor }
        }
        return Double(text)
    }

    /// The candidate within two edits of `word`, if any.
    static func nearest(_ word: String, in candidates: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var previous = Array(0 ... b.count)
            for i in 1 ... max(a.count, 1) where !a.isEmpty {
                var current = [i] + Array(repeating: 0, count: b.count)
                for j in 1 ... max(b.count, 1) where !b.isEmpty {
                    current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                }
                previous = current
            }
            return previous[b.count]
        }
        let best = candidates.map { ($0, distance(Array(word), Array($0))) }.min { $0.1 < $1.1 }
        return best.flatMap { $0.1 <= 2 ? $0.0 : nil }
    }
}
