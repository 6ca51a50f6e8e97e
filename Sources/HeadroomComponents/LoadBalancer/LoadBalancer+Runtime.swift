import HeadroomKernel

extension ComponentTables {
    /// The replica choice of the app server behind load balancer `balancer` (named `name`):
    /// its policy, stickiness, random stream and cumulative weights.
    mutating func configure(_ state: inout BalancerState, balancer: LoadBalancerSpec, name: String) {
        state.policy = balancer.policy
        state.sticky = balancer.sticky
        state.stream = stream("balance/" + name)
        if balancer.policy == .weighted {
            state.weightsOffset = Int32(weights.count)
            let total = balancer.weights.reduce(0, +)
            var running = 0.0
            for w in balancer.weights {
                running += w / total
                weights.append(running)
            }
            weights[weights.count - 1] = 1
        }
    }
}

/// The load balancer at run time: which replica of its app server a request goes to, and the
/// health checks that take failed replicas out of rotation and bring them back.
extension Engine {
    // MARK: Replica choice

    /// The replica of app server `server` for `slot`, as a register value (replica × 2, the
    /// offset of its threads; its cores follow); −1 when there is none to send to, or the one
    /// chosen is down (the balancer did not notice yet): the request fails.
    mutating func pickReplica(_ slot: Int32, server: Int) -> Int32 {
        let lb = balancers[server]
        let n = Int(lb.rotationCount)
        guard n > 0 else { return -1 }
        let offset = Int(lb.replicaOffset)
        let base = Int(layout.base[server])
        /// Requests at the i-th replica in rotation: holding or waiting for a thread.
        func connections(_ i: Int) -> Int32 {
            let r = Int(rotation[offset + i])
            return resources[base + 2 * r].busy + resources[base + 2 * r].waiting
        }
        var choice = 0
        if n > 1 {
            if lb.sticky {
                let session = registers[Int(slot) * registerCount + Int(Layout.sessionRegister)]
                choice = Int(StableHash.mix(UInt64(session)) % UInt64(n))
            } else {
                switch lb.policy {
                case .roundRobin:
                    choice = Int(lb.next % UInt32(n))
                    balancers[server].next = lb.next &+ 1
                case .random:
                    choice = min(Int(streams[Int(lb.stream)].nextOpenUnit() * Double(n)), n - 1)
                case .leastConnections:
                    // Ties go round robin, so an idle cluster still spreads.
                    let start = Int(lb.next % UInt32(n))
                    balancers[server].next = lb.next &+ 1
                    choice = start
                    for i in 1..<n {
                        let candidate = (start + i) % n
                        if connections(candidate) < connections(choice) { choice = candidate }
                    }
                case .powerOfTwo:
                    let a = min(Int(streams[Int(lb.stream)].nextOpenUnit() * Double(n)), n - 1)
                    var b = min(Int(streams[Int(lb.stream)].nextOpenUnit() * Double(n - 1)), n - 2)
                    if b >= a { b += 1 }
                    choice = connections(b) < connections(a) ? b : a
                case .weighted:
                    // Weights of the replicas in rotation, renormalised.
                    var total = 0.0
                    for i in 0..<n { total += weight(server, replica: Int(rotation[offset + i])) }
                    var u = streams[Int(lb.stream)].nextOpenUnit() * total
                    choice = n - 1
                    for i in 0..<n {
                        u -= weight(server, replica: Int(rotation[offset + i]))
                        if u < 0 { choice = i; break }
                    }
                }
            }
        }
        let replica = Int(rotation[offset + choice])
        guard replicas[offset + replica].alive else { return -1 }
        return Int32(2 * replica)
    }

    /// The weight of one replica under a weighted balancer (cumulative table → single weight).
    func weight(_ server: Int, replica r: Int) -> Double {
        let start = Int(balancers[server].weightsOffset)
        guard start >= 0, r < Int(balancers[server].maxReplicas) else { return 1 }
        let upper = weights[start + r]
        return r == 0 ? upper : upper - weights[start + r - 1]
    }

    // MARK: Health checks

    /// Schedules the first round of load balancer `lb`'s health checks, if it has them.
    mutating func startHealthChecks(_ lb: LoadBalancerSpec) {
        guard let check = lb.healthCheck else { return }
        calendar.schedule(at: check.interval, kind: Kind.healthCheck, target: Int32(lb.backend))
    }

    /// One round of probes of every provisioned replica of app server `c`.
    mutating func runHealthChecks(server c: Int) {
        guard let lb = layout.balancerOf[c], case .loadBalancer(let spec) = self.spec.components[lb].kind,
              let check = spec.healthCheck else { return }
        calendar.schedule(after: check.interval, kind: Kind.healthCheck, target: Int32(c))
        let offset = Int(balancers[c].replicaOffset)
        for r in 0..<Int(balancers[c].maxReplicas) where replicas[offset + r].provisioned {
            if replicas[offset + r].alive {
                replicas[offset + r].fails = 0
                replicas[offset + r].passes += 1
                if !replicas[offset + r].inRotation && !replicas[offset + r].draining
                    && replicas[offset + r].passes >= Int32(check.healthyThreshold) {
                    replicas[offset + r].inRotation = true
                    rebuildRotation(c)
                }
            } else {
                // A probe of a dead replica fails when it times out.
                calendar.schedule(after: check.timeout, kind: Kind.probeFailed, target: Int32(c), tag: UInt32(r))
            }
        }
    }

    mutating func probeFailed(server c: Int, replica r: Int) {
        guard let lb = layout.balancerOf[c], case .loadBalancer(let spec) = self.spec.components[lb].kind,
              let check = spec.healthCheck else { return }
        let offset = Int(balancers[c].replicaOffset)
        guard !replicas[offset + r].alive else { return }
        replicas[offset + r].passes = 0
        replicas[offset + r].fails += 1
        if replicas[offset + r].inRotation && replicas[offset + r].fails >= Int32(check.unhealthyThreshold) {
            replicas[offset + r].inRotation = false
            rebuildRotation(c)
        }
    }
}

extension Layout {
    /// A load balancer has no resource of its own: it notes which app server it fronts.
    mutating func addLoadBalancer(_ balancer: LoadBalancerSpec, index: Int) {
        balancerOf[balancer.backend] = index
    }
}
