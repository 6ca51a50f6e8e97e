import Dispatch
import Foundation
import HeadroomAnalysis
import HeadroomComponents
import HeadroomModeling
import HeadroomStore

/// What a sweep runs, whether it comes from the command line or, for `--resume`, from the store:
/// the model text, the grid, the overrides every point shares, replications and seeds.
///
/// Point p (from 0, in grid order) runs the model text with `baseOverrides + grid[p]` and
/// replication r with seed `seed + r`, whatever the machine, `--jobs` or shard, so an
/// interrupted and resumed sweep, or a sharded and merged one, holds the same results as one
/// run without a break.
struct SweepPlan {
    /// The model file as the user named it (a label: runs use ``text``).
    var file: String
    /// The model file's text as it was when the sweep began.
    var text: String
    /// The model's name.
    var modelName: String
    var axes: [SweepAxis]
    /// Each point's axis overrides (`PATH=VALUE`), in grid order.
    var grid: [[String]]
    var baseOverrides: [String]
    var replications: Int
    /// The base seed: the model's, or `--seed`.
    var seed: UInt64
    /// The seed handed to the model loader for every point: `--seed` if it was given, else nil so
    /// that a `seed` among the overrides (a seed axis) takes effect as it did at the start.
    var seedArgument: UInt64?
    /// The part of the grid this invocation is responsible for; nil for all of it.
    var shard: SweepShard?

    /// The axes as the store keeps them.
    var gridJSON: String { SweepGrid.json(axes) }

    /// A new sweep of `file`; ``specs(points:jobs:)`` then checks the points.
    ///
    /// - throws: ``Failure`` for a bad axis or a model that does not load.
    init(file: String, axes axisTexts: [String], baseOverrides: [String], replications: Int, seed: UInt64?,
         shard: SweepShard?) throws {
        do {
            let units = SweepUnits(rate: Units.rate, duration: Units.duration, fraction: Units.fraction)
            axes = try axisTexts.map { try SweepGrid.axis($0, units: units) }
        } catch let error as SweepGridError {
            throw Failure(error.description)
        }
        // The grid is checked before it is built: three long ranges multiply to more points than
        // memory holds.
        let points = axes.reduce(1.0) { $0 * Double($1.values.count) }
        guard points * Double(replications) <= Double(Replications.maximumSweepRuns) else {
            throw Failure("the sweep has \(Int(min(points, 1e18))) points × \(replications) replications; expected at most "
                + "\(Replications.maximumSweepRuns) runs (fewer values, or split it with --shard)")
        }
        grid = SweepGrid.points(axes)
        let base: LoadedModel
        do {
            base = try ModelLoader.load(file: file, overrides: baseOverrides, seed: seed)
        } catch let error as ModelError {
            // The base alone may be invalid where every point is fine (a warm-up axis with a
            // duration shortened below the file's warm-up): then the first point names the model.
            guard let first = try? ModelLoader.load(file: file, overrides: baseOverrides + grid[0], seed: seed) else {
                throw Failure(error.description)
            }
            base = first
        } catch {
            throw Failure("\(file): \(error)")
        }
        self.file = base.file
        text = base.text
        modelName = base.spec.name
        self.baseOverrides = baseOverrides
        self.replications = replications
        self.seed = base.spec.seed
        seedArgument = seed
        self.shard = shard
    }

    /// The plan of a stored sweep, to continue it: everything comes from the store, the model
    /// from the text stored with the sweep, not from the file (which may have changed since).
    init(resuming sweep: StoredSweep) throws {
        let record = sweep.record
        guard let axes = SweepGrid.axes(json: record.gridJSON), !axes.isEmpty else {
            throw Failure("sweep \(sweep.id): its grid cannot be read: \(record.gridJSON)")
        }
        self.axes = axes
        file = record.modelFile
        text = record.modelText
        modelName = record.modelName
        grid = SweepGrid.points(axes)
        guard grid.count == record.points else {
            throw Failure("sweep \(sweep.id): its grid has \(grid.count) points but the sweep \(record.points)")
        }
        baseOverrides = record.baseOverrides
        replications = record.replications
        seed = record.seed
        // The stored seed is the model's (after base overrides) unless --seed replaced it; in the
        // first case pass none, as the first invocation did, so that a seed axis still applies.
        let modelSeed = (try? ModelLoader.load(text: text, file: file, overrides: baseOverrides, seed: nil))?.spec.seed
        seedArgument = modelSeed == record.seed ? nil : record.seed
        if let index = record.shardIndex, let count = record.shardCount {
            shard = SweepShard(index: index, count: count)
        }
    }

    /// The identity of the sweep's row: a digest shared by every shard of the same sweep, or nil
    /// (a random one) for an unsharded sweep.
    var uid: String? {
        guard let shard else { return nil }
        return SweepIdentity.uid(
            modelText: text, gridJSON: gridJSON, baseOverrides: baseOverrides, replications: replications, seed: seed,
            shardCount: shard.count)
    }

    /// The sweep's row, created now.
    func record(createdAt: Date) -> SweepRecord {
        SweepRecord(
            createdAt: createdAt, modelName: modelName, modelFile: file, modelText: text, gridJSON: gridJSON,
            baseOverrides: baseOverrides, replications: replications, seed: seed, points: grid.count, uid: uid,
            shardIndex: shard?.index, shardCount: shard?.count)
    }

    /// Whether this invocation is responsible for the point.
    func owns(point: Int) -> Bool {
        shard?.contains(point: point) ?? true
    }

    /// Every override of point p: the base ones, then the point's.
    func overrides(point: Int) -> [String] {
        baseOverrides + grid[point]
    }

    /// The specs of the given points, by point, loaded on up to `jobs` threads (a grid of
    /// thousands of points would otherwise spend seconds here on one core before any run).
    ///
    /// - throws: ``Failure`` listing every point the model rejects, with its values, in point
    ///   order.
    func specs(points: [Int], jobs: Int) throws -> [Int: SimulationSpec] {
        let loaded = Parallel.map(points.count, jobs: jobs) { slot -> Result<SimulationSpec, PointProblem> in
            let point = points[slot]
            do {
                return .success(try ModelLoader.load(
                    text: text, file: file, overrides: overrides(point: point), seed: seedArgument
                ).spec)
            } catch {
                return .failure(PointProblem(
                    message: "point \(point + 1)/\(grid.count) (\(grid[point].joined(separator: ", "))): \(error)"))
            }
        }
        var specs: [Int: SimulationSpec] = [:]
        var problems: [String] = []
        for (slot, outcome) in loaded.enumerated() {
            switch outcome {
            case .success(let spec): specs[points[slot]] = spec
            case .failure(let problem): problems.append(problem.message)
            }
        }
        guard problems.isEmpty else { throw Failure(problems.joined(separator: "\n")) }
        return specs
    }
}

/// A point's problem, worded for the user.
private struct PointProblem: Error {
    let message: String
}
