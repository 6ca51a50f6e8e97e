import ArgumentParser
import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `headroom sweep MODEL --set PATH=VALUES …`: runs the Cartesian grid of the values given;
/// `--shard I/N` runs one part of it, `--resume ID` finishes an interrupted one.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a model over a grid of parameter values and store every point.",
        discussion: """
            VALUES is a comma list (2,4,8 or 100/s,200/s) or a range START..END:STEP with units \
            (100/s..1000/s:100/s, 1s..5s:1s, 1..10:1). Replication r of every point uses seed S+r.

            Every point is stored, in its own transaction, as soon as its replications finish. \
            Ctrl-C (SIGINT) or SIGTERM stops the sweep: no new run starts, the runs in progress \
            finish, every finished point is kept, and the command to continue is printed \
            (exit code 130, or 143 for SIGTERM). `--resume ID` runs the missing points of a stored \
            sweep with everything it needs from the store (the model text as it was, grid, \
            overrides, replications, seed, shard); the results are the same as without the break.

            --shard I/N runs only part I of N of the grid: the points whose index p (from 0, in \
            grid order) has p mod N = I-1. Shards of one sweep share an identity, so `headroom \
            merge` puts shard stores run on different machines together into one sweep. Running \
            a shard again into the same store continues it.

            Examples:
              headroom sweep models/textbook/mm1.yaml --set traffic.rate=0.5/s..0.9/s:0.1/s --replications 3
              headroom sweep --resume 4
              headroom sweep models/textbook/mm1.yaml --set traffic.rate=0.5/s..0.9/s:0.1/s --shard 2/4 --db shard-2.sqlite
            """)

    @Argument(help: ArgumentHelp("The model file (YAML); not with --resume.", valueName: "model"),
              completion: .file(extensions: ["yaml", "yml"]))
    var model: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("A sweep axis; repeatable.", valueName: "path=values"))
    var axes: [String] = []

    @Option(name: .customLong("base-set"), help: ArgumentHelp("An override applied to every point; repeatable.", valueName: "path=value"))
    var baseOverrides: [String] = []

    @Option(help: ArgumentHelp("Replications per point (seeds S … S+N−1; default 1).", valueName: "n"))
    var replications: Int?

    @Option(help: ArgumentHelp("Runs at once (default: all cores).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Seed (replaces the model's `seed`).", valueName: "n"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("Run only part I of N of the grid (I from 1).", valueName: "I/N"))
    var shard: String?

    @Option(help: ArgumentHelp("Continue the interrupted sweep with this id (from `headroom sweeps`).", valueName: "id"))
    var resume: Int64?

    @OptionGroup var store: StoreOptions

    @Flag(help: "No progress on stderr.")
    var quiet = false

    @Flag(help: "Print one JSON document instead of the table.")
    var json = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if resume != nil {
            var given: [String] = []
            if model != nil { given.append("a model file") }
            if !axes.isEmpty { given.append("--set") }
            if !baseOverrides.isEmpty { given.append("--base-set") }
            if replications != nil { given.append("--replications") }
            if seed != nil { given.append("--seed") }
            if shard != nil { given.append("--shard") }
            guard given.isEmpty else {
                throw ValidationError(
                    "--resume takes the model, grid, overrides, replications, seed and shard from the store; "
                        + "drop " + given.joined(separator: ", "))
            }
            return
        }
        guard model != nil else { throw ValidationError("give a model file, or --resume ID") }
        guard !axes.isEmpty else { throw ValidationError("give at least one --set PATH=VALUES") }
        guard (replications ?? 1) >= 1 else { throw ValidationError("--replications must be at least 1") }
        guard (replications ?? 1) <= Replications.maximum else {
            throw ValidationError("--replications must be at most \(Replications.maximum)")
        }
        if let shard {
            do {
                _ = try SweepShard.parse(shard)
            } catch {
                throw ValidationError("\(error)")
            }
        }
    }

    func run() throws {
        try exitingOnFailure(execute)
    }

    /// What `--json` prints.
    struct Report: Encodable {
        var sweepId: Int64
        var file: String
        var model: String
        var seed: UInt64
        var replications: Int
        var axes: [SweepAxis]
        var baseOverrides: [String]
        /// `I/N`, or nil for the whole grid.
        var shard: String?
        /// `done`, or `running` while points remain (of another shard, for a shard).
        var status: String
        /// Wall time of this invocation, seconds; left out by `headroom sweeps show`.
        var wallSeconds: Double?
        /// When the sweep was created (UTC); only from `headroom sweeps show`.
        var createdAt: String?
        /// Points in the whole grid; only from `headroom sweeps show`.
        var gridPoints: Int?
        var points: [SweepSummary.Point]
    }

    private func execute() throws {
        let start = Date()
        let runStore: RunStore
        let plan: SweepPlan
        let sweepID: Int64
        var stored: Set<Int>
        var specs: [Int: SimulationSpec] = [:]
        if let resume {
            runStore = try store.open()
            guard let sweep = try storeCall({ try runStore.sweep(id: resume) }) else {
                throw Failure("no sweep \(resume) in \(store.path) (list them with `headroom sweeps`)")
            }
            plan = try SweepPlan(resuming: sweep)
            sweepID = sweep.id
            stored = Set(try storeCall { try runStore.sweepPoints(sweepID: sweep.id) }.map(\.point))
            // A sweep whose points are all stored but that is not marked done (the process died
            // between its last point and the end) is settled below and printed.
            if sweep.status == "done" {
                throw Failure("sweep \(resume) is already done (\(sweep.pointsDone)/\(sweep.record.points) points "
                    + "stored); print it with `headroom sweeps show \(resume)\(dbArgument)`")
            }
        } else {
            plan = try SweepPlan(
                file: model ?? "", axes: axes, baseOverrides: baseOverrides, replications: replications ?? 1,
                seed: seed, shard: try shard.map(SweepShard.parse))
            // Every point is checked before anything is stored or run, also those of other shards.
            specs = try plan.specs(points: Array(plan.grid.indices), jobs: jobs)
            runStore = try store.open()
            let record = plan.record(createdAt: Date())
            if plan.shard != nil {
                let (id, existed) = try storeCall { try runStore.continueSweep(record) }
                sweepID = id
                stored = Set(try storeCall { try runStore.sweepPoints(sweepID: id) }.map(\.point))
                if existed {
                    printError("continuing sweep \(id) in \(store.path): \(stored.count) of its points are stored")
                }
            } else {
                sweepID = try storeCall { try runStore.createSweep(record) }
                stored = []
            }
        }

        let pending = plan.grid.indices.filter { plan.owns(point: $0) && !stored.contains($0) }
        if resume != nil { specs = try plan.specs(points: pending, jobs: jobs) }
        let progress = SweepProgress(total: pending.count, gridPoints: plan.grid.count, quiet: quiet)
        let stop = StopSignals { number in
            progress.message("\(StopSignals.name(number)): stopping; no new runs start, the runs in progress "
                + "finish (\(StopSignals.name(number)) again to stop at once)")
        }
        // The sweep's row as stored (with its uid), for a side store should the store stay locked.
        let sideStore = try storeCall { try runStore.sweep(id: sweepID) }.map {
            SideStore(beside: store.path, record: $0.record, wait: store.wait)
        }
        let outcome = SweepRunner(
            plan: plan, store: runStore, sweepID: sweepID, points: pending, specs: specs, jobs: jobs,
            sideStore: sideStore
        ).run(stop: stop, progress: progress)
        progress.finish()
        stop.restore()
        /// Points kept aside: said with every way this command ends, and it fails (exit code 1).
        let asideNote: String? = sideStore.flatMap { side in
            guard outcome.keptAside > 0 else { return nil }
            return "\(outcome.keptAside) point(s) could not be stored in \(store.path) (\(side.reason ?? "locked")); "
                + "they are kept in '\(side.path)'; add them to sweep \(sweepID) with:\n"
                + "  headroom merge \(shellQuoted(store.path)) \(shellQuoted(side.path))"
        }
        func withNote(_ message: String) -> Failure {
            Failure(asideNote.map { message + "\n" + $0 } ?? message)
        }
        if let failure = outcome.failure { throw withNote(failure) }
        let status: String
        do {
            status = try storeCall { try runStore.settleSweep(id: sweepID) }
        } catch let failure as Failure {
            throw withNote(failure.description)
        }
        let missing = pending.count - outcome.stored
        if let signal = stop.received, missing > 0 {
            let owned = plan.grid.indices.filter { plan.owns(point: $0) }
            let kept = owned.filter(stored.contains).count + outcome.stored
            printError("""
                interrupted by \(StopSignals.name(signal)): kept \(kept) of \(owned.count) points of sweep \(sweepID) \
                in \(store.path) (\(outcome.stored) stored by this run); it stays running. Continue it with:
                  headroom sweep --resume \(sweepID)\(dbArgument)
                """)
            if let asideNote { printError(asideNote) }
            throw ExitCode(128 + signal)
        }

        // Points stored before this invocation are read back; those it ran are summarized already.
        let summary: SweepSummary
        if stored.isEmpty {
            summary = SweepSummary(axes: plan.axes, points: outcome.points)
        } else {
            guard let sweep = try storeCall({ try runStore.sweep(id: sweepID) }) else {
                throw Failure("sweep \(sweepID) vanished from \(store.path)")
            }
            summary = try SweepSummary.load(sweep, from: runStore)
        }
        if json {
            let report = Report(
                sweepId: sweepID, file: plan.file, model: plan.modelName, seed: plan.seed,
                replications: plan.replications, axes: plan.axes, baseOverrides: plan.baseOverrides,
                shard: plan.shard?.description, status: status, wallSeconds: Date().timeIntervalSince(start),
                points: summary.points)
            print(try JSONOutput.string(report))
            if let asideNote { throw Failure(asideNote) }
            return
        }
        let part = plan.shard.map { " (shard \($0), \(summary.points.count) of \(plan.grid.count) points)" } ?? ""
        print("sweep \(sweepID)\(part): \(plan.grid.count) points × \(plan.replications) replications of \(plan.file)")
        print(summary.table)
        if let asideNote { throw Failure(asideNote) }
    }

    /// ` --db PATH` when the store is not the default one, so that a printed command works as is.
    private var dbArgument: String {
        let fallback = RunStore.defaultPath(environment: [:])
        return store.path == fallback ? "" : " --db \(shellQuoted(store.path))"
    }
}

/// Runs a store call; its error becomes a ``Failure`` with the store's message (exit code 1).
func storeCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as StoreError {
        throw Failure(error.description)
    }
}

/// `text` as one shell word: as is when it is plain, else in single quotes.
func shellQuoted(_ text: String) -> String {
    let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=+@%,".contains($0) }
    return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
