import HeadroomComponents

/// How busy one group of resources was in a run: the candidates for "the bottleneck".
///
/// A group is what its component declares as sized and loaded alike
/// (``ResourceDeclaration/group``): a station's servers, an app server's cores over its replicas
/// and, apart, its threads (a request holds a thread while it waits for the database, so threads
/// can run out while the CPU idles), a pool's connections, a cache's servers, each shard's primary,
/// each shard's read replicas, a queue's workers. A group is judged by its busiest member, which
/// gives first: a hot shard or a hot replica is never averaged away with cold ones. Load balancers
/// have no capacity of their own and never appear.
public struct ResourceLoad: Codable, Sendable, Equatable {
    /// The group's name, e.g. `app.cores`, `pool`, `db.primary`, `db.shard1.primary`, `db.replicas`.
    public var name: String
    /// The busiest member (`app.2.cores`, `db.shard1.primary`): what gives first.
    public var busiest: ResourceDeclaration
    /// The busiest member's mean busy servers / servers, in [0, 1].
    public var utilization: Double
    /// The busiest member's time-average of busy servers (the utilization law's U·c).
    public var meanBusy: Double
    /// The busiest member's servers.
    public var servers: Int
    /// Mean utilization over the group's members.
    public var meanUtilization: Double
    /// Members of the group.
    public var members: Int

    public var component: String { busiest.component }
    public var role: ResourceRole { busiest.role }
}

extension RunResult {
    /// Every group of resources of every component, in model order (see ``ResourceLoad``).
    /// Resources without a declaration (records stored before resources carried one) are left out.
    public var resourceLoads: [ResourceLoad] {
        var loads: [ResourceLoad] = []
        var position: [String: Int] = [:]
        for component in components {
            for resource in component.resources {
                guard let declaration = resource.declaration else { continue }
                if let index = position[declaration.group] {
                    var load = loads[index]
                    let n = Double(load.members)
                    load.meanUtilization = (load.meanUtilization * n + resource.utilization) / (n + 1)
                    load.members += 1
                    if resource.utilization > load.utilization {
                        load.busiest = declaration
                        load.utilization = resource.utilization
                        load.meanBusy = resource.meanBusy
                        load.servers = resource.servers
                    }
                    loads[index] = load
                } else {
                    position[declaration.group] = loads.count
                    loads.append(ResourceLoad(
                        name: declaration.group, busiest: declaration, utilization: resource.utilization,
                        meanBusy: resource.meanBusy, servers: resource.servers, meanUtilization: resource.utilization,
                        members: 1))
                }
            }
        }
        return loads
    }
}
