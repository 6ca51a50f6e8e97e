import HeadroomKernel

/// App-server replicas that come and go: crashes, recoveries, graceful shutdowns, rolling
/// deploys, vertical resizes and scaling of the fleet (the timeline and autoscalers call these).
extension Engine {
    // MARK: Replicas down and up

    /// The replica dies: every request on it fails. The balancer notices only through health
    /// checks (without them, it keeps the replica in rotation and requests sent there fail).
    mutating func crash(server c: Int, replica r: Int) {
        let offset = Int(balancers[c].replicaOffset)
        guard replicas[offset + r].provisioned else { return }
        replicas[offset + r].alive = false
        replicas[offset + r].draining = false
        let threads = Int(layout.base[c]) + 2 * r
        kill(onResources: [threads, threads + 1])
    }

    /// A replica (re)starts: running at once, back in rotation at once unless health checks
    /// must readmit it.
    mutating func bringUp(server c: Int, replica r: Int) {
        let offset = Int(balancers[c].replicaOffset)
        guard replicas[offset + r].provisioned else { return }
        replicas[offset + r].alive = true
        replicas[offset + r].draining = false
        replicas[offset + r].fails = 0
        replicas[offset + r].passes = 0
        if !balancers[c].healthChecked {
            replicas[offset + r].inRotation = true
            rebuildRotation(c)
        }
    }

    /// A stopped replica restarts after a deploy or a resize; a deploy moves on to the next.
    mutating func restartReplica(server c: Int, replica r: Int) {
        let offset = Int(balancers[c].replicaOffset)
        replicas[offset + r].alive = true
        replicas[offset + r].fails = 0
        replicas[offset + r].passes = 0
        // Planned work: the operator puts it back (health checks, if any, keep watching).
        replicas[offset + r].inRotation = true
        rebuildRotation(c)
        if balancers[c].deploying == Int32(r) { deployNext(server: c, after: r) }
    }

    /// Graceful shutdown: out of rotation now, stops when its in-flight requests are done.
    mutating func drain(server c: Int, replica r: Int) {
        let offset = Int(balancers[c].replicaOffset)
        guard replicas[offset + r].provisioned, replicas[offset + r].alive else { return }
        replicas[offset + r].inRotation = false
        replicas[offset + r].draining = true
        rebuildRotation(c)
        checkDraining(server: c)
    }

    /// Stops every draining replica of `c` with nothing in flight; looks again in 100 ms if some
    /// still have work.
    mutating func checkDraining(server c: Int) {
        let offset = Int(balancers[c].replicaOffset)
        var waiting = false
        for r in 0..<Int(balancers[c].maxReplicas) where replicas[offset + r].draining {
            let threads = Int(layout.base[c]) + 2 * r
            if resources[threads].busy + resources[threads].waiting == 0 {
                replicas[offset + r].draining = false
                replicas[offset + r].alive = false
                if balancers[c].deploying == Int32(r) {
                    calendar.schedule(after: balancers[c].restart, kind: Kind.restart, target: Int32(c), tag: UInt32(r))
                } else if !isWanted(server: c, replica: r) {
                    replicas[offset + r].provisioned = false
                    fleetStats[c].set(Double(provisionedCount(c)), at: calendar.now)
                }
            } else {
                waiting = true
            }
        }
        if waiting { calendar.schedule(after: 0.1, kind: Kind.drainCheck, target: Int32(c)) }
    }

    /// Whether replica `r` is within the fleet's target size (scaled-away replicas are not).
    func isWanted(server c: Int, replica r: Int) -> Bool { r < Int(balancers[c].provisioned) }

    func provisionedCount(_ c: Int) -> Int {
        let offset = Int(balancers[c].replicaOffset)
        var n = 0
        for r in 0..<Int(balancers[c].maxReplicas) where replicas[offset + r].provisioned { n += 1 }
        return n
    }

    // MARK: Deploys and resizes

    /// A rolling deploy: each replica in turn drains, stops for `restart` seconds and comes back
    /// before the next one goes.
    mutating func startRollingDeploy(server c: Int, restart: Double) {
        balancers[c].restart = restart
        balancers[c].deploying = -1
        deployNext(server: c, after: -1)
    }

    /// Rolling deploy: drain the next replica after `previous`, or finish.
    mutating func deployNext(server c: Int, after previous: Int) {
        let offset = Int(balancers[c].replicaOffset)
        var r = previous + 1
        while r < Int(balancers[c].maxReplicas) && !(replicas[offset + r].provisioned && replicas[offset + r].alive) { r += 1 }
        guard r < Int(balancers[c].maxReplicas) else {
            balancers[c].deploying = -1
            return
        }
        balancers[c].deploying = Int32(r)
        drain(server: c, replica: r)
    }

    /// A vertical resize: every replica goes down for the upgrade (the seed's "Downtime para
    /// upgrade") and restarts after `downtime` seconds with `cores` cores.
    mutating func resize(server c: Int, cores: Int, downtime: Double) {
        let offset = Int(balancers[c].replicaOffset)
        for r in 0..<Int(balancers[c].maxReplicas) where replicas[offset + r].provisioned {
            crash(server: c, replica: r)
            replicas[offset + r].inRotation = false
            let cpu = Int(layout.base[c]) + 2 * r + 1
            resources[cpu].servers = Int32(cores)
            resources[cpu].serversStat.set(Double(cores), at: calendar.now)
            calendar.schedule(after: downtime, kind: Kind.restart, target: Int32(c), tag: UInt32(r))
        }
        rebuildRotation(c)
    }

    // MARK: Scaling

    /// Sets app server `c`'s fleet to `count` replicas: new ones run at once; surplus ones drain
    /// and stop.
    mutating func scaleReplicas(server c: Int, to count: Int) {
        let target = min(count, Int(balancers[c].maxReplicas))
        balancers[c].provisioned = Int32(target)
        let offset = Int(balancers[c].replicaOffset)
        for r in 0..<Int(balancers[c].maxReplicas) {
            if r < target && !replicas[offset + r].provisioned {
                replicas[offset + r] = ReplicaState(provisioned: true, alive: true, inRotation: true)
            } else if r >= target && replicas[offset + r].provisioned && !replicas[offset + r].draining {
                if replicas[offset + r].alive {
                    drain(server: c, replica: r)
                } else {
                    replicas[offset + r].provisioned = false
                    replicas[offset + r].inRotation = false
                }
            }
        }
        rebuildRotation(c)
        fleetStats[c].set(Double(provisionedCount(c)), at: calendar.now)
    }

    /// Replicas of app server `c` an autoscaler counts: provisioned and ordered.
    func replicaFleetSize(server c: Int) -> Int { Int(balancers[c].provisioned + balancers[c].pending) }

    /// `count` replicas an autoscaler ordered are ready.
    mutating func finishProvisioningReplicas(server c: Int, count: Int) {
        balancers[c].pending -= Int32(count)
        scale(component: c, to: Int(balancers[c].provisioned) + count)
    }
}
