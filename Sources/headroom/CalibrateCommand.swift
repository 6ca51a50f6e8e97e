import ArgumentParser
import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomModeling

/// `headroom calibrate MODEL --observed FILE`: fits the model's service times to measurements
/// of the real system, reports the fit and with `-o` writes the calibrated model.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit a model's service times to measurements of the real system.",
        discussion: """
            Reads observed metrics per window: the long CSV time,scope,metric,value (what \
            `headroom runs series --csv` writes) or a Prometheus range-query JSON response \
            (.json). It uses the run-wide throughput (scope '', requests/s), each component's \
            utilization (a ratio of its servers; an app server's in_rotation when it scales) and, \
            when given, service_p50 and service_p99 (seconds). Service demands follow from the \
            utilization law (D = U·c/X, least squares across windows); service-time shapes from \
            p50/p99 (lognormal or gamma). Stations, app servers, databases and caches are \
            calibrated; pools, queues and rate limiters are not (they hold for other steps' time). \
            Prints the fit: per component the model's and the fitted demand and the factor \
            applied to its service times, the error of the predicted utilization, demand by load \
            level, and observed against predicted utilization per window; --simulate also runs \
            the calibrated model at the observed throughput and compares its latency percentiles \
            window by window. -o writes the \
            calibrated model: the file as written, each changed service time with a comment \
            saying what it was fitted from. See docs/calibration.md.

            Examples:
              headroom calibrate models/cache-aside.yaml --observed models/data/sample-metrics.csv
              headroom calibrate models/cache-aside.yaml --observed models/data/sample-prometheus.json -o calibrated.yaml
              headroom calibrate m.yaml --observed m.csv --fit db --distribution gamma --from 60 --json
            """)

    @Argument(help: ArgumentHelp("The model file (YAML).", valueName: "model"))
    var model: String

    @Option(help: ArgumentHelp("Observed metrics: a long CSV or a Prometheus range-query JSON; repeatable (merged).",
                               valueName: "file"))
    var observed: [String] = []

    @Option(help: ArgumentHelp("csv or prometheus (default: prometheus for a .json file, else csv).", valueName: "format"))
    var format: String?

    @Option(help: ArgumentHelp(
        "Prometheus: read the series named NAME as METRIC or SCOPE.METRIC; repeatable.",
        discussion: "Without it a series' labels `scope` and `metric` name it, else `__name__` and `component`.",
        valueName: "name=metric"))
    var map: [String] = []

    @Option(help: ArgumentHelp("Fit only this component; repeatable (default: every one the data covers).", valueName: "name"))
    var fit: [String] = []

    @Option(help: ArgumentHelp("Family fitted to service_p50/service_p99: lognormal or gamma.", valueName: "family"))
    var distribution: String = "lognormal"

    @Option(help: ArgumentHelp("Leave out windows ending before this time (seconds, the data's clock), e.g. a warm-up.",
                               valueName: "seconds"))
    var from: Double?

    @Option(help: ArgumentHelp("Leave out windows ending after this time (seconds).", valueName: "seconds"))
    var to: Double?

    @Option(name: .customShort("o"), help: ArgumentHelp("Write the calibrated model file here.", valueName: "file"))
    var output: String?

    @Flag(help: ArgumentHelp(
        "Also simulate the calibrated model at the observed throughput and compare it window by window.",
        discussion: "The model runs for as many windows as were observed, its traffic following each window's "
            + "throughput (a points profile over traffic.profile); latency percentiles, throughput, error rate and "
            + "utilization are compared with the observed ones."))
    var simulate = false

    @Flag(help: "Print the fit as one JSON document.") var json = false

    func validate() throws {
        guard !observed.isEmpty else { throw ValidationError("give the measurements with --observed FILE") }
        if let from, let to, from > to { throw ValidationError("--from \(from) is after --to \(to)") }
    }

    func run() throws {
        try exitingOnFailure {
            guard let family = PercentileFamily(rawValue: distribution) else {
                let names = PercentileFamily.allCases.map(\.rawValue)
                let hint = TraceOptions.nearest(distribution, in: names).map { " (did you mean '\($0)'?)" } ?? ""
                throw Failure("--distribution: unknown family '\(distribution)' (expected lognormal or gamma)\(hint)")
            }
            let loaded: LoadedModel
            do { loaded = try ModelLoader.load(file: model) } catch let error as ModelError {
                throw Failure(error.description)
            }
            var data = try readObserved()
            if from != nil || to != nil {
                data.windows = data.windows.filter { $0.time >= (from ?? -.infinity) && $0.time <= (to ?? .infinity) }
                guard !data.windows.isEmpty else {
                    throw Failure("no observed window ends between --from and --to")
                }
            }
            let sites: [String: [String]]
            do { sites = try ModelLoader.serviceTimeSites(text: loaded.text, file: model) } catch let error as ModelError {
                throw Failure(error.description)
            }
            let calibration: Calibration
            do {
                calibration = try Calibration.fit(
                    spec: loaded.spec, sites: sites.mapValues(\.count), observed: data, family: family,
                    only: fit.isEmpty ? nil : fit)
            } catch {
                throw Failure("calibrate: \(error)")
            }
            var written: CalibratedModelText?
            if let output { written = try write(calibration, text: loaded.text, to: output) }
            let check = simulate ? try simulated(calibration, loaded: loaded, observed: data) : nil
            if json {
                print(try JSONOutput.string(CalibrationOutput(calibration: calibration, output: output,
                                                              editedInPlace: written?.editedInPlace, check: check)))
                return
            }
            print(calibration.text)
            if let check {
                print("")
                print(check.text)
            }
            if let output, let written {
                print("")
                print("wrote \(output)" + (written.editedInPlace ? "" : " (re-serialized: the model's comments could not be kept)"))
            }
        }
    }

    /// The observed files, read and merged.
    private func readObserved() throws -> ObservedMetrics {
        var rename: [String: String] = [:]
        for entry in map {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw Failure("--map: expected NAME=METRIC or NAME=SCOPE.METRIC, found '\(entry)'")
            }
            rename[parts[0]] = parts[1]
        }
        var merged: ObservedMetrics?
        for file in observed {
            let kind: String
            switch format {
            case nil: kind = file.lowercased().hasSuffix(".json") ? "prometheus" : "csv"
            case "csv"?, "prometheus"?: kind = format!
            case let other?:
                let hint = TraceOptions.nearest(other, in: ["csv", "prometheus"]).map { " (did you mean '\($0)'?)" } ?? ""
                throw Failure("--format: unknown format '\(other)' (expected csv or prometheus)\(hint)")
            }
            guard let bytes = FileManager.default.contents(atPath: file) else {
                throw Failure("calibrate: cannot read observed metrics '\(file)': "
                    + (FileManager.default.fileExists(atPath: file) ? "not readable" : "no such file"))
            }
            let data: ObservedMetrics
            do {
                if kind == "csv" {
                    guard let text = String(data: bytes, encoding: .utf8) else { throw Failure("\(file): not UTF-8 text") }
                    data = try ObservedMetrics.read(csv: text, file: file)
                } else {
                    data = try ObservedMetrics.read(prometheusJSON: bytes, file: file, rename: rename)
                }
            } catch let error as ObservedDataError {
                throw Failure(error.description)
            }
            merged = merged.map { $0.merged(with: data) } ?? data
        }
        return merged!
    }

    /// The calibrated model run at the observed throughput, window by window, against the
    /// observed metrics.
    private func simulated(_ calibration: Calibration, loaded: LoadedModel, observed: ObservedMetrics) throws -> CalibrationCheck {
        guard loaded.spec.replay == nil else {
            throw Failure("--simulate: the model replays a trace (traffic.replay); its load cannot follow the observed throughput")
        }
        let base = loaded.spec.classes.reduce(0) { $0 + $1.rate }
        guard let profile = CalibrationCheck.loadProfile(observed, baseRate: base) else {
            throw Failure("--simulate: needs at least 2 observed windows and a run-wide throughput")
        }
        let calibrated: LoadedModel
        do {
            let text = try ModelLoader.calibrated(text: loaded.text, file: model, edits: edits(calibration), header: []).text
            calibrated = try ModelLoader.load(text: text, file: model, overrides: [
                "duration=\(ModelLoader.duration(profile.duration))", "warmup=0s", "window=\(ModelLoader.duration(profile.window))",
                "traffic.profile=\(profile.points)",
            ])
        } catch let error as ModelError {
            throw Failure("--simulate: \(error.description)")
        }
        let result = Simulation.run(calibrated.spec)
        return CalibrationCheck(observed: observed, simulated: result.series, window: profile.window,
                                fitted: calibration.components.map(\.target.component))
    }

    /// Each component's service times scaled by its factor, or replaced by the fitted family
    /// where percentiles were applied.
    private func edits(_ calibration: Calibration) -> [ServiceTimeEdit] {
        calibration.components.map { c -> ServiceTimeEdit in
            var change = ServiceTimeEdit.Change.scale(c.factor)
            if let s = c.service, s.applied {
                switch s.fit.family {
                case .lognormal: change = .lognormal(p50: s.predictedP50, p99: s.predictedP99)
                case .gamma: change = .gamma(shape: s.fit.shape ?? 1, mean: c.meanService)
                }
            }
            return ServiceTimeEdit(component: c.target.component, change: change,
                                   comment: "×\(Format.number(c.factor, digits: 4)), " + c.source)
        }
    }

    /// Writes the calibrated model to `output` (``edits(_:)``), with a header saying what was
    /// fitted from what and what was not.
    private func write(_ calibration: Calibration, text: String, to output: String) throws -> CalibratedModelText {
        let edits = edits(calibration)
        let header = [
            "Calibrated by headroom calibrate from " + observed.joined(separator: ", ")
                + " (\(calibration.windows) windows): "
                + calibration.components.map { "\($0.target.component) ×\(Format.number($0.factor, digits: 4))" }.joined(separator: ", "),
        ] + calibration.components.compactMap { c -> String? in
            // One demand per component is all a model holds: a load-dependent one is kept here.
            guard let fit = c.utilization, fit.loadDependent else { return nil }
            return "\(c.target.component): the demand varies with the load (written: the least-squares one); by load level: "
                + fit.levels.map { "\(Format.number($0.throughput))/s \(Format.duration($0.demand))" }.joined(separator: ", ")
        } + calibration.skipped.map { "not fitted: \($0.component): \($0.reason)" }
        do {
            let result = try ModelLoader.calibrated(text: text, file: model, edits: edits, header: header)
            try result.text.write(toFile: output, atomically: true, encoding: .utf8)
            return result
        } catch let error as ModelError {
            throw Failure("-o \(output): \(error.description)")
        } catch {
            throw Failure("-o \(output): cannot write the calibrated model: \(error.localizedDescription)")
        }
    }
}

/// `headroom calibrate --json`: the fit and where the model was written.
struct CalibrationOutput: Encodable {
    var calibration: Calibration
    var output: String?
    var editedInPlace: Bool?
    /// With --simulate: the calibrated model's run against the observed windows.
    var check: CalibrationCheck?
}
