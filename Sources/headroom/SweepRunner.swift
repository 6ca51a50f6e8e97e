import Dispatch
import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomStore

/// Runs the missing points of a sweep on several threads and stores each point, in its own
/// transaction, as soon as its last replication finishes.
///
/// Work is handed out one replication at a time from a shared counter, points in grid order,
/// so that two threads never idle while runs remain (a static split leaves one thread with the
/// slow points). Results do not depend on the order: each run's seed is fixed by its point and
/// replication.
///
/// After a stop signal no new run starts; the runs in progress finish, and a point they complete
/// is stored. A point with replications that never started is not stored at all, so the store
/// holds whole points only and `--resume` reruns the rest from the start.
struct SweepRunner {
    var plan: SweepPlan
    var store: RunStore
    var sweepID: Int64
    /// The points to run, ascending, with their specs.
    var points: [Int]
    var specs: [Int: SimulationSpec]
    /// Runs at once.
    var jobs: Int
    /// The sweep's row with its uid, and where a point goes when the store stays locked: a side
    /// store made on the first such point (see ``SideStore``).
    var sideStore: SideStore?

    struct Outcome {
        /// Points stored by this invocation.
        var stored: Int
        /// The first storage error, worded for the user; the runner stops at it.
        var failure: String?
        /// Points that the store refused (locked past --wait) and that went to the side store.
        var keptAside: Int
        /// The summary lines of the points stored, by point.
        var points: [SweepSummary.Point]
    }

    /// Runs until every point is stored, the store fails, or `stop` reports a signal.
    func run(stop: StopSignals?, progress: SweepProgress) -> Outcome {
        let reps = plan.replications
        let tasks = points.count * reps
        let state = SweepState(points: points.count, replications: reps)
        let lanes = max(1, min(jobs, tasks))
        DispatchQueue.concurrentPerform(iterations: lanes) { _ in
            while stop?.received == nil, !state.failed, let task = state.nextTask(below: tasks) {
                let slot = task / reps
                let replication = task % reps
                let point = points[slot]
                var spec = specs[point]!
                spec.seed = Replications.seed(spec.seed, replication: replication)
                let t0 = DispatchTime.now().uptimeNanoseconds
                let result = Simulation.run(spec)
                let wall = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
                guard let finished = state.store(slot: slot, replication: replication, (result, wall)) else { continue }
                // The point is complete: store it in its own transaction.
                let overrides = plan.overrides(point: point)
                let records = runRecords(
                    modelName: plan.modelName, file: plan.file, text: plan.text, overrides: overrides,
                    spec: specs[point], runs: finished)
                do {
                    let ids: [Int64]
                    do {
                        ids = try store.save(records, sweepID: sweepID, point: point, overrides: overrides)
                    } catch let error as StoreError {
                        // Not thrown away: the point goes to the side store, to be merged.
                        guard let sideStore else { throw error }
                        ids = try sideStore.save(records, point: point, overrides: overrides, because: error)
                    }
                    // Summarized here, on the worker threads: the point's results need not be
                    // kept, nor read back from the store at the end.
                    state.release(slot: slot, summary: SweepSummary.point(
                        point, runIDs: ids, results: finished.map(\.result), axes: plan.axes, grid: plan.grid))
                    progress.pointDone(point: point, label: plan.grid[point].joined(separator: ", "))
                } catch {
                    state.fail("could not store point \(point + 1): \(error)")
                }
            }
        }
        return Outcome(
            stored: progress.done, failure: state.failure, keptAside: sideStore?.points ?? 0, points: state.summaries)
    }
}

/// Where the points of a sweep go when its store stays locked past `--wait`: a new store beside
/// it (`NAME.unmerged-DATE-PID.sqlite`) holding the same sweep (same uid), made on the first such
/// point, so that `headroom merge` puts them back into the sweep.
final class SideStore: @unchecked Sendable {
    /// The side store's file.
    let path: String
    private let record: SweepRecord
    private let wait: Double
    private let lock = NSLock()
    private var opened: (store: RunStore, sweepID: Int64)?
    private var count = 0
    /// The first refusal of the main store, for the message.
    private(set) var reason: String?

    /// `record` must carry the sweep's uid (as stored), so that the side store's sweep merges
    /// into it.
    init(beside storePath: String, record: SweepRecord, wait: Double) {
        path = StoreOptions.sidePath(for: storePath)
        self.record = record
        self.wait = wait
    }

    /// Points saved here so far.
    var points: Int { lock.withLock { count } }

    /// Saves one point's runs here; `error` is why the main store refused them.
    func save(_ records: [RunRecord], point: Int, overrides: [String], because error: StoreError) throws -> [Int64] {
        try lock.withLock {
            if opened == nil {
                let store = try RunStore(path: path, busyTimeout: wait)
                opened = (store, try store.continueSweep(record).id)
            }
            let ids = try opened!.store.save(records, sweepID: opened!.sweepID, point: point, overrides: overrides)
            count += 1
            if reason == nil { reason = error.message }
            return ids
        }
    }
}

/// The runs of the points in progress, shared by the runner's threads.
private final class SweepState: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    /// The runs of the points in progress only, by slot: made when a point's first run ends and
    /// dropped when it is stored, so memory follows the points running, not the grid.
    private var slots: [Int: [(result: RunResult, wallSeconds: Double)?]] = [:]
    private let replications: Int
    private var failureMessage: String?
    private var summaryLines: [SweepSummary.Point] = []

    init(points: Int, replications: Int) {
        self.replications = replications
    }

    /// The next task to run, or nil when all have been handed out.
    func nextTask(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }

    /// Keeps one replication; returns the point's runs when this completes the point.
    func store(slot: Int, replication: Int, _ value: (RunResult, Double)) -> [(result: RunResult, wallSeconds: Double)]? {
        lock.lock()
        defer { lock.unlock() }
        var runs = slots[slot] ?? Array(repeating: nil, count: replications)
        runs[replication] = value
        guard runs.contains(where: { $0 == nil }) else {
            slots[slot] = nil
            return runs.map { $0! }
        }
        slots[slot] = runs
        return nil
    }

    /// Forgets a stored point's results (they are in the store now; a long sweep need not hold
    /// every result in memory) and keeps its summary line.
    func release(slot: Int, summary: SweepSummary.Point?) {
        lock.lock()
        defer { lock.unlock() }
        slots[slot] = nil
        if let summary { summaryLines.append(summary) }
    }

    /// The summary lines of the points stored so far, in the order they were stored.
    var summaries: [SweepSummary.Point] {
        lock.lock()
        defer { lock.unlock() }
        return summaryLines
    }

    func fail(_ message: String) {
        lock.lock()
        defer { lock.unlock() }
        if failureMessage == nil { failureMessage = message }
    }

    var failed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return failureMessage != nil
    }

    var failure: String? {
        lock.lock()
        defer { lock.unlock() }
        return failureMessage
    }
}

/// A sweep's progress: a step per stored point (``ProgressReporter``), named by its number in
/// the whole grid and its axis values.
final class SweepProgress: Sendable {
    private let reporter: ProgressReporter
    private let gridPoints: Int

    /// - parameters:
    ///   - total: points this invocation runs.
    ///   - gridPoints: points in the whole grid (point numbers count up to it).
    ///   - quiet: `--quiet`.
    init(total: Int, gridPoints: Int, quiet: Bool) {
        reporter = ProgressReporter(unit: "points", total: total, quiet: quiet)
        self.gridPoints = gridPoints
    }

    /// Points finished so far.
    var done: Int { reporter.done }

    /// Reports a stored point.
    func pointDone(point: Int, label: String) {
        reporter.step("point \(point + 1)/\(gridPoints) done (\(label))")
    }

    /// Prints a message on its own line (ending the updating line first).
    func message(_ text: String) { reporter.message(text) }

    /// Ends the updating line, if any.
    func finish() { reporter.finish() }
}
