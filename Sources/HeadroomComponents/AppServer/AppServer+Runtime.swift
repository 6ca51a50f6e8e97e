import HeadroomKernel

/// Run-time state of one app server's fleet and of the replica choice in front of it.
struct BalancerState: BitwiseCopyable {
    var policy: BalancingPolicy = .roundRobin
    var next: UInt32 = 0
    var sticky = false
    /// The load balancer's own random stream, or the app server's when it has none.
    var stream: Int32 = 0
    /// Index of this balancer's weights in the engine's weight table; -1 if none.
    var weightsOffset: Int32 = -1
    /// First slot of this server's replicas in the engine's replica and rotation columns.
    var replicaOffset: Int32 = 0
    /// Replicas there is room for.
    var maxReplicas: Int32 = 1
    /// Replicas the balancer sends to (listed first in the rotation column).
    var rotationCount: Int32 = 1
    /// Replicas in the fleet (running, starting or draining): what costs money.
    var provisioned: Int32 = 1
    /// Replicas ordered by an autoscaler that are still being provisioned.
    var pending: Int32 = 0
    /// Whether a load balancer with health checks fronts this server.
    var healthChecked = false
    /// Rolling deploy: the replica being replaced, or -1.
    var deploying: Int32 = -1
    /// Rolling deploy: seconds a replica stays stopped.
    var restart: Double = 0
    /// When an autoscaler last changed this fleet, seconds.
    var lastScale: Double = -.infinity
}

/// One app-server replica as the system sees it.
struct ReplicaState: BitwiseCopyable {
    /// Part of the fleet (started and not scaled away).
    var provisioned = false
    /// Running: a crashed or stopped replica is not.
    var alive = false
    /// The balancer sends it requests.
    var inRotation = false
    /// Leaving gracefully: stops once its in-flight requests are done.
    var draining = false
    /// Consecutive failed and passed health checks.
    var fails: Int32 = 0
    var passes: Int32 = 0
}

extension ComponentTables {
    /// App server `index`: its replica choice, by the load balancer in front of it if any
    /// (else round robin over its own stream).
    mutating func addAppServer(_ component: ComponentSpec, index: Int) {
        var state = BalancerState()
        state.stream = stream("balance/" + component.name)
        if let lb = layout.balancerOf[index], case .loadBalancer(let balancer) = spec.components[lb].kind {
            configure(&state, balancer: balancer, name: spec.components[lb].name)
        }
        balancers[index] = state
    }
}

/// App servers at run time: their fleets of replicas and the rotation the balancer sends to.
extension Engine {
    /// App server `c` starts with its model's replicas running and in rotation; room is kept up
    /// to its `maxReplicas`. Its fleet size starts being integrated for cost.
    mutating func setUpReplicas(server c: Int, _ app: AppServerSpec) {
        balancers[c].replicaOffset = Int32(replicas.count)
        balancers[c].maxReplicas = Int32(app.maxReplicas)
        balancers[c].provisioned = Int32(app.replicas)
        if let lb = layout.balancerOf[c], case .loadBalancer(let spec) = self.spec.components[lb].kind {
            balancers[c].healthChecked = spec.healthCheck != nil
        }
        for r in 0..<app.maxReplicas {
            var state = ReplicaState()
            if r < app.replicas {
                state.provisioned = true
                state.alive = true
                state.inRotation = true
            }
            replicas.append(state)
            rotation.append(Int32(r))
        }
        rebuildRotation(c)
        fleetStats[c].set(Double(app.replicas), at: 0)
    }

    /// Rebuilds the rotation list of app server `c`: replicas the balancer sends to, first.
    mutating func rebuildRotation(_ c: Int) {
        let offset = Int(balancers[c].replicaOffset)
        var count: Int32 = 0
        for r in 0..<Int(balancers[c].maxReplicas) where replicas[offset + r].inRotation {
            rotation[offset + Int(count)] = Int32(r)
            count += 1
        }
        balancers[c].rotationCount = count
    }

    /// Cores per replica of app server `c` as it is now.
    func appCores(_ c: Int) -> Int32 { resources[Int(layout.base[c]) + 1].servers }
}

extension Layout {
    /// An app server's resources: per replica there is room for (every replica the timeline or
    /// an autoscaler may start), its threads at `base + 2r` and its cores at `base + 2r + 1`; and
    /// a register for the replica a request was sent to.
    mutating func addAppServer(_ app: AppServerSpec, index: Int) {
        replicaRegister[index] = registerCount
        registerCount += 1
        for _ in 0..<app.maxReplicas {
            add(ResourceState(servers: app.threads, capacity: app.backlog.map { app.threads + $0 }, timeout: nil),
                index)
            add(ResourceState(servers: app.cores, capacity: nil, timeout: nil), index)
        }
    }
}
