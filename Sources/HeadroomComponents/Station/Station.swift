import HeadroomKernel

/// How a station's servers take the requests present.
public enum ServiceDiscipline: String, Sendable, Equatable, Codable, CaseIterable {
    /// First come, first served: a request holds one server for its whole service time; the rest
    /// wait in one FIFO queue.
    case fifo
    /// Processor sharing: every request present is served at once, the `servers` cores shared
    /// equally among them (each at rate min(1, c/n) with n present), as an operating system
    /// time-slices processes over a machine's cores. Nobody waits in a queue.
    case ps
}

/// A queueing station: `servers` identical servers in front of one FIFO queue, or (`ps`) cores
/// shared by every request present.
public struct StationSpec: Sendable, Equatable, Codable {
    /// Stable name (the component's).
    public var name: String
    /// Number of identical servers c (≥ 1).
    public var servers: Int
    /// Most requests in the station at once, in service plus waiting (Kendall's K); an arrival
    /// that finds it full is rejected. `nil` is unbounded.
    public var capacity: Int?
    /// Longest a request may wait in the queue before it leaves with a timeout error, seconds.
    /// `nil` waits forever. FIFO only (under processor sharing nobody waits).
    public var timeout: Double?
    /// Service time of a visit that gives no `time` of its own, seconds; `nil`: every visit
    /// must give one.
    public var service: Distribution?
    /// FIFO servers (the default) or processor-sharing cores.
    public var discipline: ServiceDiscipline
    /// Extra work, seconds, of a visit that finds a server idle: the cost of waking a sleeping
    /// core and process (scheduler, interrupts, cold caches) that a busy machine does not pay.
    /// It makes the work per request fall as load rises. `nil`: none.
    public var wakeup: Double?
    /// Under `ps`: seconds a core loses switching from one request to another once more requests
    /// are present than cores (each core then switches every `quantum`). `nil`: free switches.
    public var contextSwitch: Double?
    /// Under `ps`: the time slice, seconds, a request runs on a core before the next one takes
    /// it, while more requests are present than cores.
    public var quantum: Double

    public init(
        name: String, servers: Int = 1, capacity: Int? = nil, timeout: Double? = nil, service: Distribution? = nil,
        discipline: ServiceDiscipline = .fifo, wakeup: Double? = nil, contextSwitch: Double? = nil,
        quantum: Double = StationSpec.defaultQuantum
    ) {
        self.name = name
        self.servers = servers
        self.capacity = capacity
        self.timeout = timeout
        self.service = service
        self.discipline = discipline
        self.wakeup = wakeup
        self.contextSwitch = contextSwitch
        self.quantum = quantum
    }

    /// Linux's CFS gives a runnable task at least about 3 ms (its minimum granularity on a
    /// small machine) before preempting it for another.
    public static let defaultQuantum = 0.003

    /// The fraction of the cores' time left for work while more requests are present than
    /// cores: quantum / (quantum + context switch). 1 without a switch cost.
    public var switchEfficiency: Double {
        guard let cost = contextSwitch, cost > 0 else { return 1 }
        return quantum / (quantum + cost)
    }

    enum CodingKeys: String, CodingKey {
        case name, servers, capacity, timeout, service, discipline, wakeup, contextSwitch, quantum
    }

    /// Specs stored before the discipline existed read as FIFO stations without wake-up costs.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        servers = try c.decode(Int.self, forKey: .servers)
        capacity = try c.decodeIfPresent(Int.self, forKey: .capacity)
        timeout = try c.decodeIfPresent(Double.self, forKey: .timeout)
        service = try c.decodeIfPresent(Distribution.self, forKey: .service)
        discipline = try c.decodeIfPresent(ServiceDiscipline.self, forKey: .discipline) ?? .fifo
        wakeup = try c.decodeIfPresent(Double.self, forKey: .wakeup)
        contextSwitch = try c.decodeIfPresent(Double.self, forKey: .contextSwitch)
        quantum = try c.decodeIfPresent(Double.self, forKey: .quantum) ?? StationSpec.defaultQuantum
    }
}

extension StationSpec: ComponentParameters {
    public static var componentType: ComponentType { .station }
    public static var summary: String { "c identical servers in front of one FIFO queue, or c processor-sharing cores" }
    public static var template: StationSpec { StationSpec(name: "") }
    public static var parameters: [Parameter<StationSpec>] {
        [
            Parameter("servers", .integer(\.servers, 1...Bounds.servers), .defaulted(),
                      "identical servers c (cores, threads, connections, workers)"),
            Parameter("capacity", .optionalInteger(\.capacity, 1...Int.max), .optional(meaning: "unbounded"),
                      "most requests in the station at once, in service plus waiting (Kendall's K), at least "
                          + "`servers`; an arrival that finds it full is rejected"),
            Parameter("timeout", .optionalDuration(\.timeout), .optional(meaning: "none (wait forever)"),
                      "longest a request waits in the queue; then it leaves with a timeout error (`fifo` only)"),
            Parameter("service", .optionalDistribution(\.service), .optional(meaning: "none"),
                      "service time of a visit that gives no `time`"),
            Parameter("discipline", .choice(ParameterChoice(\.discipline)), .defaulted(),
                      "`fifo`: a request holds one server for its service time, the rest wait in one queue; "
                          + "`ps`: processor sharing, the servers are cores shared equally by every request present "
                          + "(each served at min(1, c/n) of a core with n present)"),
            Parameter("wakeup", .optionalDuration(\.wakeup), .optional(meaning: "none"),
                      "extra work of a visit that finds a server idle (waking a sleeping core and process), so the "
                          + "work per request falls as load rises"),
            Parameter("context_switch", .optionalDuration(\.contextSwitch), .optional(meaning: "none"),
                      "`ps` only: time a core loses per switch between requests while more are present than cores "
                          + "(the cores then do quantum / (quantum + context_switch) of their work)"),
            Parameter("quantum", .duration(\.quantum), .defaulted(),
                      "`ps` only: time slice between two context switches while more requests are present than cores"),
        ]
    }
}
