import HeadroomKernel

/// Replicas that come and go: the timeline (crashes, shutdowns, deploys, resizes, failovers,
/// scaling), load-balancer health checks, and autoscalers.
extension Engine {
    // MARK: Set-up

    /// Every app server starts with its model's replicas running and in rotation; room is kept
    /// up to its `maxReplicas`. Fleet sizes start being integrated for cost.
    mutating func setUpFleets() {
        for (c, component) in spec.components.enumerated() {
            switch component.kind {
            case .appServer(let app):
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
            case .queue(let queue):
                fleetStats[c].set(Double(queue.workers), at: 0)
            default:
                break
            }
        }
    }

    /// Schedules the first round of every balancer's health checks and every autoscaler.
    mutating func startHealthChecksAndAutoscalers() {
        for component in spec.components {
            guard case .loadBalancer(let lb) = component.kind, let check = lb.healthCheck else { continue }
            calendar.schedule(at: check.interval, kind: Kind.healthCheck, target: Int32(lb.backend))
        }
        for (i, scaler) in spec.autoscalers.enumerated() {
            calendar.schedule(at: scaler.interval, kind: Kind.autoscale, target: Int32(i))
        }
    }

    /// Dispatches the timeline, health-check, drain, autoscaling and retry events.
    mutating func handleTimeEvent(_ event: Event) {
        switch event.kind {
        case Kind.clientTimeout:
            clientGaveUp(event.target, serial: event.tag)
        case Engine.retryStart:
            if slotToken[Int(event.target)] == event.tag { startRetry(event.target) }
        case Kind.timeline:
            perform(spec.timeline[Int(event.target)].action)
        case Kind.healthCheck:
            runHealthChecks(server: Int(event.target))
        case Kind.probeFailed:
            probeFailed(server: Int(event.target), replica: Int(event.tag))
        case Kind.drainCheck:
            checkDraining(server: Int(event.target))
        case Kind.autoscale:
            autoscale(Int(event.target))
        case Kind.provisioned:
            finishProvisioning(server: Int(event.target), count: Int(event.tag))
        case Kind.restart:
            restartReplica(server: Int(event.target), replica: Int(event.tag))
        default:
            preconditionFailure("unknown event kind \(event.kind)")
        }
        // Kills and new workers may have handed servers to waiting requests.
        runReady()
    }

    // MARK: Replica choice

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

    // MARK: Timeline

    mutating func perform(_ action: TimelineAction) {
        switch action {
        case .crash(let c, let r):
            crash(server: c, replica: r)
        case .recover(let c, let r):
            bringUp(server: c, replica: r)
        case .shutdown(let c, let r):
            drain(server: c, replica: r)
        case .rollingDeploy(let c, let restart):
            balancers[c].restart = restart
            balancers[c].deploying = -1
            deployNext(server: c, after: -1)
        case .resize(let c, let cores, let downtime):
            // Every replica goes down for the upgrade (the seed's "Downtime para upgrade").
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
        case .flushCache(let c):
            flush(cache: c)
        case .setReplicationLag(let c, let lag):
            replicationLags[c] = lag
        case .failover(let c, let duration):
            databases[c].primaryDownUntil = calendar.now + duration
            // Queries running on or waiting for a primary are cut off.
            let nodes = Int(databases[c].replicas) + 1
            var primaries: Set<Int> = []
            for shard in 0..<Int(databases[c].shards) { primaries.insert(Int(layout.base[c]) + shard * nodes) }
            kill(onResources: primaries)
        case .scale(let c, let count):
            scale(component: c, to: count)
        }
    }

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

    /// Fails every request that holds, or waits for, one of `targets` (resource indices).
    mutating func kill(onResources targets: Set<Int>) {
        for slot in 0..<slotKind.count where slotKind[slot] != Engine.freeKind {
            let s = Int32(slot)
            let pc = Int(slotPC[slot])
            var hit = false
            var queuedOn = -1
            let instruction = program.instructions[pc]
            if instruction.op == .acquire {
                let resource = resourceIndex(s, instruction.a, instruction.b)
                // At an acquire outside the interpreter means waiting in that resource's queue.
                if targets.contains(resource) { hit = true }
                queuedOn = resource
            }
            for held in program.heldSets[Int(program.heldAt[pc])] where targets.contains(resourceIndex(s, held.base, held.register)) {
                hit = true
            }
            guard hit else { continue }
            if queuedOn >= 0, isQueued(s, on: queuedOn) {
                resources[queuedOn].waiting -= 1
                resources[queuedOn].queueStat.set(Double(resources[queuedOn].waiting), at: calendar.now)
            }
            // Its pending wake-ups and queue entries go stale with the new token.
            slotToken[slot] &+= 1
            fail(s, .failed)
        }
    }

    /// Whether `slot` has a live entry in the queue of `resource`.
    func isQueued(_ slot: Int32, on resource: Int) -> Bool {
        let queue = resources[resource].queue
        guard queue.count > 0 else { return false }
        let wanted = UInt64(UInt32(bitPattern: slot)) << 32 | UInt64(slotToken[Int(slot)])
        return queue.contains(wanted)
    }

    /// Drops every entry of cache `c`.
    mutating func flush(cache c: Int) {
        var key = caches[c].head
        let offset = caches[c].offset
        while key >= 0 {
            let next = cacheNext[offset + Int(key)]
            cacheExpiry[offset + Int(key)] = -.infinity
            cachePrev[offset + Int(key)] = -1
            cacheNext[offset + Int(key)] = -1
            key = next
        }
        caches[c].head = -1
        caches[c].tail = -1
        caches[c].count = 0
    }

    // MARK: Scaling

    /// Sets an app server's fleet to `count` replicas (new ones run at once; surplus ones drain
    /// and stop), or a queue's workers to `count`.
    mutating func scale(component c: Int, to count: Int) {
        switch spec.components[c].kind {
        case .appServer:
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
        case .queue:
            let worker = Int(layout.base[c])
            resources[worker].servers = Int32(count)
            // Workers busy above the new count finish their jobs first: they stay capacity.
            resources[worker].serversStat.set(Double(Swift.max(count, Int(resources[worker].busy))), at: calendar.now)
            fleetStats[c].set(Double(count), at: calendar.now)
            // New workers take waiting jobs at once.
            while resources[worker].busy < resources[worker].servers && resources[worker].waiting > 0 {
                resources[worker].busy += 1
                guard handToNextWaiter(resource: worker) else {
                    resources[worker].busy -= 1
                    break
                }
                resources[worker].busyStat.set(Double(resources[worker].busy), at: calendar.now)
            }
        default:
            break
        }
    }

    /// Autoscaler `i` evaluates its metric over the last interval and sets a new target.
    mutating func autoscale(_ i: Int) {
        let scaler = spec.autoscalers[i]
        let c = scaler.component
        calendar.schedule(after: scaler.interval, kind: Kind.autoscale, target: Int32(i))
        let current: Int
        let value: Double
        switch spec.components[c].kind {
        case .appServer:
            current = Int(balancers[c].provisioned + balancers[c].pending)
        case .queue:
            current = Int(resources[Int(layout.base[c])].servers + balancers[c].pending)
        default:
            return
        }
        switch scaler.metric {
        case .cpu:
            value = recentSeries(scope: spec.components[c].name, metric: "utilization", over: scaler.interval)
        case .queueDepth:
            // Jobs per worker, waiting or in work (AWS's "backlog per instance"). Sampled at one
            // instant and scaled in at once, a target above 1 makes the fleet swing; below 1 it
            // keeps spare workers (see docs/model-format.md).
            let worker = Int(layout.base[c])
            value = Double(resources[worker].waiting + resources[worker].busy) / Double(max(resources[worker].servers, 1))
        case .p99:
            value = recentSeries(scope: "", metric: "latency_p99", over: scaler.interval)
        }
        // Clamped to [min, max] while still a Double: a tiny target or a huge metric makes the
        // ratio overflow Int (or ∞), and NaN (no metric yet) keeps the fleet as it is.
        let wanted = (Double(current) * value / scaler.target).rounded(.up)
        let desired = wanted.isNaN ? current : Int(Swift.min(Swift.max(wanted, Double(scaler.min)), Double(scaler.max)))
        guard desired != current, calendar.now - balancers[c].lastScale >= scaler.cooldown else { return }
        balancers[c].lastScale = calendar.now
        switch spec.components[c].kind {
        case .appServer:
            if desired > current {
                let extra = desired - current
                balancers[c].pending += Int32(extra)
                // Paid from the order on; serving after provisioning.
                fleetStats[c].set(fleetStats[c].value + Double(extra), at: calendar.now)
                calendar.schedule(after: scaler.provisioning, kind: Kind.provisioned, target: Int32(c), tag: UInt32(extra))
            } else {
                scale(component: c, to: desired)
            }
        default:
            if desired > current {
                let extra = desired - current
                balancers[c].pending += Int32(extra)
                // Paid from the order on, as app replicas are.
                fleetStats[c].set(fleetStats[c].value + Double(extra), at: calendar.now)
                calendar.schedule(after: scaler.provisioning, kind: Kind.provisioned, target: Int32(c), tag: UInt32(extra))
            } else {
                scale(component: c, to: desired)
            }
        }
    }

    /// `count` ordered replicas (or workers) are ready.
    mutating func finishProvisioning(server c: Int, count: Int) {
        switch spec.components[c].kind {
        case .appServer:
            balancers[c].pending -= Int32(count)
            scale(component: c, to: Int(balancers[c].provisioned) + count)
        default:
            balancers[c].pending -= Int32(count)
            scale(component: c, to: Int(resources[Int(layout.base[c])].servers) + count)
            fleetStats[c].set(Double(resources[Int(layout.base[c])].servers + balancers[c].pending), at: calendar.now)
        }
    }

    /// The mean of a series metric over the windows of the last `span` seconds; when no window
    /// ended in that span (an interval shorter than the window), the latest window's value; 0
    /// before the first window.
    func recentSeries(scope: String, metric: String, over span: Double) -> Double {
        var total = 0.0
        var n = 0
        var latest: Double?
        for point in series.reversed() where point.scope == scope && point.metric == metric {
            if latest == nil { latest = point.value }
            if point.time < calendar.now - span - 1e-9 { break }
            total += point.value
            n += 1
        }
        return n > 0 ? total / Double(n) : latest ?? 0
    }

    // MARK: Health checks

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
