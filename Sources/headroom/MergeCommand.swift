import ArgumentParser
import Foundation
import HeadroomStore

/// `headroom merge OUT IN…`: copies the runs, sweeps and forecasts of several stores into one,
/// e.g. the shard stores of a sweep run as a Slurm job array.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Copy every run, sweep and forecast of run stores into one.",
        discussion: """
            OUT is created if missing. Each IN is copied in its own transaction: its runs (with \
            their metrics, histograms, time series and alerts), sweeps and their points, forecasts \
            and the runs they used. Ids are given anew; what OUT already holds (the same run, \
            sweep or forecast by its uid, the same point of the same sweep) is skipped, so merging \
            twice changes nothing. The shards of one sweep (`headroom sweep --shard I/N`) become \
            one sweep, done when it holds every point.

            An IN that is missing, not a run store, or written by a newer headroom is refused and \
            nothing of it is written; the others are still merged, and the exit code is 1.

            Example:
              headroom merge sweep.sqlite shard-1.sqlite shard-2.sqlite shard-3.sqlite shard-4.sqlite
            """)

    @Argument(help: ArgumentHelp("The store to copy into (created if missing).", valueName: "out"),
              completion: .file(extensions: ["sqlite"]))
    var output: String

    @Argument(help: ArgumentHelp("The stores to copy from.", valueName: "in"), completion: .file(extensions: ["sqlite"]))
    var inputs: [String] = []

    @Flag(help: ArgumentHelp(
        "Print one JSON document instead of the lines.",
        discussion: "output; inputs, one per IN: store and its counts (runs_copied, runs_skipped, sweeps_copied, "
            + "sweeps_matched, points_copied, points_skipped, forecasts_copied, forecasts_skipped, plans_copied, "
            + "plans_skipped) or error; total (the counts summed); sweeps (each sweep merged into OUT: id, model, "
            + "points, points_done, status, shard)."))
    var json = false

    /// The counts of one input (or of all), snake_case in JSON.
    struct Counts: Encodable {
        var runsCopied, runsSkipped, sweepsCopied, sweepsMatched, pointsCopied, pointsSkipped: Int
        var forecastsCopied, forecastsSkipped, plansCopied, plansSkipped: Int

        init(_ s: MergeSummary) {
            runsCopied = s.runsCopied
            runsSkipped = s.runsSkipped
            sweepsCopied = s.sweepsCopied
            sweepsMatched = s.sweepsMatched
            pointsCopied = s.pointsCopied
            pointsSkipped = s.pointsSkipped
            forecastsCopied = s.forecastsCopied
            forecastsSkipped = s.forecastsSkipped
            plansCopied = s.plansCopied
            plansSkipped = s.plansSkipped
        }
    }

    /// One input: its counts, or why it was refused (then nothing of it was written).
    struct Input: Encodable {
        var store: String
        var counts: Counts?
        var error: String?

        enum CodingKeys: String, CodingKey {
            case store, error, runsCopied, runsSkipped, sweepsCopied, sweepsMatched, pointsCopied, pointsSkipped
            case forecastsCopied, forecastsSkipped, plansCopied, plansSkipped
        }

        /// `store` with the counts' keys at the same level, or with `error`.
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(store, forKey: .store)
            try c.encodeIfPresent(error, forKey: .error)
            guard let counts else { return }
            try c.encode(counts.runsCopied, forKey: .runsCopied)
            try c.encode(counts.runsSkipped, forKey: .runsSkipped)
            try c.encode(counts.sweepsCopied, forKey: .sweepsCopied)
            try c.encode(counts.sweepsMatched, forKey: .sweepsMatched)
            try c.encode(counts.pointsCopied, forKey: .pointsCopied)
            try c.encode(counts.pointsSkipped, forKey: .pointsSkipped)
            try c.encode(counts.forecastsCopied, forKey: .forecastsCopied)
            try c.encode(counts.forecastsSkipped, forKey: .forecastsSkipped)
            try c.encode(counts.plansCopied, forKey: .plansCopied)
            try c.encode(counts.plansSkipped, forKey: .plansSkipped)
        }
    }

    /// A sweep of OUT that the merge added to.
    struct Sweep: Encodable {
        var id: Int64
        var model: String
        var points: Int
        var pointsDone: Int
        var status: String
        var shard: String?

        enum CodingKeys: String, CodingKey { case id, model, points, pointsDone, status, shard }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(model, forKey: .model)
            try c.encode(points, forKey: .points)
            try c.encode(pointsDone, forKey: .pointsDone)
            try c.encode(status, forKey: .status)
            try c.encode(shard, forKey: .shard)
        }
    }

    /// What `--json` prints.
    struct Document: Encodable {
        var output: String
        var inputs: [Input]
        var total: Counts
        var sweeps: [Sweep]
    }

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one store to merge into \(output)") }
        for input in inputs where RunStore.sameFile(input, output) {
            throw ValidationError(
                "cannot merge a store into itself: '\(input)' is the output '\(output)'; merge into another file")
        }
    }

    func run() throws {
        try exitingOnFailure {
            let store: RunStore
            do {
                store = try RunStore(path: output)
            } catch {
                throw Failure("\(error)")
            }
            var total = MergeSummary(input: "")
            var failed = 0
            var merged: [Input] = []
            for input in inputs {
                do {
                    let summary = try store.merge(from: input)
                    merged.append(Input(store: input, counts: Counts(summary)))
                    if !json { print("\(input): " + Self.describe(summary)) }
                    total += summary
                } catch {
                    merged.append(Input(store: input, error: "\(error)"))
                    printError("\(error)")
                    failed += 1
                }
            }
            if inputs.count > 1 && !json { print("total: " + Self.describe(total)) }
            var sweeps: [Sweep] = []
            for id in total.sweepIDs.sorted() {
                guard let sweep = try storeCall({ try store.sweep(id: id) }) else { continue }
                let shard = sweep.record.shardIndex.map { "\($0)/\(sweep.record.shardCount ?? 0)" }
                sweeps.append(Sweep(id: id, model: sweep.record.modelName, points: sweep.record.points,
                                    pointsDone: sweep.pointsDone, status: sweep.status, shard: shard))
                if !json {
                    print("sweep \(id)\(shard.map { " (shard \($0))" } ?? "") in \(output): \(sweep.record.modelName), "
                        + "\(sweep.pointsDone)/\(sweep.record.points) points, \(sweep.status)")
                }
            }
            if json {
                print(try JSONOutput.string(Document(output: output, inputs: merged, total: Counts(total), sweeps: sweeps)))
            }
            if failed > 0 {
                throw Failure("\(failed) of \(inputs.count) stores could not be merged into \(output); nothing of them was written")
            }
        }
    }

    /// One line of counts.
    static func describe(_ s: MergeSummary) -> String {
        "runs \(s.runsCopied) copied, \(s.runsSkipped) already there; "
            + "sweeps \(s.sweepsCopied) new, \(s.sweepsMatched) already there; "
            + "points \(s.pointsCopied) copied, \(s.pointsSkipped) already there; "
            + "forecasts \(s.forecastsCopied) copied, \(s.forecastsSkipped) already there; "
                + "plans \(s.plansCopied) copied, \(s.plansSkipped) already there"
    }
}
