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

/// `headroom plan MODEL --load 3x --vary PATH=VALUES …`: the cheapest configuration of a design
/// space that meets the SLO at the planned load.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Find the cheapest configuration that meets the SLO at the load you expect.",
        discussion: """
            The design space is the knobs that may change and their values, with the sweep's \
            syntax (lists 4,8,16 and ranges 2..40:2), from --vary and the model's plan: section \
            (--vary wins for a knob both give). From the model, the busiest resource is relaxed \
            with its cheapest sufficient step (a knob that sizes it, raised to where the \
            utilization law puts it at 80 %, confirmed by runs), until the SLO holds; then each \
            knob is lowered while it still holds. Every configuration runs --replications times \
            with the same seeds (common random numbers) and meets only when every replication \
            meets the SLO and keeps up; one that misses in its first replication is not run \
            further. Prints the configuration as --set overrides, its cost per hour against the \
            model's, p99 and errors with 95 % intervals, its own saturation load (the headroom \
            it leaves), the bottleneck now and the path of steps; --frontier adds the \
            cost–latency frontier of the configurations judged. Prices come from the model's \
            cost: section (docs/model-format.md). The plan and every run it made are stored \
            (headroom plans, headroom report plan ID).

            Examples:
              headroom plan models/full-saas.yaml --load 3x --slo p99=500ms,errors=0.5%
              headroom plan models/full-saas.yaml --load 2x --vary components.db.primary_cores=8,16,32
              headroom plan models/textbook/mmc.yaml --load 2x --vary components.servers.servers=1..20:1 -o planned.yaml
            """)

    @OptionGroup var model: ModelOptions

    @Option(help: ArgumentHelp("The planned load as a factor of the model's traffic: 3x, 3, 300%.", valueName: "factor"))
    var load: String = "1x"

    @Option(help: ArgumentHelp(
        "The service level: p99=DURATION and/or errors=FRACTION, comma-separated (default: the model's slo).",
        valueName: "objectives"))
    var slo: String?

    @Option(name: .customLong("vary"), help: ArgumentHelp(
        "A knob of the design space and its values (4,8,16 or 2..40:2); repeatable.", valueName: "path=values"))
    var vary: [String] = []

    @Option(help: ArgumentHelp("Runs per configuration (seeds S … S+N−1).", valueName: "n"))
    var replications: Int = 3

    @Option(help: ArgumentHelp("Most configurations to judge before giving up with the best found.", valueName: "n"))
    var maxConfigurations: Int = 400

    @Flag(help: "Skip the saturation search on the planned configuration.")
    var noHeadroom = false

    @Flag(help: "Also print the cost–latency frontier of the configurations judged (always stored).")
    var frontier = false

    @Option(help: ArgumentHelp("Runs at once; the default is the number of cores.", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customShort("o"), help: ArgumentHelp("Write the planned model file here.", valueName: "file"),
            completion: .file(extensions: ["yaml", "yml"]))
    var output: String?

    @OptionGroup var store: StoreOptions

    @Flag(help: "Do not store the plan and its runs.")
    var noStore = false

    @Flag(help: "No progress on stderr.")
    var quiet = false

    @Flag(help: "Print one JSON document instead of the summary.")
    var json = false

    func validate() throws {
        guard replications >= 1 else { throw ValidationError("--replications must be at least 1") }
        guard replications <= Replications.maximum else {
            throw ValidationError("--replications must be at most \(Replications.maximum)")
        }
        guard maxConfigurations >= 1, maxConfigurations <= 100_000 else {
            throw ValidationError("--max-configurations must be between 1 and 100000")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard Self.loadFactor(load) != nil else {
            throw ValidationError("--load must be a factor above 0 such as 3x, 3 or 300%; found '\(load)'")
        }
    }

    func run() throws {
        try exitingOnFailure(execute)
    }

    /// `3x`, `×3`, `3`, `300%` → 3; nil unless a finite number above 0 (at most 10⁶).
    static func loadFactor(_ text: String) -> Double? {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        var value: Double?
        if trimmed.hasSuffix("%") {
            value = Units.fraction(trimmed)
        } else {
            if trimmed.hasSuffix("x") || trimmed.hasSuffix("X") { trimmed.removeLast() }
            if trimmed.hasPrefix("×") { trimmed.removeFirst() }
            value = Double(trimmed)
        }
        guard let value, value.isFinite, value > 0, value <= 1e6 else { return nil }
        return value
    }

    struct Report: Encodable {
        var planId: Int64?
        var file: String
        var overrides: [String]
        var wallSeconds: Double
        var written: String?
        var plan: Plan
    }

    private func execute() throws {
        let loaded = try model.load()
        let level = try ServiceLevelOption.parse(slo, model: loaded.spec.slo, modelFile: model.model)
        let factor = Self.loadFactor(load)!
        let text = loaded.text, file = loaded.file, baseOverrides = model.overrides, seed = model.seed
        let runStore = noStore ? nil : try store.open()

        // The design space: the model's plan: section, then --vary (which wins for a knob both give).
        let units = SweepUnits(rate: Units.rate, duration: Units.duration, fraction: Units.fraction)
        let varied = Set(vary.compactMap { $0.split(separator: "=", maxSplits: 1).first.map { String($0).trimmingCharacters(in: .whitespaces) } })
        var axes: [(text: String, source: String)] = loaded.plan.filter { !varied.contains($0.path) }
            .map { ("\($0.path)=\($0.values)", "\(file):\($0.line): plan.vary.\($0.path)") }
        axes += vary.map { ($0, "--vary") }
        let knobs: [PlanKnob]
        do {
            knobs = try DesignSpace.knobs(axes, units: units)
        } catch let error as PlanError {
            throw Failure(error.description)
        }
        // Every knob must be a key the model takes, at every one of its values: load each value
        // once (the model's own checks name a typo and suggest the key meant).
        for knob in knobs {
            for value in knob.values {
                do {
                    _ = try ModelLoader.load(text: text, file: file, overrides: baseOverrides + ["\(knob.path)=\(value)"], seed: seed)
                } catch let error as ModelError {
                    throw Failure("--vary \(knob.path)=\(value): the model does not take this value:\n\(error.description)")
                }
            }
        }
        let modelTexts = knobs.map { Self.modelValue(of: $0.path, text: text, file: file, overrides: baseOverrides) }
        let modelValues = modelTexts.map { $0.flatMap { SweepGrid.baseValue($0, units: units) } }
        let modelScale = ModelLoader.scalar(atPath: "traffic.scale", text: text, file: file, overrides: baseOverrides)
            .flatMap(Double.init) ?? 1

        var settings = PlanSearch.Settings()
        settings.replications = replications
        settings.jobs = jobs
        settings.maxEvaluations = maxConfigurations
        settings.headroom = !noHeadroom
        let progress = Progress(quiet: quiet)
        let search = PlanSearch(
            knobs: knobs, modelValues: modelValues, modelTexts: modelTexts, modelScale: modelScale, load: factor,
            serviceLevel: level, settings: settings, progress: { progress.report($0) }
        ) { overrides, scale in
            do {
                return try ModelLoader.load(
                    text: text, file: file, overrides: baseOverrides + overrides + ["traffic.scale=\(scale)"], seed: seed
                ).spec
            } catch {
                throw PlanError("at \(overrides.joined(separator: ", ")), traffic.scale=\(scale): \(error)")
            }
        }
        let started = Date()
        let outcome: PlanSearch.Outcome
        do {
            outcome = try search.run()
        } catch let error as PlanError {
            progress.finish()
            throw Failure(error.description)
        }
        progress.finish()
        let wall = Date().timeIntervalSince(started)
        let plan = outcome.plan

        var written: String?
        if let output, plan.status == .met {
            let header = [
                "Planned by headroom plan from \(file) for ×\(Format.number(factor, digits: 4)) load: "
                    + (plan.changes.isEmpty ? "no change" : plan.changes.joined(separator: " ")),
                "(the traffic is the model's; run it at the planned load with --set traffic.scale=\(modelScale * factor))",
            ]
            do {
                let planned = try ModelLoader.text(text, file: file, applying: baseOverrides + plan.chosen.overrides, header: header)
                try planned.write(toFile: output, atomically: true, encoding: .utf8)
                written = output
            } catch let error as ModelError {
                throw Failure("-o \(output): \(error.description)")
            } catch {
                throw Failure("-o \(output): cannot write the planned model: \(error.localizedDescription)")
            }
        }

        var planID: Int64?
        /// A plan kept in a side store: it is still printed, then the failure.
        var notStored: Failure?
        if let runStore {
            do {
                planID = try save(outcome, loaded: loaded, wall: wall, in: runStore)
            } catch let failure as Failure {
                notStored = failure
            }
        }
        if json {
            print(try JSONOutput.string(Report(
                planId: planID, file: file, overrides: baseOverrides, wallSeconds: wall, written: written, plan: plan)))
        } else {
            print(plan.text)
            if frontier {
                print("")
                print(plan.frontierText)
            }
            var tail = "\(plan.runs) runs in \(Format.number(wall, digits: 3)) s"
            if let planID { tail += "; stored as plan \(planID) (headroom plans show \(planID))" }
            if let written { tail += "; planned model written to \(written)" }
            print(tail)
        }
        if let notStored { throw notStored }
        if plan.status == .unmeetable {
            throw Failure("plan: no configuration of the design space met the SLO "
                + "(the best found: \(plan.chosen.overrides.joined(separator: " ")), margin "
                + "\(Format.signedPercent(plan.chosen.margin)))")
        }
    }

    /// Stores the plan and its runs in one transaction.
    private func save(_ outcome: PlanSearch.Outcome, loaded: LoadedModel, wall: Double, in runStore: RunStore) throws -> Int64 {
        let plan = outcome.plan
        let created = Date()
        let hash = StableHash.hexDigest(loaded.text)
        let runs = outcome.runs.map { run in
            PlanRecord.Run(
                record: RunRecord(
                    createdAt: created, modelName: loaded.spec.name, modelFile: loaded.file, modelText: loaded.text,
                    modelHash: hash, seed: run.result.seed,
                    overrides: model.overrides + run.overrides + ["traffic.scale=\(run.scale)"],
                    toolVersion: Headroom.version, wallSeconds: run.wallSeconds, result: run.result, spec: run.spec),
                role: run.role, scale: run.scale, configuration: run.overrides)
        }
        let record = PlanRecord(
            createdAt: created, modelName: loaded.spec.name, modelFile: loaded.file, modelText: loaded.text,
            modelHash: hash, overrides: model.overrides, load: plan.load, sloJSON: try PlanRecord.encode(plan.slo),
            seed: plan.seed, replications: plan.replications, toolVersion: Headroom.version, status: plan.status.rawValue,
            changes: plan.changes, currency: plan.currency, costPerHour: plan.chosen.costPerHour,
            currentCostPerHour: plan.current.costPerHour, p99: plan.chosen.p99.mean, errorRate: plan.chosen.errorRate.mean,
            saturation: plan.headroom?.saturation, bottleneck: plan.chosen.bottleneck?.name, evaluations: plan.evaluations,
            wallSeconds: wall, resultJSON: try PlanRecord.encode(plan), runs: runs)
        return try store.save(in: runStore, what: "the plan") { try $0.save(record) }
    }

    /// The model's value of a knob as it spells it; for a database node size the model leaves
    /// out (`primary_cores`, `replica_cores`, `shard_cores.N`), the `cores` those nodes have.
    static func modelValue(of path: String, text: String, file: String, overrides: [String]) -> String? {
        if let value = ModelLoader.scalar(atPath: path, text: text, file: file, overrides: overrides) { return value }
        let segments = path.split(separator: ".").map(String.init)
        guard segments.count >= 3, segments[0] == "components" else { return nil }
        let parameter = segments[2]
        guard ["primary_cores", "replica_cores", "shard_cores"].contains(parameter) else { return nil }
        if parameter == "shard_cores",
           let primary = ModelLoader.scalar(atPath: "components.\(segments[1]).primary_cores", text: text, file: file,
                                            overrides: overrides) {
            return primary
        }
        return ModelLoader.scalar(atPath: "components.\(segments[1]).cores", text: text, file: file, overrides: overrides)
            ?? "1"
    }
}

/// Progress of a plan: a step per run, with the configuration judged and its outcome; the
/// total is the search's own estimate of the runs it needs, which grows as it learns.
private final class Progress: Sendable {
    private let reporter: ProgressReporter

    init(quiet: Bool) {
        reporter = ProgressReporter(unit: "runs", total: nil, quiet: quiet)
    }

    func report(_ update: PlanSearch.Progress) {
        let config = update.overrides.isEmpty ? "the model as it is"
            : update.overrides.map { $0.hasPrefix("components.") ? String($0.dropFirst("components.".count)) : $0 }
                .joined(separator: " ")
        reporter.expect(total: max(update.expectedRuns, update.runs))
        reporter.step("run \(update.runs) (\(update.phase)): \(config), replication \(update.replication + 1): p99 "
            + "\(Format.duration(update.p99)) → \(update.meets ? "meets" : "misses")")
    }

    func finish() { reporter.finish() }
}
