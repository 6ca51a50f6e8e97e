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

    @Argument(help: ArgumentHelp("The store to copy into (created if missing).", valueName: "out"))
    var output: String

    @Argument(help: ArgumentHelp("The stores to copy from.", valueName: "in"))
    var inputs: [String] = []

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
            for input in inputs {
                do {
                    let summary = try store.merge(from: input)
                    print("\(input): " + Self.describe(summary))
                    total += summary
                } catch {
                    printError("\(error)")
                    failed += 1
                }
            }
            if inputs.count > 1 { print("total: " + Self.describe(total)) }
            for id in total.sweepIDs.sorted() {
                guard let sweep = try storeCall({ try store.sweep(id: id) }) else { continue }
                let shard = sweep.record.shardIndex.map { " (shard \($0)/\(sweep.record.shardCount ?? 0))" } ?? ""
                print("sweep \(id)\(shard) in \(output): \(sweep.record.modelName), "
                    + "\(sweep.pointsDone)/\(sweep.record.points) points, \(sweep.status)")
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
