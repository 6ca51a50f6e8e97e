import ArgumentParser
import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomKernel
import HeadroomModeling
import HeadroomStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `headroom saturate MODEL`: the highest load at which the model still meets its SLO.
struct SaturateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "saturate",
        abstract: "Find the highest load at which a model still meets its SLO, and what gives first.",
        discussion: """
            Scales all traffic (traffic.scale) by default, or searches along any numeric key with \
            --by PATH (a rate, a duration or a plain number; the search raises it). Replication i \
            uses seed S+i at every load (common random numbers) and finds its own crossing; \
            replications are added until the 95 % interval is within --precision of the mean. \
            Prints the saturation load with its interval, the operational-law bound (from demands \
            measured at a light load), the top three resources by utilization at saturation, and \
            the next bottleneck (the search repeated with the first one given 10× its servers). \
            The forecast and every run it used are stored (headroom runs, report).

            Examples:
              headroom saturate models/full-saas.yaml --slo p99=500ms,errors=1%
              headroom saturate models/textbook/mmc.yaml --slo p99=10s --precision 1%
              headroom saturate models/full-saas.yaml --by traffic.classes.checkout.rate --json
            """)

    @OptionGroup var model: ModelOptions

    @Option(help: ArgumentHelp(
        "The service level: p99=DURATION and/or errors=FRACTION, comma-separated (default: the model's slo).",
        valueName: "objectives"))
    var slo: String?

    @Option(help: ArgumentHelp("The model key to raise; traffic.scale multiplies all traffic.", valueName: "path"))
    var by: String = "traffic.scale"

    @Option(help: ArgumentHelp("Replications per batch (the next-bottleneck search uses up to 3).", valueName: "n"))
    var replications: Int = 4

    @Option(help: ArgumentHelp("Most replications in all.", valueName: "n"))
    var maxReplications: Int = 20

    @Option(help: ArgumentHelp("Target half-width of the 95 % interval, relative (2% or 0.02).", valueName: "fraction"))
    var precision: String = "2%"

    @Flag(help: "Skip the next-bottleneck search.")
    var noNext = false

    @Option(help: ArgumentHelp("Runs at once; the default is the number of cores.", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var store: StoreOptions

    @Flag(help: "Do not store the forecast and its runs.")
    var noStore = false

    @Flag(help: "No progress on stderr.")
    var quiet = false

    @Flag(help: "Print one JSON document instead of the summary.")
    var json = false

    func validate() throws {
        guard replications >= 2 else { throw ValidationError("--replications must be at least 2 (an interval needs two)") }
        guard maxReplications <= Replications.maximum else {
            throw ValidationError("--max-replications must be at most \(Replications.maximum)")
        }
        guard maxReplications >= replications else {
            throw ValidationError("--max-replications must be at least --replications (\(replications))")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard let value = Units.fraction(precision), value > 0, value < 1 else {
            throw ValidationError("--precision must be a fraction above 0 and below 1, such as 2% or 0.02; found '\(precision)'")
        }
    }

    func run() throws {
        try exitingOnFailure(execute)
    }

    struct Report: Encodable {
        var forecastId: Int64?
        var file: String
        var overrides: [String]
        var wallSeconds: Double
        var forecast: SaturationForecast
    }

    private func execute() throws {
        let loaded = try model.load()
        let level = try serviceLevel(model: loaded.spec.slo)
        let (axis, start) = try self.axis(loaded)
        let runStore = noStore ? nil : try store.open()

        var settings = SaturationSearch.Settings()
        settings.replications = replications
        settings.maxReplications = maxReplications
        settings.precision = Units.fraction(precision)!
        settings.findNext = !noNext
        settings.jobs = jobs
        let text = loaded.text, file = loaded.file, overrides = model.overrides, seed = model.seed
        let path = by
        let search = SaturationSearch(axis: axis, start: start, serviceLevel: level, settings: settings) { value in
            do {
                return try ModelLoader.load(
                    text: text, file: file, overrides: overrides + ["\(path)=\(axis.modelText(value))"], seed: seed
                ).spec
            } catch {
                throw SaturationError("at \(path) = \(axis.format(value)): \(error)")
            }
        }
        let progress = Progress(quiet: quiet, axis: axis)
        let started = Date()
        let outcome: SaturationSearch.Outcome
        do {
            outcome = try search.run { probe in progress.report(probe) }
        } catch let error as SaturationError {
            throw Failure(error.description)
        }
        progress.finish()
        let wall = Date().timeIntervalSince(started)

        var forecastID: Int64?
        /// A forecast kept in a side store: it is still printed, then the failure.
        var notStored: Failure?
        if let runStore {
            do {
                forecastID = try save(outcome, loaded: loaded, wall: wall, in: runStore)
            } catch let failure as Failure {
                notStored = failure
            }
        }
        if json {
            print(try JSONOutput.string(Report(
                forecastId: forecastID, file: loaded.file, overrides: overrides, wallSeconds: wall,
                forecast: outcome.forecast)))
            if let notStored { throw notStored }
            return
        }
        print(outcome.forecast.text)
        print("")
        let stored = forecastID.map { "; stored as forecast \($0) (headroom report forecast \($0))" } ?? ""
        print("\(outcome.runs.count) runs in \(Format.number(wall, digits: 3)) s\(stored)")
        if let notStored { throw notStored }
    }

    /// --slo, else the model's `slo`.
    private func serviceLevel(model: ServiceLevel?) throws -> ServiceLevel {
        try ServiceLevelOption.parse(slo, model: model, modelFile: self.model.model)
    }

    /// The axis and its start: the value at --by in the model (after --set).
    private func axis(_ loaded: LoadedModel) throws -> (SaturationAxis, Double) {
        let current = ModelLoader.scalar(atPath: by, text: loaded.text, file: loaded.file, overrides: model.overrides)
        if by == "traffic.scale" {
            return (.load, current.flatMap { Double($0) } ?? 1)
        }
        guard let current else {
            throw Failure("--by \(by): \(loaded.file) has no value at this path (give it one with --set \(by)=VALUE)")
        }
        if let rate = Units.rate(current), rate > 0 { return (SaturationAxis(name: by, unit: .rate), rate) }
        if let duration = Units.duration(current), duration > 0 {
            return (SaturationAxis(name: by, unit: .duration), duration)
        }
        if let number = Double(current), number > 0 { return (SaturationAxis(name: by, unit: .number), number) }
        throw Failure("--by \(by): its value '\(current)' is not a positive rate, duration or number")
    }

    /// Stores the forecast and its runs in one transaction.
    private func save(_ outcome: SaturationSearch.Outcome, loaded: LoadedModel, wall: Double, in runStore: RunStore) throws -> Int64 {
        let forecast = outcome.forecast
        let created = Date()
        let hash = StableHash.hexDigest(loaded.text)
        let runs = outcome.runs.map { run in
            ForecastRecord.Run(
                record: RunRecord(
                    createdAt: created, modelName: loaded.spec.name, modelFile: loaded.file, modelText: loaded.text,
                    modelHash: hash, seed: run.result.seed,
                    overrides: model.overrides + ["\(by)=\(forecast.axis.modelText(run.probe.value))"],
                    toolVersion: Headroom.version, wallSeconds: run.wallSeconds, result: run.result, spec: run.spec),
                role: run.probe.role.rawValue, load: run.probe.value)
        }
        let record = ForecastRecord(
            createdAt: created, modelName: loaded.spec.name, modelFile: loaded.file, modelText: loaded.text,
            modelHash: hash, overrides: model.overrides, axis: forecast.axis.name,
            sloJSON: try ForecastRecord.encode(forecast.slo), seed: forecast.seed,
            replications: forecast.replications, toolVersion: Headroom.version, status: forecast.status.rawValue,
            saturation: forecast.saturation, lower: forecast.lower, upper: forecast.upper,
            saturationRate: forecast.saturationRate, boundRate: forecast.bound?.rate,
            bottleneck: forecast.bottleneck?.resource, nextBottleneck: forecast.next?.bottlenecks.first?.resource,
            wallSeconds: wall, resultJSON: try ForecastRecord.encode(forecast), runs: runs)
        return try store.save(in: runStore, what: "the forecast") { try $0.save(record) }
    }
}

/// Progress of a search: a step per run, described by its role, replication, load and outcome.
/// How many runs a search needs is not known in advance (it stops when the interval is narrow
/// enough), so the reporter shows runs so far and the time elapsed, without a total or an ETA.
private final class Progress: Sendable {
    private let reporter: ProgressReporter
    private let axis: SaturationAxis

    init(quiet: Bool, axis: SaturationAxis) {
        reporter = ProgressReporter(unit: "runs", total: nil, quiet: quiet)
        self.axis = axis
    }

    func report(_ probe: SaturationForecast.Probe) {
        let verdict = probe.meets ? "meets" : probe.status == .unstable ? "misses (stopped early)" : "misses"
        reporter.step("\(probe.role.rawValue) replication \(probe.replication + 1) at \(axis.format(probe.value)): p99 "
            + "\(Format.duration(probe.p99)), errors \(Format.percent(probe.errorRate)) → \(verdict)")
    }

    func finish() { reporter.finish() }
}
