import ArgumentParser
import Dispatch
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

/// `headroom sweep MODEL --set PATH=VALUES …`: runs the Cartesian grid of the values given.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a model over a grid of parameter values and store every point.",
        discussion: """
            VALUES is a comma list (2,4,8 or 100/s,200/s) or a range START..END:STEP with units \
            (100/s..1000/s:100/s, 1s..5s:1s, 1..10:1). Replication r of every point uses seed S+r.

            Example:
              headroom sweep models/textbook/mm1.yaml --set traffic.rate=0.5/s..0.9/s:0.1/s --replications 3
            """)

    @Argument(help: ArgumentHelp("The model file (YAML).", valueName: "model"))
    var model: String

    @Option(name: .customLong("set"), help: ArgumentHelp("A sweep axis; repeatable.", valueName: "path=values"))
    var axes: [String] = []

    @Option(name: .customLong("base-set"), help: ArgumentHelp("An override applied to every point; repeatable.", valueName: "path=value"))
    var baseOverrides: [String] = []

    @Option(help: ArgumentHelp("Replications per point (seeds S … S+N−1).", valueName: "n"))
    var replications: Int = 1

    @Option(help: ArgumentHelp("Runs at once (default: all cores).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Seed (replaces the model's `seed`).", valueName: "n"))
    var seed: UInt64?

    @OptionGroup var store: StoreOptions

    @Flag(help: "Print one JSON document instead of the table.")
    var json = false

    func validate() throws {
        guard !axes.isEmpty else { throw ValidationError("give at least one --set PATH=VALUES") }
        guard replications >= 1 else { throw ValidationError("--replications must be at least 1") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        try exitingOnFailure(execute)
    }

    struct PointReport: Encodable {
        var point: Int
        var overrides: [String]
        var values: [String: String]
        var runIds: [Int64]
        var status: String
        var throughput: Double
        var meanLatency: Double
        var p99: Double
        var topComponent: String?
        var topUtilization: Double?
    }

    struct Report: Encodable {
        var sweepId: Int64
        var file: String
        var model: String
        var seed: UInt64
        var replications: Int
        var axes: [SweepAxis]
        var baseOverrides: [String]
        var wallSeconds: Double
        var points: [PointReport]
    }

    private func execute() throws {
        let parsedAxes: [SweepAxis]
        do {
            let units = SweepUnits(rate: Units.rate, duration: Units.duration, fraction: Units.fraction)
            parsedAxes = try axes.map { try SweepGrid.axis($0, units: units) }
        } catch let error as SweepGridError {
            throw Failure(error.description)
        }
        let grid = SweepGrid.points(parsedAxes)
        let base: LoadedModel
        do {
            base = try ModelLoader.load(file: model, overrides: baseOverrides, seed: seed)
        } catch {
            throw Failure("\(error)")
        }
        // Validate every point before running anything.
        var specs: [SimulationSpec] = []
        var problems: [String] = []
        for (index, point) in grid.enumerated() {
            do {
                specs.append(try ModelLoader.load(file: model, overrides: baseOverrides + point, seed: seed).spec)
            } catch {
                problems.append("point \(index + 1)/\(grid.count) (\(point.joined(separator: ", "))): \(error)")
            }
        }
        guard problems.isEmpty else { throw Failure(problems.joined(separator: "\n")) }

        let runStore = try store.open()
        let gridJSON = String(decoding: try JSONEncoder().encode(parsedAxes), as: UTF8.self)
        let created = Date()
        let sweepID: Int64
        do {
            sweepID = try runStore.createSweep(SweepRecord(
                createdAt: created, modelName: base.spec.name, modelFile: base.file, modelText: base.text,
                gridJSON: gridJSON, baseOverrides: baseOverrides, replications: replications, seed: base.spec.seed,
                points: grid.count))
        } catch {
            throw Failure("could not store the sweep: \(error)")
        }

        let state = SweepState(points: grid.count, replications: replications)
        let tasks = grid.count * replications
        let lanes = max(1, min(jobs, tasks))
        let start = Date()
        let interactive = isatty(2) != 0
        let reps = replications
        let pointSpecs = specs
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for task in stride(from: lane, to: tasks, by: lanes) {
                let point = task / reps
                let replication = task % reps
                var spec = pointSpecs[point]
                spec.seed = Replications.seed(spec.seed, replication: replication)
                let t0 = DispatchTime.now().uptimeNanoseconds
                let result = Simulation.run(spec)
                let wall = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
                guard let finished = state.store(point: point, replication: replication, (result, wall)) else { continue }
                // The point is complete: store it in its own transaction.
                let overrides = baseOverrides + grid[point]
                let records = runRecords(
                    modelName: base.spec.name, file: base.file, text: base.text, overrides: overrides, runs: finished)
                do {
                    let ids = try runStore.save(records, sweepID: sweepID, point: point, overrides: overrides)
                    state.finish(point: point, ids: ids)
                } catch {
                    state.fail("could not store point \(point + 1): \(error)")
                }
                state.progress(point: point, label: grid[point].joined(separator: ", "), start: start, interactive: interactive)
            }
        }
        if interactive { printError("") }
        if let failure = state.failure { throw Failure(failure) }
        do {
            try runStore.markSweepDone(id: sweepID)
        } catch {
            throw Failure("could not store the sweep: \(error)")
        }
        let wallSeconds = Date().timeIntervalSince(start)

        var pointReports: [PointReport] = []
        for (index, point) in grid.enumerated() {
            let results = state.results(point: index)
            let pooled = RunResult.pooled(results)
            let top = pooled.components.max { $0.utilization < $1.utilization }
            var values: [String: String] = [:]
            for (axis, override) in zip(parsedAxes, point) {
                values[axis.path] = String(override.dropFirst(axis.path.count + 1))
            }
            pointReports.append(PointReport(
                point: index, overrides: point, values: values, runIds: state.ids(point: index),
                status: pooled.status.rawValue, throughput: pooled.throughput, meanLatency: pooled.latency.mean,
                p99: pooled.latency.p99, topComponent: top?.name, topUtilization: top?.utilization))
        }
        let report = Report(
            sweepId: sweepID, file: base.file, model: base.spec.name, seed: base.spec.seed, replications: replications,
            axes: parsedAxes, baseOverrides: baseOverrides, wallSeconds: wallSeconds, points: pointReports)
        if json {
            print(try JSONOutput.string(report))
            return
        }
        var rows = [["point"] + parsedAxes.map(\.path) + ["throughput", "p99", "most utilized"]]
        for p in pointReports {
            rows.append(
                [String(p.point + 1)] + parsedAxes.map { p.values[$0.path] ?? "" }
                    + [Format.number(p.throughput) + "/s", Format.duration(p.p99),
                       p.topComponent.map { "\($0) \(Format.percent(p.topUtilization ?? 0))" } ?? "-"])
        }
        print("sweep \(sweepID): \(grid.count) points × \(replications) replications of \(base.file)")
        print(Format.table(rows))
    }
}

/// The sweep's results, written by several threads.
private final class SweepState: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [[(result: RunResult, wallSeconds: Double)?]]
    private var remaining: [Int]
    private var runIDs: [[Int64]]
    private var pointsDone = 0
    private(set) var failure: String?

    init(points: Int, replications: Int) {
        slots = Array(repeating: Array(repeating: nil, count: replications), count: points)
        remaining = Array(repeating: replications, count: points)
        runIDs = Array(repeating: [], count: points)
    }

    /// Stores one replication; returns the point's runs when this completes the point.
    func store(point: Int, replication: Int, _ value: (RunResult, Double)) -> [(result: RunResult, wallSeconds: Double)]? {
        lock.lock()
        defer { lock.unlock() }
        slots[point][replication] = value
        remaining[point] -= 1
        return remaining[point] == 0 ? slots[point].map { $0! } : nil
    }

    func finish(point: Int, ids: [Int64]) {
        lock.lock()
        defer { lock.unlock() }
        runIDs[point] = ids
    }

    func fail(_ message: String) {
        lock.lock()
        defer { lock.unlock() }
        if failure == nil { failure = message }
    }

    func results(point: Int) -> [RunResult] {
        lock.lock()
        defer { lock.unlock() }
        return slots[point].map { $0!.result }
    }

    func ids(point: Int) -> [Int64] {
        lock.lock()
        defer { lock.unlock() }
        return runIDs[point]
    }

    /// Reports a finished point on stderr.
    func progress(point: Int, label: String, start: Date, interactive: Bool) {
        lock.lock()
        defer { lock.unlock() }
        pointsDone += 1
        let total = slots.count
        let elapsed = Date().timeIntervalSince(start)
        if interactive {
            let fraction = Double(pointsDone) / Double(total)
            let eta = fraction > 0 ? elapsed / fraction - elapsed : 0
            printErrorRaw(String(format: "\r\u{1B}[K%3.0f%%  %d/%d points  ETA %@", fraction * 100, pointsDone, total,
                                 Format.duration(max(0, eta))))
        } else {
            printError("point \(point + 1)/\(total) done (\(label)) [\(pointsDone)/\(total) finished, \(Format.number(elapsed, digits: 3))s]")
        }
    }
}

/// Writes `text` on standard error without a newline.
private func printErrorRaw(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
