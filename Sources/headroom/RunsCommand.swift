import ArgumentParser
import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomReport
import HeadroomStore

/// `headroom runs`: lists stored runs; `headroom runs show ID` prints one,
/// `headroom runs series ID` its metrics over time.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs in the store.",
        subcommands: [List.self, Show.self, Series.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List stored runs, newest first.")

        @Option(help: "Most runs to list.") var limit: Int = 50
        @Option(help: "Only runs of this model name.") var model: String?
        @Flag(help: ArgumentHelp(
            "Print CSV, one row per run, for notebooks.",
            discussion: "Columns: \(RunCSV.listHeader.joined(separator: ",")). Times in seconds, created_at in "
                + "ISO-8601 UTC, nan where a run has no number; just the header when there are no runs."))
        var csv = false
        @Flag(help: ArgumentHelp(
            "Print a JSON array, one object per run, newest first.",
            discussion: "Each: id, created_at (UTC), model, seed, status, status_reason, verdict, simulated_seconds, "
                + "wall_seconds, events, throughput, latency (mean, p50, p90, p99, p999, max; seconds), requests "
                + "(arrived, completed), errors, error_rate, cost, group_id, replication, replication_count; "
                + "\"nan\" where a run has no number; [] when there are no runs."))
        var json = false
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard !(csv && json) else { throw ValidationError("--csv and --json cannot be combined") }
        }

        /// One run in `--json`.
        struct Entry: Encodable {
            struct Latency: Encodable {
                var mean, p50, p90, p99, p999, max: Double
            }
            struct Requests: Encodable {
                var arrived, completed: Double
            }
            var id: Int64
            var createdAt: String
            var model: String
            var seed: UInt64
            var status: String
            var statusReason: String?
            var verdict: String?
            var simulatedSeconds: Double
            var wallSeconds: Double
            var events: UInt64
            var throughput: Double
            var latency: Latency
            var requests: Requests
            var errors: Double
            var errorRate: Double
            var cost: Double
            var groupId: Int64
            var replication: Int
            var replicationCount: Int

            enum CodingKeys: String, CodingKey {
                case id, createdAt, model, seed, status, statusReason, verdict, simulatedSeconds, wallSeconds, events
                case throughput, latency, requests, errors, errorRate, cost, groupId, replication, replicationCount
            }

            /// Every key present: `status_reason` and `verdict` are null when the run has none.
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(id, forKey: .id)
                try c.encode(createdAt, forKey: .createdAt)
                try c.encode(model, forKey: .model)
                try c.encode(seed, forKey: .seed)
                try c.encode(status, forKey: .status)
                try c.encode(statusReason, forKey: .statusReason)
                try c.encode(verdict, forKey: .verdict)
                try c.encode(simulatedSeconds, forKey: .simulatedSeconds)
                try c.encode(wallSeconds, forKey: .wallSeconds)
                try c.encode(events, forKey: .events)
                try c.encode(throughput, forKey: .throughput)
                try c.encode(latency, forKey: .latency)
                try c.encode(requests, forKey: .requests)
                try c.encode(errors, forKey: .errors)
                try c.encode(errorRate, forKey: .errorRate)
                try c.encode(cost, forKey: .cost)
                try c.encode(groupId, forKey: .groupId)
                try c.encode(replication, forKey: .replication)
                try c.encode(replicationCount, forKey: .replicationCount)
            }

            /// The run's listing with its stored summary metrics (`run_metrics`), NaN where missing.
            init(_ r: RunListing, metrics m: [String: Double]) {
                func value(_ name: String) -> Double { m[name] ?? .nan }
                let errorNames = ["requests_rejected", "requests_timed_out", "requests_pool_timed_out", "requests_failed",
                                  "requests_client_timed_out"]
                let errors = errorNames.reduce(0.0) { $0 + (m[$1] ?? 0) }
                let finished = (m["requests_completed"] ?? 0) + errors
                id = r.id
                createdAt = List.timestamp(r.createdAt)
                model = r.modelName
                seed = r.seed
                status = r.status.rawValue
                statusReason = r.statusReason
                verdict = r.verdict?.rawValue
                simulatedSeconds = r.simulatedSeconds
                wallSeconds = r.wallSeconds
                events = r.events
                throughput = r.throughput
                latency = Latency(
                    mean: value("latency_mean"), p50: value("latency_p50"), p90: value("latency_p90"),
                    p99: r.p99, p999: value("latency_p999"), max: value("latency_max"))
                requests = Requests(arrived: value("requests_arrived"), completed: value("requests_completed"))
                self.errors = errors
                errorRate = finished > 0 ? errors / finished : 0
                cost = value("cost")
                groupId = r.groupID
                replication = r.replication
                replicationCount = r.replicationCount
            }
        }

        func run() throws {
            try exitingOnFailure {
                let runStore = try store.openForReading()
                let runs = try runStore.listRuns(limit: limit, model: model)
                if json {
                    let metrics: [Int64: [String: Double]]
                    do {
                        metrics = try runStore.runMetrics(runIDs: runs.map(\.id))
                    } catch let error as StoreError {
                        throw Failure("\(error)")
                    }
                    print(try JSONOutput.string(runs.map { Entry($0, metrics: metrics[$0.id] ?? [:]) }))
                    return
                }
                if csv {
                    do {
                        print(RunCSV.list(runs, metrics: try runStore.runMetrics(runIDs: runs.map(\.id))))
                    } catch let error as StoreError {
                        throw Failure("\(error)")
                    }
                    return
                }
                guard !runs.isEmpty else {
                    print("no runs in \(store.path)" + (model.map { " for model '\($0)'" } ?? ""))
                    return
                }
                var rows = [["id", "created (UTC)", "model", "seed", "verdict", "simulated", "wall", "throughput", "p99", "rep"]]
                for r in runs {
                    rows.append([
                        String(r.id), Self.timestamp(r.createdAt), r.modelName, String(r.seed),
                        (r.verdict?.rawValue ?? r.status.rawValue),
                        Format.duration(r.simulatedSeconds), Format.number(r.wallSeconds, digits: 3) + "s",
                        Format.number(r.throughput) + "/s", Format.duration(r.p99),
                        r.replicationCount > 1 ? "\(r.replication + 1)/\(r.replicationCount)" : "",
                    ])
                }
                print(Format.table(rows))
            }
        }

        static func timestamp(_ date: Date) -> String {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = "yyyy-MM-dd HH:mm:ss"
            return f.string(from: date)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print one stored run.")

        @Argument(help: "The run id (from `headroom runs`).") var id: Int64
        @Flag(help: "Print one JSON document, as `headroom run --json` does.") var json = false
        @Flag(help: "With --json, include the time series, as `headroom run --json --series` does.")
        var series = false
        @Flag(help: "Also print the full model text.") var model = false
        @Flag(help: ArgumentHelp(
            "Print the run's summary metrics as CSV in long form (scope,name,metric,value).",
            discussion: "scope is run (name empty), class, component or resource (a replica's threads or cores, "
                + "a database node or shard); values at full precision, nan where the run has no number."))
        var csv = false
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard !series || json else { throw ValidationError("--series needs --json") }
            guard !csv || !(json || model) else { throw ValidationError("--csv cannot be combined with --json or --model") }
        }

        func run() throws {
            try exitingOnFailure {
                if csv {
                    try printCSV()
                    return
                }
                guard let stored = try store.openForReading().run(id: id) else {
                    throw Failure("no run \(id) in \(store.path) (list them with `headroom runs`)")
                }
                var report = RunReport(
                    runIDs: [stored.id], file: stored.modelFile, overrides: stored.overrides, seed: stored.seed,
                    wallSeconds: stored.wallSeconds, replications: [stored.result])
                report.includeSeries = series
                if json {
                    print(try JSONOutput.string(report))
                    return
                }
                print(report.text)
                print("")
                print("stored \(List.timestamp(stored.createdAt)) UTC by headroom \(stored.toolVersion); "
                    + "model hash \(stored.modelHash)"
                    + (stored.overrides.isEmpty ? "" : "; overrides: " + stored.overrides.joined(separator: " "))
                    + (stored.replicationCount > 1 ? "; replication \(stored.replication + 1) of \(stored.replicationCount) (group \(stored.groupID))" : ""))
                if model {
                    print("")
                    print(stored.modelText)
                }
            }
        }

        /// The metric tables of the run, long form.
        private func printCSV() throws {
            let runStore = try store.openForReading()
            do {
                guard try runStore.listing(id: id) != nil else {
                    throw Failure("no run \(id) in \(store.path) (list them with `headroom runs`)")
                }
                print(RunCSV.show(try runStore.metricRows(runID: id)))
            } catch let error as StoreError {
                throw Failure("\(error)")
            }
        }
    }

    struct Series: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "series",
            abstract: "Print a stored run's metrics over time.",
            discussion: """
                Each run records its metrics per window, warm-up included: run-wide ones (scope '', \
                e.g. throughput, latency_p99, error_rate, in_system) and each component's (e.g. \
                utilization, queue, usage). Prints a table with one row per window (its end, in \
                simulated seconds) and one column per series: `metric` for run-wide ones, \
                `component.metric` for a component's. --scope and --metric (both repeatable) pick \
                the series; a name that matches nothing is an error that lists the ones there are.

                --csv prints long format for notebooks instead: the header `time,scope,metric,value`, \
                then one line per point, by time; scope is empty for run-wide metrics; values are \
                full precision, `nan` where the run recorded no number.

                Examples:
                  headroom runs series 3 --metric latency_p99 --metric throughput
                  headroom runs series 3 --scope db --scope '' --metric utilization
                  headroom runs series 3 --csv > run3.csv
                """)

        @Argument(help: "The run id (from `headroom runs`).") var id: Int64
        @Option(help: ArgumentHelp(
            "Only series of this scope: a component name, or '' for run-wide metrics; repeatable.",
            valueName: "scope"))
        var scope: [String] = []
        @Option(help: ArgumentHelp("Only this metric, e.g. latency_p99 or utilization; repeatable.", valueName: "metric"))
        var metric: [String] = []
        @Flag(help: "Print CSV in long format (time,scope,metric,value) instead of a table.") var csv = false
        @Flag(help: ArgumentHelp(
            "Print a JSON array of points instead of a table.",
            discussion: "Each point as in `headroom run --json --series`: time, scope, metric, value (\"nan\" where "
                + "the run recorded no number), by time."))
        var json = false
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard !(csv && json) else { throw ValidationError("--csv and --json cannot be combined") }
        }

        func run() throws {
            try exitingOnFailure {
                let runStore = try store.openForReading()
                let (keys, points) = try select(from: runStore)
                if json {
                    print(try JSONOutput.string(points))
                    return
                }
                print(csv ? Self.csvText(points) : Self.tableText(points, keys: keys))
            }
        }

        /// The series the filters pick, in the run's order, and their points by time.
        private func select(from runStore: RunStore) throws -> (keys: [SeriesKey], points: [SeriesPoint]) {
            do {
                guard try runStore.listing(id: id) != nil else {
                    throw Failure("no run \(id) in \(store.path) (list them with `headroom runs`)")
                }
                let available = try runStore.seriesKeys(runID: id)
                guard !available.isEmpty else { throw Failure("run \(id) has no time series") }
                let scopes = Self.unique(available.map(\.scope))
                if let unknown = scope.first(where: { !scopes.contains($0) }) {
                    throw Failure("run \(id) has no series for scope \(Self.quoted(unknown)); its scopes: "
                        + scopes.map(Self.describe(scope:)).joined(separator: ", "))
                }
                let inScope = available.filter { scope.isEmpty || scope.contains($0.scope) }
                let metrics = Self.unique(inScope.map(\.metric))
                if let unknown = metric.first(where: { !metrics.contains($0) }) {
                    let whose = scope.isEmpty ? "" : " of scope " + scope.map(Self.describe(scope:)).joined(separator: ", ")
                    throw Failure("run \(id) has no series \(Self.quoted(unknown))\(whose); its metrics\(whose): "
                        + metrics.joined(separator: ", "))
                }
                let keys = inScope.filter { metric.isEmpty || metric.contains($0.metric) }
                let wanted = Set(keys)
                // One scope or metric: the store filters (and uses its index); more: filter here.
                let points = try runStore.series(
                    runID: id, scope: scope.count == 1 ? scope[0] : nil, metric: metric.count == 1 ? metric[0] : nil
                ).filter { wanted.contains(SeriesKey(scope: $0.scope, metric: $0.metric)) }
                return (keys, points)
            } catch let error as StoreError {
                throw Failure("\(error)")
            }
        }

        /// Long format: `time,scope,metric,value`, full precision.
        static func csvText(_ points: [SeriesPoint]) -> String {
            var lines = ["time,scope,metric,value"]
            lines.reserveCapacity(points.count + 1)
            for p in points {
                lines.append("\(p.time),\(csvField(p.scope)),\(csvField(p.metric)),\(p.value)")
            }
            return lines.joined(separator: "\n")
        }

        /// One row per window, one column per series; a series without a point in a window
        /// leaves its cell empty.
        static func tableText(_ points: [SeriesPoint], keys: [SeriesKey]) -> String {
            var times: [Double] = []
            var cells: [Double: [SeriesKey: Double]] = [:]
            for p in points {
                if cells[p.time] == nil { times.append(p.time) }
                cells[p.time, default: [:]][SeriesKey(scope: p.scope, metric: p.metric)] = p.value
            }
            var rows = [["time (s)"] + keys.map(\.name)]
            for time in times {
                let row = cells[time]!
                rows.append([String(format: "%.7g", time)] + keys.map { key in
                    row[key].map { RunReport.format(seriesMetric: key.metric, $0) } ?? ""
                })
            }
            return Format.table(rows)
        }

        /// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
        static func csvField(_ text: String) -> String { CSV.field(text) }

        static func quoted(_ name: String) -> String { "'\(name)'" }

        static func describe(scope: String) -> String { scope.isEmpty ? "'' (run-wide)" : quoted(scope) }

        static func unique(_ names: [String]) -> [String] {
            var seen = Set<String>()
            return names.filter { seen.insert($0).inserted }
        }
    }
}
