import HeadroomComponents

/// The answer of a saturation search: the highest load at which the model still meets its
/// service level, what gives first there, what gives next, and the operational-law bound.
///
/// Plain deterministic values: the same model, seed and settings give an identical forecast,
/// whatever the number of parallel jobs (wall-clock figures live outside it).
public struct SaturationForecast: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// Every replication found where the model stops meeting the SLO.
        case ok
        /// The model still met the SLO at the highest load the search tried (far past the
        /// operational bound, so the SLO is looser than what the run length can show).
        case notReached = "not_reached"
        /// The model misses the SLO even at a light load.
        case failsAtStart = "fails_at_start"
    }

    /// A group of resources' utilization at saturation (its busiest member's, see
    /// ``ResourceLoad``), averaged over replications.
    public struct Bottleneck: Codable, Sendable, Equatable {
        /// The group, e.g. `app.cores`, `db.shard1.primary`, `pool`.
        public var resource: String
        public var component: String
        /// The busiest member at the first replication's saturation: its role, place and the key
        /// that sizes it. Nil in forecasts stored before resources carried roles.
        public var busiest: ResourceDeclaration?
        public var utilization: Double

        public init(resource: String, component: String, busiest: ResourceDeclaration?, utilization: Double) {
            self.resource = resource
            self.component = component
            self.busiest = busiest
            self.utilization = utilization
        }
    }

    /// The operational-law bound: no load past it can be sustained, whatever the SLO.
    ///
    /// From the utilization law, each capacity's utilization grows linearly with the axis
    /// (U = a + b·v, measured in light-load runs, a = 0 for the traffic factor); the bound is the
    /// smallest v at which some U reaches 1: X ≤ min over resources of servers / demand.
    public struct Bound: Codable, Sendable, Equatable {
        /// The axis value at which the first capacity reaches 100 % utilization.
        public var value: Double
        /// Arrivals per second of first attempts at that value.
        public var rate: Double
        /// The capacity that reaches it first.
        public var resource: String
        /// Per capacity: its service demand per request, seconds (busy servers / throughput, at
        /// the light load), its servers, and the axis value at which it alone would saturate.
        public var demands: [Demand]
        /// The light load(s) the demands were measured at.
        public var lightValues: [Double]
        /// Fewest completions at a working resource in the run the demands came from.
        public var lightCompletions: UInt64?
        /// Why the bound deserves caution, when it does (too few completions; below a load
        /// measured as meeting the SLO).
        public var note: String?
    }

    public struct Demand: Codable, Sendable, Equatable {
        public var resource: String
        public var servers: Int
        /// Seconds of one server per completed request.
        public var demand: Double
        /// Utilization at the (first) light load.
        public var lightUtilization: Double
        /// Axis value at which this capacity alone reaches 100 %; nil if it does not grow.
        public var saturatesAt: Double?
    }

    /// One simulation run of the search.
    public struct Probe: Codable, Sendable, Equatable {
        public enum Role: String, Codable, Sendable {
            /// Measures demands at a light load.
            case light
            /// A step of the search.
            case search
            /// A step of the search with the bottleneck relaxed.
            case relaxed
        }

        public var role: Role
        public var replication: Int
        public var value: Double
        public var margin: Double
        public var meets: Bool
        public var status: RunStatus
        public var throughput: Double
        public var p99: Double
        public var errorRate: Double
    }

    /// The search repeated with the first bottleneck given ten times its servers.
    public struct NextBottleneck: Codable, Sendable, Equatable {
        /// What was relaxed (`db.primary`) and by how much.
        public var relaxed: String
        /// The key whose value was multiplied (`components.db.cores`); nil in forecasts stored
        /// before resources carried their sizing keys.
        public var sizedBy: String?
        public var factor: Int
        public var status: Status
        public var saturation: Double?
        public var lower: Double?
        public var upper: Double?
        /// At the relaxed model's saturation, the top three capacities.
        public var bottlenecks: [Bottleneck]
        public var bound: Bound?
        public var replications: Int
    }

    public var model: String
    public var axis: SaturationAxis
    public var slo: Objectives
    public var seed: UInt64
    public var status: Status
    /// Mean over replications of where each crossed the SLO, in axis units; nil unless ok.
    public var saturation: Double?
    /// 95 % confidence interval of ``saturation`` (Student t over replications).
    public var lower: Double?
    public var upper: Double?
    /// Arrivals per second of first attempts at ``saturation``.
    public var saturationRate: Double?
    /// Each replication's crossing (nil where it found none).
    public var estimates: [Double?]
    /// The top three capacities by utilization at saturation (the first is the bottleneck).
    public var bottlenecks: [Bottleneck]
    public var next: NextBottleneck?
    public var bound: Bound?
    /// Arrivals per second at axis value 1 (the traffic factor) or at the model's own value.
    public var baseRate: Double
    public var probes: [Probe]
    public var replications: Int
    /// The relative precision asked for: the search adds replications until the interval's
    /// half-width is within it of the mean (or the replication limit is reached).
    public var precision: Double
    /// The interval's half-width relative to the mean.
    public var achievedPrecision: Double?

    /// The bottleneck, if the search found one.
    public var bottleneck: Bottleneck? { bottlenecks.first }

    /// Objectives as stored: nil where the SLO does not constrain.
    public struct Objectives: Codable, Sendable, Equatable {
        /// Highest acceptable p99 response time, seconds.
        public var p99: Double?
        /// Highest acceptable error rate, in [0, 1].
        public var errorRate: Double?

        public init(_ level: ServiceLevel) {
            p99 = level.p99
            errorRate = level.errorRate
        }

        public var serviceLevel: ServiceLevel { ServiceLevel(p99: p99, errorRate: errorRate) }
    }
}
