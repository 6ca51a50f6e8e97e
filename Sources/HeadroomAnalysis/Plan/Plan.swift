import HeadroomComponents

/// How busy one group of resources was at a configuration, averaged over the replications: the
/// candidates for the bottleneck a plan relaxes (see ``ResourceLoad``).
public struct PlanLoad: Codable, Sendable, Equatable {
    /// The group's name (`app.cores`, `db.primary`, `pool`).
    public var name: String
    public var component: String
    public var role: ResourceRole
    /// The `--set` key that sizes the group.
    public var sizedBy: String
    /// The busiest member's utilization, mean over the replications, in [0, 1].
    public var utilization: Double

    public init(name: String, component: String, role: ResourceRole, sizedBy: String, utilization: Double) {
        self.name = name
        self.component = component
        self.role = role
        self.sizedBy = sizedBy
        self.utilization = utilization
    }
}

/// A mean with its 95 % Student-t interval over replications (``ConfidenceInterval``); the
/// bounds are the mean with a single replication.
public struct PlanEstimate: Codable, Sendable, Equatable {
    public var mean: Double
    public var lower: Double
    public var upper: Double

    public init(_ values: [Double]) {
        let interval = ConfidenceInterval(values)
        mean = interval.mean
        lower = interval.count > 1 ? interval.lower : interval.mean
        upper = interval.count > 1 ? interval.upper : interval.mean
    }
}

/// One configuration judged at the plan's load: N replications with seeds S … S+N−1 (the same
/// seeds at every configuration: common random numbers).
public struct PlanEvaluation: Codable, Sendable, Equatable {
    /// The value index of each knob; empty for the model as it is.
    public var point: [Int]
    /// The knobs' values as `--set` overrides, in knob order.
    public var overrides: [String]
    /// The configuration's price per hour (``SimulationSpec/costPerHour``).
    public var costPerHour: Double
    /// Whether every replication met the SLO and kept up (none ``unstable``): a plan claims a
    /// configuration only when no replication of it missed.
    public var meets: Bool
    /// Runs it was judged by: every replication when replication 0 met the SLO, else that one
    /// run (the configuration misses whatever the others do).
    public var replications: Int
    /// The smallest replication margin (``ServiceLevel/margin(of:)``): > 0 when all meet.
    public var margin: Double
    /// p99 latency over the replications, seconds (a run stopped early counts what it measured).
    public var p99: PlanEstimate
    /// Share of finished requests that ended in an error, over the replications.
    public var errorRate: PlanEstimate
    /// Replications that could not keep up: stopped early (they could no longer meet the SLO),
    /// stopped by the stability guard, or with a backlog that kept growing (verdict unstable).
    public var unstable: Int
    /// Every group of resources, busiest first.
    public var loads: [PlanLoad]

    /// The busiest group: the bottleneck at this configuration.
    public var bottleneck: PlanLoad? { loads.first }

    /// The group called `name`'s figures, if the configuration has it.
    public func load(_ name: String) -> PlanLoad? { loads.first { $0.name == name } }
}

/// One step of a plan's path: a knob raised to relieve the bottleneck, or lowered while the
/// SLO still holds.
public struct PlanStep: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// A knob raised to relieve the busiest group.
        case relax
        /// A knob lowered (units removed) while the SLO still held.
        case trim
    }

    public var kind: Kind
    public var knob: String
    public var from: String
    public var to: String
    /// The group the step relieved (relax steps), with its utilization before and after.
    public var relieved: String?
    public var utilizationBefore: Double?
    public var utilizationAfter: Double?
    public var before: Figures
    public var after: Figures

    /// A configuration's headline figures, to show what a step did.
    public struct Figures: Codable, Sendable, Equatable {
        public var p99: Double
        public var errorRate: Double
        public var costPerHour: Double
        public var meets: Bool

        init(_ evaluation: PlanEvaluation) {
            p99 = evaluation.p99.mean
            errorRate = evaluation.errorRate.mean
            costPerHour = evaluation.costPerHour
            meets = evaluation.meets
        }
    }
}

/// The headroom a planned configuration leaves: its own saturation load, as a factor of the
/// model's traffic (``SaturationSearch`` along `traffic.scale`).
public struct PlanHeadroom: Codable, Sendable, Equatable {
    public var status: SaturationForecast.Status
    /// Saturation as a factor of the model's traffic (×1 is the model as written).
    public var saturation: Double?
    public var lower: Double?
    public var upper: Double?
    /// Saturation over the planned load: 1.3 means the SLO holds up to 30 % above it.
    public var overLoad: Double?
    /// What gives first at saturation.
    public var bottleneck: String?
    /// Replications of the saturation search.
    public var replications: Int
}

/// The answer of `headroom plan`: the cheapest configuration of the design space found to meet
/// the SLO at the planned load, how the search got there, and what it leaves.
public struct Plan: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// A configuration meets the SLO in every replication.
        case met
        /// No configuration the search reached met it; ``chosen`` is the best one found.
        case unmeetable
    }

    public var model: String
    /// The planned load as a factor of the model's traffic (3 for `--load 3x`).
    public var load: Double
    /// Arrivals per second of first attempts at the planned load.
    public var rate: Double
    public var slo: SaturationForecast.Objectives
    public var seed: UInt64
    public var replications: Int
    public var currency: String
    public var knobs: [PlanKnob]
    public var status: Status
    /// The model as it is (no knob changed), at the planned load.
    public var current: PlanEvaluation
    /// Where the search began: every knob at the value nearest the model's.
    public var start: PlanEvaluation
    /// The configuration planned (status met), or the one with the best margin found.
    public var chosen: PlanEvaluation
    /// Relax steps, then trim steps, in the order taken.
    public var steps: [PlanStep]
    public var headroom: PlanHeadroom?
    /// What the search could not do, in words (a busiest group no knob relieves, …).
    public var notes: [String]
    /// The cost–latency frontier of the configurations the search judged: by cost, each one
    /// whose p99 is lower than that of every cheaper one, among those that kept up and met the
    /// error objective. Read it as the cheapest configuration found for each p99 level.
    public var frontier: [PlanEvaluation]
    /// Configurations judged, and runs made (replications, and the headroom search's runs).
    public var evaluations: Int
    public var runs: Int

    /// The model's own value of each knob as it spells it (nil where the model leaves the key
    /// out), to tell what the plan changes.
    public var modelValues: [String?]

    /// The overrides of ``chosen`` that change the model.
    public var changes: [String] {
        zip(knobs.indices, chosen.overrides).compactMap { k, override in
            chosen.point.indices.contains(k) && knobs[k].values[chosen.point[k]] == modelValues[k] ? nil : override
        }
    }
}
