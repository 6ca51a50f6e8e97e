import HeadroomKernel

/// Everything the engine needs to run one simulation: plain values, already validated.
///
/// The modelling layer builds it from a model file; tests build it directly. Times are in
/// seconds, rates in requests per second.
public struct SimulationSpec: Sendable, Equatable {
    /// The model's name, carried into results.
    public var name: String
    /// Simulated time at which the run ends, seconds.
    public var duration: Double
    /// Statistics collected before this time are discarded, seconds (0 ≤ warmup < duration).
    public var warmup: Double
    /// The run's seed; every station and class derives its own stream from it and its name.
    public var seed: UInt64
    /// Stability guard: when more requests than this are in the system at once, the run stops
    /// with status `unstable` (memory stays bounded).
    public var maxInSystem: Int
    /// The stations, in model order. Steps refer to them by index.
    public var stations: [StationSpec]
    /// The request classes, in model order.
    public var classes: [ClassSpec]

    public init(
        name: String, duration: Double, warmup: Double = 0, seed: UInt64 = 1,
        maxInSystem: Int = 1_000_000, stations: [StationSpec], classes: [ClassSpec]
    ) {
        self.name = name
        self.duration = duration
        self.warmup = warmup
        self.seed = seed
        self.maxInSystem = maxInSystem
        self.stations = stations
        self.classes = classes
    }
}

/// A queueing station: `servers` identical servers in front of one FIFO queue.
public struct StationSpec: Sendable, Equatable {
    /// Stable name: names the random stream and the results.
    public var name: String
    /// Number of identical servers c (≥ 1).
    public var servers: Int
    /// Most requests in the station at once, in service plus waiting (Kendall's K); an arrival
    /// that finds it full is rejected. `nil` is unbounded.
    public var capacity: Int?
    /// Longest a request may wait in the queue before it leaves with a timeout error, seconds.
    /// `nil` waits forever.
    public var timeout: Double?

    public init(name: String, servers: Int = 1, capacity: Int? = nil, timeout: Double? = nil) {
        self.name = name
        self.servers = servers
        self.capacity = capacity
        self.timeout = timeout
    }
}

/// A class of requests: open arrivals (Poisson unless told otherwise), each following `steps`.
public struct ClassSpec: Sendable, Equatable {
    /// Stable name: names the random stream of arrivals and routing, and the results.
    public var name: String
    /// Time between arrivals, seconds: exponential for Poisson arrivals; any distribution gives
    /// a renewal process (constant for the deterministic arrivals of trace tests).
    public var interarrival: Distribution
    /// The request's program, run in order.
    public var steps: [Step]

    /// Poisson arrivals at `rate` requests per second (> 0).
    public init(name: String, rate: Double, steps: [Step]) {
        self.init(name: name, interarrival: .exponential(mean: 1 / rate), steps: steps)
    }

    /// Arrivals separated by draws of `interarrival` seconds.
    public init(name: String, interarrival: Distribution, steps: [Step]) {
        self.name = name
        self.interarrival = interarrival
        self.steps = steps
    }

    /// Mean arrival rate, requests per second.
    public var rate: Double { 1 / interarrival.mean }
}

/// One step of a request's program.
public indirect enum Step: Sendable, Equatable {
    /// Take a server of station `station` (waiting in its queue if all are busy), hold it for a
    /// draw of `service` seconds, then release it.
    case visit(station: Int, service: Distribution)
    /// Take exactly one of the arms, arm i with probability `arms[i].probability`; when the
    /// probabilities sum to less than 1, the rest take no arm and go on.
    case branch([BranchArm])
}

/// One arm of a probabilistic branch.
public struct BranchArm: Sendable, Equatable {
    public var probability: Double
    public var steps: [Step]
    public init(probability: Double, steps: [Step]) {
        self.probability = probability
        self.steps = steps
    }
}
