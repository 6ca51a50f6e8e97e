import Foundation
import HeadroomComponents

/// Finds the cheapest configuration of a design space that meets a service level at a planned
/// load (`headroom plan`).
///
/// The search is meant to be followed by a person, step by step:
///
/// 1. **Start** from the model, each knob at the value of its list nearest the model's own.
/// 2. **Relax.** While the configuration misses the SLO, take the busiest group of resources
///    (``ResourceLoad``: what gives first) that a knob of the design space relieves
///    (``PlanKnob/relieves(_:)``), and for each such knob its cheapest sufficient step: the
///    smallest value at which, by the utilization law (U' = U·v/v'), the group would be at most
///    ``Settings/targetUtilization`` busy, confirmed by running it; raised further, value by
///    value, while the run shows the group still the bottleneck above that target and the SLO
///    still missed. Of the knobs' steps the cheapest is taken. A group no knob relieves is passed
///    over for the next busiest (and noted).
/// 3. **Trim.** Once the SLO holds, each knob in turn (the one whose units cost most first) is
///    lowered to the smallest value at which the SLO still holds, the others fixed (a
///    trisection over its values, two judged at once: more capacity never hurts), until no
///    knob can go lower.
/// 4. **Headroom.** A ``SaturationSearch`` along the traffic scale on the chosen configuration
///    gives the load at which it saturates.
///
/// Every configuration is judged by ``Settings/replications`` runs with seeds S … S+N−1, the
/// same seeds at every configuration (common random numbers, so two configurations differ by
/// what changed, not by their draws), and is said to meet the SLO only when every replication
/// does and keeps up (no verdict `unstable`: a job backlog that keeps growing breaks the SLO
/// later, whatever the run's p99). Runs that can no longer meet the SLO stop early (``SimulationSpec/guardedForSearch(_:stopEarly:)``).
///
/// Deterministic: the same model, seed, knobs and settings give the same plan whatever
/// ``Settings/jobs`` is (runs go to lanes, results come back in order).
public struct PlanSearch: Sendable {
    public struct Settings: Sendable {
        /// Runs per configuration (seeds S … S+N−1).
        public var replications = 3
        /// Parallel lanes.
        public var jobs = 1
        /// The utilization a relaxed group is sized for by the utilization law.
        public var targetUtilization = 0.8
        /// Most configurations judged before the search gives up with the best found.
        public var maxEvaluations = 400
        /// Whether to search for the chosen configuration's own saturation load.
        public var headroom = true
        /// Replications of that saturation search (at least 2: an interval needs two).
        public var headroomReplications = 2

        public init() {}
    }

    /// The plan with every run it used, in a deterministic order.
    public struct Outcome: Sendable {
        public var plan: Plan
        public var runs: [Run]
    }

    public let knobs: [PlanKnob]
    /// The model's own value of each knob (base units), nil where the model leaves it out.
    public let modelValues: [Double?]
    /// The model's own value of each knob as spelled, for the report.
    public let modelTexts: [String?]
    /// The traffic scale of the model as written (its `traffic.scale`, 1 without one).
    public let modelScale: Double
    /// The planned load, a factor of the model's traffic.
    public let load: Double
    public let serviceLevel: ServiceLevel
    public let settings: Settings
    /// The model with `overrides` (knob values) applied at traffic scale `scale`.
    public let makeSpec: @Sendable (_ overrides: [String], _ scale: Double) throws -> SimulationSpec
    let progress: (@Sendable (Progress) -> Void)?

    /// The traffic scale of the planned load.
    var scale: Double { modelScale * load }

    public init(
        knobs: [PlanKnob], modelValues: [Double?], modelTexts: [String?], modelScale: Double = 1, load: Double,
        serviceLevel: ServiceLevel, settings: Settings = Settings(),
        progress: (@Sendable (Progress) -> Void)? = nil,
        makeSpec: @escaping @Sendable (_ overrides: [String], _ scale: Double) throws -> SimulationSpec
    ) {
        precondition(knobs.count == modelValues.count && knobs.count == modelTexts.count, "one model value per knob")
        self.knobs = knobs
        self.modelValues = modelValues
        self.modelTexts = modelTexts
        self.modelScale = modelScale
        self.load = load
        self.serviceLevel = serviceLevel
        self.settings = settings
        self.progress = progress
        self.makeSpec = makeSpec
    }

    /// Runs the search.
    ///
    /// - throws: ``PlanError`` when the model rejects a point of the design space (its message
    ///   names the point), or the headroom search fails.
    public func run() throws -> Outcome {
        precondition(!serviceLevel.isEmpty, "a plan needs an SLO")
        let perEvaluation = settings.replications
        let ledger = Ledger(expectedRuns: perEvaluation * (2 + 3 * knobs.count)
            + (settings.headroom ? 8 * settings.headroomReplications : 0))
        var cache: [[Int]: PlanEvaluation] = [:]
        var evaluations = 0
        /// Judges the points not judged yet (in one parallel batch), then returns them all.
        func judge(_ points: [[Int]], _ phase: String) throws -> [PlanEvaluation] {
            var fresh: [[Int]] = []
            for point in points where cache[point] == nil && !fresh.contains(point) { fresh.append(point) }
            if !fresh.isEmpty {
                guard evaluations < settings.maxEvaluations else { throw Exhausted() }
                let judged = try evaluate(fresh, phase: phase, ledger: ledger)
                evaluations += fresh.count
                for (point, evaluation) in zip(fresh, judged) { cache[point] = evaluation }
            }
            return points.map { cache[$0]! }
        }
        func judge(_ point: [Int], _ phase: String) throws -> PlanEvaluation { try judge([point], phase)[0] }

        let startPoint = knobs.indices.map { k in
            knobs[k].index(nearest: modelValues[k]) ?? 0
        }
        // The model as it is: the baseline of cost and figures (the start itself when every
        // knob's value is on its list).
        let startIsModel = knobs.indices.allSatisfy { k in
            modelValues[k].map { knobs[k].baseValues[startPoint[k]] == $0 } ?? false
        }
        var current: PlanEvaluation
        var start: PlanEvaluation
        if startIsModel {
            start = try judge(startPoint, "start")
            current = start
            current.point = []
            current.overrides = []
        } else {
            let both = try judge([[], startPoint], "start")
            current = both[0]
            start = both[1]
        }

        var notes: [String] = []
        var steps: [PlanStep] = []
        var point = startPoint
        var here = start
        var exhausted = false
        do {
            // 2. Relax until the SLO holds.
            relaxing: while !here.meets {
                ledger.expect(remaining: remainingRuns(relaxing: here, at: point))
                var moved = false
                // First only steps that bring the SLO nearer; when no group has one (two groups
                // that limit together, where relieving either alone changes nothing yet), steps
                // that relieve the busiest group's utilization.
                // A configuration inside the SLO that cannot keep up (a growing job backlog)
                // needs capacity, not a lower p99: only the second kind of step helps it.
                for requireGain in here.margin > 0 ? [false] : [true, false] {
                    for group in here.loads where group.utilization > 0 {
                        let relievers = knobs.indices.filter { knobs[$0].relieves(group) && point[$0] < knobs[$0].values.count - 1 }
                        guard !relievers.isEmpty else {
                            guard group.utilization > settings.targetUtilization else { continue }
                            let note = "\(group.name) was \(Int((group.utilization * 100).rounded())) % busy but no knob of the "
                                + "design space can raise it further (vary \(group.sizedBy))"
                            if !notes.contains(note) { notes.append(note) }
                            continue
                        }
                        let step = try cheapestStep(
                            for: group, relievers: relievers, at: point, here: here, requireGain: requireGain, judge: judge)
                        guard let step else { continue }
                        let next = step.evaluation
                        steps.append(PlanStep(
                            kind: .relax, knob: knobs[step.knob].path, from: knobs[step.knob].values[point[step.knob]],
                            to: knobs[step.knob].values[step.index], relieved: group.name,
                            utilizationBefore: group.utilization, utilizationAfter: next.load(group.name)?.utilization,
                            before: .init(here), after: .init(next)))
                        point[step.knob] = step.index
                        here = next
                        moved = true
                        continue relaxing
                    }
                }
                if !moved { break }
            }

            // 3. Trim while it still holds.
            if here.meets {
                var trimmed = true
                while trimmed {
                    trimmed = false
                    ledger.expect(remaining: remainingRuns(relaxing: nil, at: point))
                    for k in trimOrder(point) where point[k] > 0 {
                        // Trisection: two values judged at once (their replications fill the
                        // lanes) cut the bracket to a third. [low, high]: high meets.
                        var low = 0
                        var high = point[k]
                        var best = here
                        while low < high {
                            let first = low + (high - low) / 3
                            let second = Swift.max(first + 1, low + 2 * (high - low) / 3)
                            let values = second < high ? [first, second] : [first]
                            let judged = try judge(values.map { value in
                                var candidate = point
                                candidate[k] = value
                                return candidate
                            }, "trim")
                            if judged[0].meets {
                                high = first
                                best = judged[0]
                            } else if values.count > 1, judged[1].meets {
                                low = first + 1
                                high = second
                                best = judged[1]
                            } else {
                                low = values.last! + 1
                            }
                        }
                        if high < point[k] {
                            steps.append(PlanStep(
                                kind: .trim, knob: knobs[k].path, from: knobs[k].values[point[k]], to: knobs[k].values[high],
                                relieved: nil, utilizationBefore: nil, utilizationAfter: nil,
                                before: .init(here), after: .init(best)))
                            point[k] = high
                            here = best
                            trimmed = true
                        }
                    }
                }
            }
        } catch is Exhausted {
            exhausted = true
            notes.append("stopped after \(evaluations) configurations (the most allowed)")
        }

        let status: Plan.Status = here.meets ? .met : .unmeetable
        var chosen = here
        if !here.meets {
            // The best configuration seen: the largest margin, then the cheapest, then the first.
            chosen = cache.values.filter { !$0.point.isEmpty }.sorted { a, b in
                a.margin != b.margin ? a.margin > b.margin
                    : a.costPerHour != b.costPerHour ? a.costPerHour < b.costPerHour : a.point.lexicographicallyPrecedes(b.point)
            }.first ?? here
            if !exhausted, notes.isEmpty {
                notes.append("every knob that relieves the bottleneck is at its largest value")
            }
        }

        var headroom: PlanHeadroom?
        var headroomRuns: [Run] = []
        if settings.headroom, status == .met {
            (headroom, headroomRuns) = try self.headroom(of: chosen.overrides, ledger: ledger)
        }
        let base = try makeSpec(overrides(chosen.point), scale)
        let plan = Plan(
            model: base.name, load: load, rate: base.offeredRate, slo: .init(serviceLevel), seed: base.seed,
            replications: settings.replications, currency: base.currency, knobs: knobs, status: status,
            current: current, start: start, chosen: chosen, steps: steps, headroom: headroom, notes: notes,
            frontier: frontier(of: Array(cache.values)),
            evaluations: evaluations, runs: ledger.runs.count + headroomRuns.count, modelValues: modelTexts)
        return Outcome(plan: plan, runs: ledger.runs + headroomRuns)
    }

    /// The least gain that counts as a step doing something: the worst objective's bound over
    /// its observed value (1 + ``ServiceLevel/margin(of:)``) 5 % higher, e.g. a p99 5 % lower,
    /// or an error rate of 53 % down to 50.5 %. Relative, because far from the SLO the margin
    /// itself is near −1 and moves little however much the step helps; 5 %, because a step
    /// that moves the worst objective by a percent or two (a pool widened while the database
    /// behind it limits) is noise between configurations, not progress.
    static let marginGain = 0.05

    /// Whether margin `new` is a gain of at least ``marginGain`` over `old`.
    static func gains(_ new: Double, over old: Double) -> Bool {
        1 + new > Swift.max(1 + old, 0) * (1 + marginGain) && 1 + new > 0
    }

    /// The cost–latency frontier of `evaluations` (see ``Plan/frontier``), cheapest first; ties
    /// in cost keep the lower p99, then the earlier point.
    func frontier(of evaluations: [PlanEvaluation]) -> [PlanEvaluation] {
        let kept = evaluations.filter { evaluation in
            !evaluation.point.isEmpty && evaluation.unstable == 0
                && serviceLevel.errorRate.map { evaluation.errorRate.mean <= $0 } ?? true
        }.sorted { a, b in
            a.costPerHour != b.costPerHour ? a.costPerHour < b.costPerHour
                : a.p99.mean != b.p99.mean ? a.p99.mean < b.p99.mean : a.point.lexicographicallyPrecedes(b.point)
        }
        var front: [PlanEvaluation] = []
        for evaluation in kept where evaluation.p99.mean < (front.last?.p99.mean ?? .infinity) {
            front.append(evaluation)
        }
        return front
    }

    /// The search judged as many configurations as it may.
    private struct Exhausted: Error {}

    /// A step chosen for the bottleneck: knob `knob` to value `index`.
    private struct Step {
        var knob: Int
        var index: Int
        var evaluation: PlanEvaluation
        var sufficient: Bool
    }

    /// The cheapest sufficient step of the knobs that relieve `group`: per knob, the smallest
    /// value the utilization law says brings the group to the target, raised value by value
    /// while runs show it still the bottleneck above the target and the SLO missed. Sufficient
    /// means the SLO holds, or the group is no longer the bottleneck or no longer above the
    /// target. Nil when no knob's step changes anything (each was tried to its largest value).
    private func cheapestStep(
        for group: PlanLoad, relievers: [Int], at point: [Int], here: PlanEvaluation, requireGain: Bool,
        judge: ([[Int]], String) throws -> [PlanEvaluation]
    ) throws -> Step? {
        func sufficient(_ evaluation: PlanEvaluation) -> Bool {
            guard !evaluation.meets else { return true }
            guard let after = evaluation.load(group.name) else { return true }
            return after.utilization <= settings.targetUtilization || evaluation.bottleneck?.name != group.name
        }
        func predicted(_ k: Int, from index: Int, utilization: Double) -> Int {
            let knob = knobs[k]
            let needed = knob.baseValues[index] * utilization / settings.targetUtilization
            let found = knob.baseValues.indices.first { $0 > index && knob.baseValues[$0] >= needed * (1 - 1e-9) }
            return found ?? knob.values.count - 1
        }
        var indices = relievers.map { predicted($0, from: point[$0], utilization: group.utilization) }
        var settled: [Step?] = Array(repeating: nil, count: relievers.count)
        // Rounds: every knob not yet settled is tried at its next candidate, all at once.
        while settled.contains(where: { $0 == nil }) {
            let open = relievers.indices.filter { settled[$0] == nil }
            let points = open.map { slot -> [Int] in
                var candidate = point
                candidate[relievers[slot]] = indices[slot]
                return candidate
            }
            let judged = try judge(points, "relax \(group.name)")
            for (slot, evaluation) in zip(open, judged) {
                let k = relievers[slot]
                let last = knobs[k].values.count - 1
                // A step that leaves the margin where it was does not touch what limits the
                // SLO (a pool whose connections are held while the database queues stays full
                // however large it is): the knob is not raised further.
                let effective = !requireGain || Self.gains(evaluation.margin, over: here.margin)
                if sufficient(evaluation) || indices[slot] == last || !effective {
                    settled[slot] = Step(knob: k, index: indices[slot], evaluation: evaluation,
                                         sufficient: sufficient(evaluation) && (effective || evaluation.meets))
                } else {
                    let utilization = evaluation.load(group.name)?.utilization ?? group.utilization
                    indices[slot] = Swift.max(indices[slot] + 1, predicted(k, from: indices[slot], utilization: utilization))
                    indices[slot] = Swift.min(indices[slot], last)
                }
            }
        }
        let steps = settled.compactMap { $0 }
        let candidates = steps.filter(\.sufficient)
        let pool = !candidates.isEmpty ? candidates
            : requireGain ? steps.filter { Self.gains($0.evaluation.margin, over: here.margin) }
            : steps.filter { ($0.evaluation.load(group.name)?.utilization ?? 0) < group.utilization }
        // Cheapest; on a tie, the one that meets, then the larger margin, then knob order.
        return pool.min { a, b in
            if a.evaluation.costPerHour != b.evaluation.costPerHour { return a.evaluation.costPerHour < b.evaluation.costPerHour }
            if a.evaluation.meets != b.evaluation.meets { return a.evaluation.meets }
            if a.evaluation.margin != b.evaluation.margin { return a.evaluation.margin > b.evaluation.margin }
            return a.knob < b.knob
        }
    }

    /// A rough count of the runs still to come, for the ETA: per group above the target that a
    /// knob relieves, one and a half configurations per such knob; a bisection over each knob's
    /// lower values; the headroom search (about a dozen runs a replication).
    private func remainingRuns(relaxing here: PlanEvaluation?, at point: [Int]) -> Int {
        var configurations = 0.0
        if let here {
            for group in here.loads where group.utilization > settings.targetUtilization {
                configurations += 1.5 * Double(knobs.filter { $0.relieves(group) }.count)
            }
        }
        for k in knobs.indices where point[k] > 0 {
            configurations += 2 * (log(Double(point[k] + 1)) / log(3)).rounded(.up)
        }
        let headroom = settings.headroom ? 8 * settings.headroomReplications : 0
        return Int(configurations.rounded(.up)) * settings.replications + headroom
    }

    /// The knobs with a lower value, the one whose step down saves most first (ties: knob
    /// order). Savings are priced on the model's specs, so no run is needed.
    private func trimOrder(_ point: [Int]) -> [Int] {
        let here = (try? makeSpec(overrides(point), scale).costPerHour) ?? 0
        let savings = knobs.indices.map { k -> Double in
            guard point[k] > 0 else { return 0 }
            var lower = point
            lower[k] -= 1
            return here - ((try? makeSpec(overrides(lower), scale).costPerHour) ?? here)
        }
        return knobs.indices.sorted { savings[$0] != savings[$1] ? savings[$0] > savings[$1] : $0 < $1 }
    }

    /// The chosen configuration's saturation load (a ``SaturationSearch`` along the traffic
    /// scale from the planned load), without the next-bottleneck search.
    private func headroom(of overrides: [String], ledger: Ledger) throws -> (PlanHeadroom, [Run]) {
        var saturation = SaturationSearch.Settings()
        saturation.replications = settings.headroomReplications
        saturation.maxReplications = settings.headroomReplications
        saturation.precision = 0.05
        // Within 2 % is enough for a headroom figure; the planned load is light enough to
        // measure demands when no group is above 90 % (it is usually near the target).
        saturation.tolerance = 0.02
        saturation.maxProbesPerReplication = 10
        saturation.lightUtilization = 0.9
        saturation.findNext = false
        saturation.jobs = settings.jobs
        let make = makeSpec
        let search = SaturationSearch(axis: .load, start: scale, serviceLevel: serviceLevel, settings: saturation) { value in
            try make(overrides, value)
        }
        let progress = self.progress
        let outcome: SaturationSearch.Outcome
        do {
            outcome = try search.run { probe in
                ledger.finished(phase: "headroom", overrides: overrides, replication: probe.replication,
                                meets: probe.meets, p99: probe.p99, progress: progress)
            }
        } catch let error as SaturationError {
            throw PlanError("the headroom search on the planned configuration: \(error.description)")
        }
        let forecast = outcome.forecast
        let runs = outcome.runs.map { run in
            Run(point: [], overrides: overrides, replication: run.probe.replication, role: "headroom",
                scale: run.probe.value, result: run.result, spec: run.spec, wallSeconds: run.wallSeconds)
        }
        let headroom = PlanHeadroom(
            status: forecast.status, saturation: forecast.saturation.map { $0 / modelScale },
            lower: forecast.lower.map { $0 / modelScale }, upper: forecast.upper.map { $0 / modelScale },
            overLoad: forecast.saturation.map { $0 / scale }, bottleneck: forecast.bottlenecks.first?.resource,
            replications: forecast.replications)
        return (headroom, runs)
    }
}
