import ArgumentParser
import Foundation
import HeadroomAnalysis
import HeadroomStore

/// `headroom sweeps`: lists the stored sweeps; `headroom sweeps show ID` prints one;
/// `--csv` on either prints their points for spreadsheets and notebooks.
struct SweepsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweeps",
        abstract: "List the sweeps in the store.",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self)

    /// How `--csv` is described in both subcommands' help.
    static let csvHelp = """
        --csv prints one line per stored point instead: sweep, model, point (index in the grid, \
        from 0), one column per axis path (values in base units: requests per second, seconds, \
        fractions; names as written), replications, status, throughput (per second), \
        latency_mean, latency_p50, latency_p95, latency_p99 (seconds, pooled over replications), \
        error_rate and top_utilization (0 to 1), top_component (the most utilized one). \
        Figures are at full precision, `nan` where there was no number.
        """

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List stored sweeps, newest first, and how many points are done.",
            discussion: SweepsCommand.csvHelp + " Sweeps come by id; each has its own axis columns, "
                + "empty for the other sweeps' points.")

        @Flag(help: "Print the points of every sweep as CSV instead of the list.") var csv = false
        @Flag(help: ArgumentHelp(
            "Print the list as a JSON array, newest first.",
            discussion: "Each: id, created_at (UTC), model, points (in the grid), points_done, status (done or "
                + "running), shard (I/N, null for the whole grid); [] when there are none."))
        var json = false
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard !(csv && json) else { throw ValidationError("--csv and --json cannot be combined") }
        }

        /// One sweep in `--json`.
        struct Entry: Encodable {
            var id: Int64
            var createdAt: String
            var model: String
            var points: Int
            var pointsDone: Int
            var status: String
            var shard: String?

            enum CodingKeys: String, CodingKey { case id, createdAt, model, points, pointsDone, status, shard }

            /// Every key present: `shard` is null for the whole grid.
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(id, forKey: .id)
                try c.encode(createdAt, forKey: .createdAt)
                try c.encode(model, forKey: .model)
                try c.encode(points, forKey: .points)
                try c.encode(pointsDone, forKey: .pointsDone)
                try c.encode(status, forKey: .status)
                try c.encode(shard, forKey: .shard)
            }
        }

        func run() throws {
            try exitingOnFailure {
                let runStore = try store.openForReading()
                let sweeps = try storeCall { try runStore.listSweeps() }
                if json {
                    print(try JSONOutput.string(sweeps.map { s in
                        Entry(id: s.id, createdAt: RunsCommand.List.timestamp(s.createdAt), model: s.modelName,
                              points: s.points, pointsDone: s.pointsDone, status: s.status,
                              shard: both(s.shardIndex, s.shardCount).map { "\($0)/\($1)" })
                    }))
                    return
                }
                if csv {
                    var loaded: [(StoredSweep, SweepSummary)] = []
                    for listing in sweeps.sorted(by: { $0.id < $1.id }) {
                        guard let sweep = try storeCall({ try runStore.sweep(id: listing.id) }) else { continue }
                        loaded.append((sweep, try SweepSummary.load(sweep, from: runStore)))
                    }
                    var paths: [String] = []
                    for (_, summary) in loaded {
                        for axis in summary.axes where !paths.contains(axis.path) { paths.append(axis.path) }
                    }
                    var lines = [SweepSummary.csvHeader(axisPaths: paths)]
                    for (sweep, summary) in loaded {
                        lines += summary.csvLines(
                            sweepID: sweep.id, model: sweep.record.modelName, replications: sweep.record.replications,
                            axisPaths: paths)
                    }
                    print(lines.joined(separator: "\n"))
                    return
                }
                guard !sweeps.isEmpty else {
                    print("no sweeps in \(store.path)")
                    return
                }
                let sharded = sweeps.contains { $0.shardCount != nil }
                var rows = [["id", "created (UTC)", "model", "points", "status"] + (sharded ? ["shard"] : [])]
                for s in sweeps {
                    let shard = both(s.shardIndex, s.shardCount).map { "\($0)/\($1)" } ?? ""
                    rows.append([
                        String(s.id), RunsCommand.List.timestamp(s.createdAt), s.modelName, "\(s.pointsDone)/\(s.points)",
                        s.status,
                    ] + (sharded ? [shard] : []))
                }
                print(Format.table(rows))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print one stored sweep: its definition, progress and a table of its points.",
            discussion: SweepsCommand.csvHelp)

        @Argument(help: "The sweep id (from `headroom sweeps`).") var id: Int64
        @Flag(help: "Print the sweep's points as CSV instead.") var csv = false
        @Flag(help: ArgumentHelp(
            "Print the sweep as one JSON document, as `headroom sweep --json` does.",
            discussion: "Without wall_seconds; with created_at (UTC) and grid_points (points in the whole grid)."))
        var json = false
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard !(csv && json) else { throw ValidationError("--csv and --json cannot be combined") }
        }

        func run() throws {
            try exitingOnFailure {
                let runStore = try store.openForReading()
                guard let sweep = try storeCall({ try runStore.sweep(id: id) }) else {
                    throw Failure("no sweep \(id) in \(store.path) (list them with `headroom sweeps`)")
                }
                let summary = try SweepSummary.load(sweep, from: runStore)
                let record = sweep.record
                if json {
                    print(try JSONOutput.string(SweepCommand.Report(
                        sweepId: sweep.id, file: record.modelFile, model: record.modelName, seed: record.seed,
                        replications: record.replications, axes: summary.axes, baseOverrides: record.baseOverrides,
                        shard: both(record.shardIndex, record.shardCount).map { "\($0)/\($1)" }, status: sweep.status,
                        createdAt: RunsCommand.List.timestamp(record.createdAt), gridPoints: record.points,
                        points: summary.points)))
                    return
                }
                if csv {
                    let paths = summary.axes.map(\.path)
                    let lines = [SweepSummary.csvHeader(axisPaths: paths)] + summary.csvLines(
                        sweepID: sweep.id, model: record.modelName, replications: record.replications, axisPaths: paths)
                    print(lines.joined(separator: "\n"))
                    return
                }
                let shard = both(record.shardIndex, record.shardCount).map { "\($0)/\($1) (its points p have p mod \($1) = \($0 - 1))" }
                    ?? "whole grid"
                let resume = sweep.status == "done" ? "" : " — continue with `headroom sweep --resume \(sweep.id)`"
                var rows: [[String]] = [
                    ["sweep", "\(sweep.id) (uid \(record.uid ?? "-"))"],
                    ["model", "\(record.modelName) (\(record.modelFile))"],
                    ["created", RunsCommand.List.timestamp(record.createdAt) + " UTC"],
                ]
                for axis in summary.axes {
                    rows.append(["axis", "\(axis.path): \(axis.values.joined(separator: ", "))"])
                }
                rows += [
                    ["base", record.baseOverrides.isEmpty ? "-" : record.baseOverrides.joined(separator: " ")],
                    ["replications", "\(record.replications), seeds \(record.seed) … \(record.seed &+ UInt64(record.replications - 1))"],
                    ["shard", shard],
                    ["points", "\(sweep.pointsDone)/\(record.points) stored, \(sweep.status)\(resume)"],
                ]
                print(rows.map { $0[0].padding(toLength: 13, withPad: " ", startingAt: 0) + $0[1] }.joined(separator: "\n"))
                print("")
                print(summary.points.isEmpty ? "no points stored yet" : summary.table)
            }
        }
    }
}

/// Both values, or nil if either is missing.
private func both<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
