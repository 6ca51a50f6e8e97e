import HeadroomComponents

/// How busy one capacity of one component was in a run: the candidates for "the bottleneck".
///
/// An app server has two (its cores and its threads: a request holds a thread while it waits
/// for the database, so threads can run out while the CPU idles); every other component with
/// servers has one. Load balancers have no capacity of their own and never appear.
public struct ResourceLoad: Codable, Sendable, Equatable {
    /// `component.part`, e.g. `app.cores`, `pool.connections`, `db.cores`.
    public var name: String
    public var component: String
    public var part: CapacityPart
    /// Mean busy servers / servers, in [0, 1].
    public var utilization: Double
    /// Time-average of busy servers (the utilization law's U·c).
    public var meanBusy: Double
    /// Servers over the whole component (replicas × per-replica servers).
    public var servers: Int

    public init(component: String, part: CapacityPart, utilization: Double, meanBusy: Double, servers: Int) {
        self.name = "\(component).\(part.rawValue)"
        self.component = component
        self.part = part
        self.utilization = utilization
        self.meanBusy = meanBusy
        self.servers = servers
    }
}

extension RunResult {
    /// Every capacity of every component, in model order (see ``ResourceLoad``).
    public var resourceLoads: [ResourceLoad] {
        var loads: [ResourceLoad] = []
        for component in components {
            func add(_ part: CapacityPart, _ load: ResourceResult) {
                loads.append(ResourceLoad(
                    component: component.name, part: part, utilization: load.utilization, meanBusy: load.meanBusy,
                    servers: load.servers))
            }
            switch component.kind {
            case "station", "cache": add(.servers, component.load)
            case "pool": add(.connections, component.load)
            case "database": add(.cores, component.load)
            case "queue": add(.workers, component.load)
            case "app_server":
                add(.cores, component.load)
                let threads = component.resources.filter { $0.name.hasSuffix("threads") }
                let servers = threads.reduce(0) { $0 + $1.servers }
                let busy = threads.reduce(0) { $0 + $1.meanBusy }
                if servers > 0 {
                    loads.append(ResourceLoad(
                        component: component.name, part: .threads, utilization: busy / Double(servers), meanBusy: busy,
                        servers: servers))
                }
            default: break
            }
        }
        return loads
    }
}
