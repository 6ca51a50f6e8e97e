import ArgumentParser
import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomKernel
import HeadroomModeling
import HeadroomStore

/// `headroom run MODEL`: simulates a model and stores the run.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate a model and store the run.",
        discussion: """
            Prints a readable summary, or with --json one JSON document (all times in seconds; \
            --series adds the time series). With --replications N the model runs N times with \
            seeds S, S+1, …, S+N−1; the report pools them and adds 95 % confidence half-widths \
            for mean latency, p99 and throughput.

            Examples:
              headroom run models/textbook/mm1.yaml
              headroom run models/textbook/mm1.yaml --set traffic.rate=0.9/s --replications 10 --json
            """)

    @OptionGroup var model: ModelOptions

    @Option(help: ArgumentHelp("Independent replications (seeds S … S+N−1, wrapping past 2^64−1; at most 10000).", valueName: "n"))
    var replications: Int = 1

    @Option(help: ArgumentHelp("Replications run at once (default: all cores).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var store: StoreOptions

    @Flag(help: "Do not store the run.")
    var noStore = false

    @Flag(help: "Print one JSON document instead of the summary.")
    var json = false

    @Flag(help: "No progress on stderr (shown with --replications above 1).")
    var quiet = false

    @Flag(help: ArgumentHelp(
        "With --json, include the time series (`series`: time, scope, metric, value per window).",
        discussion: "With replications, the first replication's. Also in the store: `headroom runs series ID`."))
    var series = false

    func validate() throws {
        guard replications >= 1 else { throw ValidationError("--replications must be at least 1") }
        guard replications <= Replications.maximum else {
            throw ValidationError("--replications must be at most \(Replications.maximum)")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard !series || json else { throw ValidationError("--series needs --json") }
    }

    func run() throws {
        try exitingOnFailure(execute)
    }

    private func execute() throws {
        let loaded = try model.load()
        // Open the store first: a bad --db fails before minutes of simulation, not after.
        let runStore = noStore ? nil : try store.open()
        let start = Date()
        // One run reports nothing while it runs: progress counts finished replications.
        let progress = ProgressReporter(unit: "replications", total: replications, quiet: quiet || replications == 1)
        let runs = Replications.run(loaded.spec, count: replications, jobs: jobs) { _ in progress.step() }
        progress.finish()
        let wall = Date().timeIntervalSince(start)
        var ids: [Int64] = []
        var notStored: Failure?
        if let runStore {
            let records = runRecords(
                modelName: loaded.spec.name, file: loaded.file, text: loaded.text, overrides: loaded.overrides,
                spec: loaded.spec, runs: runs)
            do {
                ids = try store.save(records, in: runStore, what: "the run")
            } catch let failure as Failure {
                // Kept in a side store: the summary is still printed, then the failure.
                notStored = failure
            }
        }
        var report = RunReport(
            runIDs: ids, file: loaded.file, overrides: loaded.overrides, seed: loaded.spec.seed,
            wallSeconds: wall, replications: runs.map(\.result))
        report.includeSeries = series
        if json {
            print(try JSONOutput.string(report))
        } else {
            print(report.text)
        }
        if let notStored { throw notStored }
    }
}
