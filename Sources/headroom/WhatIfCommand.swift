import ArgumentParser
import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomKernel
import HeadroomModeling
import HeadroomStore

/// `headroom whatif MODEL --set PATH=VALUE …`: the model as is against the model changed, with
/// common random numbers, compared metric by metric.
struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Run a model and a variant of it with the same seeds and compare them.",
        discussion: """
            The baseline is the model as is (with --base-set overrides); the variant also gets the \
            --set overrides. Both run N replications with seeds S, S+1, …, S+N−1 (common random \
            numbers: what the change does not touch draws the same random streams), so the paired \
            t-test on the differences detects small effects. Prints each metric side by side with \
            the difference and whether it is significant at 95 %, then a verdict for p99 and \
            throughput. Both groups are stored unless --no-store.

            Examples:
              headroom whatif models/textbook/mmc.yaml --set components.servers.servers=5
              headroom whatif models/textbook/mm1.yaml --base-set duration=1h --set traffic.rate=0.9/s --json
            """)

    @OptionGroup var model: ModelOptions

    @Option(name: .customLong("base-set"), help: ArgumentHelp(
        "Override applied to both the baseline and the variant; repeatable.", valueName: "path=value"))
    var baseOverrides: [String] = []

    @Option(help: ArgumentHelp("Replications of each side (seeds S … S+N−1).", valueName: "n"))
    var replications: Int = 5

    @Option(help: ArgumentHelp("Replications run at once (default: all cores).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var store: StoreOptions

    @Flag(help: "Do not store the runs.")
    var noStore = false

    @Flag(help: "Print one JSON document instead of the table.")
    var json = false

    @Flag(help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        guard !model.overrides.isEmpty else { throw ValidationError("whatif needs at least one --set PATH=VALUE") }
        guard replications >= 1 else { throw ValidationError("--replications must be at least 1") }
        guard replications <= Replications.maximum else {
            throw ValidationError("--replications must be at most \(Replications.maximum)")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        try exitingOnFailure(execute)
    }

    private func execute() throws {
        var baseOptions = model
        baseOptions.overrides = baseOverrides
        var variantOptions = model
        variantOptions.overrides = baseOverrides + model.overrides
        let baseline = try baseOptions.load()
        let variant = try variantOptions.load()
        let runStore = noStore ? nil : try store.open()

        let progress = ProgressReporter(unit: "runs", total: 2 * replications, quiet: quiet)
        let baseRuns = Replications.run(baseline.spec, count: replications, jobs: jobs) { _ in progress.step("baseline") }
        let variantRuns = Replications.run(variant.spec, count: replications, jobs: jobs) { _ in progress.step("variant") }
        progress.finish()

        var baseIDs: [Int64] = []
        var variantIDs: [Int64] = []
        /// Runs kept in a side store: the comparison is still printed, then these.
        var notStored: [String] = []
        if let runStore {
            do {
                baseIDs = try store.save(Self.records(baseline, baseRuns), in: runStore, what: "the baseline runs")
            } catch let failure as Failure {
                notStored.append(failure.description)
            }
            do {
                variantIDs = try store.save(Self.records(variant, variantRuns), in: runStore, what: "the variant runs")
            } catch let failure as Failure {
                notStored.append(failure.description)
            }
        }
        /// After the output: runs kept in a side store make the command fail (exit code 1).
        func failIfNotStored() throws {
            if !notStored.isEmpty { throw Failure(notStored.joined(separator: "\n")) }
        }
        var comparison = Comparison(baseRuns.map(\.result), variantRuns.map(\.result))
        comparison.labelA = "baseline"
        comparison.labelB = "variant"
        let unstable = (baseRuns + variantRuns).contains { $0.result.status == .unstable }

        if json {
            let document = Document(
                file: baseline.file, model: baseline.spec.name, baseOverrides: baseOverrides,
                overrides: model.overrides, seed: baseline.spec.seed, replications: replications,
                baselineRunIds: baseIDs, variantRunIds: variantIDs, unstable: unstable, comparison: comparison)
            print(try JSONOutput.string(document))
            try failIfNotStored()
            return
        }
        var lines = ["\(baseline.spec.name) (\(baseline.file)): baseline vs variant "
            + model.overrides.map { "--set \($0)" }.joined(separator: " ")]
        if !baseOverrides.isEmpty {
            lines.append("both with " + baseOverrides.map { "--base-set \($0)" }.joined(separator: " "))
        }
        lines.append("\(replications) replication\(replications == 1 ? "" : "s") each, seeds \(baseline.spec.seed)"
            + (replications > 1 ? "…\(Replications.seed(baseline.spec.seed, replication: replications - 1))" : ""))
        if !baseIDs.isEmpty {
            lines.append("stored: baseline runs \(baseIDs.map(String.init).joined(separator: ",")), "
                + "variant runs \(variantIDs.map(String.init).joined(separator: ","))")
        }
        if unstable { lines.append("warning: some runs were stopped as unstable; their figures cover less time") }
        lines.append("")
        lines.append(comparison.text)
        print(lines.joined(separator: "\n"))
        try failIfNotStored()
    }

    struct Document: Encodable {
        var file: String
        var model: String
        var baseOverrides: [String]
        var overrides: [String]
        var seed: UInt64
        var replications: Int
        var baselineRunIds: [Int64]
        var variantRunIds: [Int64]
        var unstable: Bool
        var comparison: Comparison
    }

    static func records(_ loaded: LoadedModel, _ runs: [(result: RunResult, wallSeconds: Double)]) -> [RunRecord] {
        runRecords(
            modelName: loaded.spec.name, file: loaded.file, text: loaded.text, overrides: loaded.overrides,
            spec: loaded.spec, runs: runs)
    }
}
