import HeadroomComponents
import HeadroomKernel

/// What the operational laws predict for a model, resource by resource, without simulating it
/// (`headroom explain`): service demand, offered load, utilization, an M/M/c estimate of the
/// response and the bottleneck bound (docs/theory.md §1, the operational laws; §1.7 for how
/// `explain` applies them; §3 for M/M/c).
///
/// Resources: a station; an app server's CPU pool (replicas × cores, all replicas pooled); a
/// connection pool; a cache's servers; each database node (per shard, named as the engine names
/// them: `db.primary`, `db.replica1`, `db.shard0.primary`, …); a queue's workers. App-server
/// threads are not explained (a thread is held for the request's whole life on the server).
///
/// Visits: one per `visit`, `work`, `read`, `write`, cache operation; `branch` arms weighted by
/// probability; `parallel` arms all count; `crossShard` visits every shard's primary; non
/// consistent reads spread evenly over the shard's replicas (the primary when none), writes and
/// consistent reads go to the primary; shards share the load evenly. `cacheGet` takes its hit
/// arm with the measured hit rate when a run is given, else always misses (an upper bound on the
/// load behind the cache). `hold(pool)` holds a connection for the sum of the mean times of its
/// inner steps (a lower bound: waits are left out); a queue's worker likewise for its job.
/// `enqueue` runs the job at the class rate × expected attempts. Classes with a profile count at
/// their base rate.
public struct Explanation: Codable, Sendable, Equatable {
    /// One resource's figures.
    public struct Resource: Codable, Sendable, Equatable {
        /// The resource's name, as the engine names it in results.
        public var name: String
        /// The component it belongs to.
        public var component: String
        /// The component's type (`station`, `app_server`, …).
        public var kind: ComponentType
        /// What the resource is to its component (`cores`, `primary`, …).
        public var role: ResourceRole
        /// The `--set` path that sizes it, e.g. `components.db.cores`.
        public var sizedBy: String
        /// Servers c.
        public var servers: Int
        /// Visits per request V (averaged over all classes, weighted by rate).
        public var visits: Double
        /// Mean service (holding) time per visit S, seconds.
        public var service: Double
        /// Service demand D = V·S per request, seconds.
        public var demand: Double
        /// Arrivals at the resource per second, λ_k = V·λ.
        public var arrivalRate: Double
        /// Offered load a = λ·D, Erlangs (mean busy servers).
        public var offeredLoad: Double
        /// Predicted utilization U = a/c (may be ≥ 1: the resource cannot keep up).
        public var utilization: Double
        /// The bound c/D this resource puts on the total throughput, requests per second.
        public var maxThroughput: Double
        /// M/M/c mean response (wait + service) per visit, seconds; nil when U ≥ 1 or no visits.
        public var mmcResponse: Double?
        /// M/M/c mean wait in queue per visit, seconds; nil when U ≥ 1 or no visits.
        public var mmcWait: Double?
        /// True when the M/M/c figures are exact in theory (a plain station, unbounded, no
        /// timeout, exponential service throughout: an open Jackson network); otherwise they
        /// are an approximation.
        public var mmcExact: Bool
        /// Simulated utilization from the run, when one is given and has this resource.
        public var simulatedUtilization: Double?
        /// Simulated mean response per visit from the run, seconds.
        public var simulatedResponse: Double?
    }

    /// The model's name.
    public var model: String
    /// Total arrival rate of all classes (base rates), requests per second.
    public var rate: Double
    /// Every resource, in model order.
    public var resources: [Resource]
    /// The resource attaining the bottleneck bound; nil when no resource has demand.
    public var bottleneck: String?
    /// X_max = min_k c_k/D_k, requests per second (+∞ when nothing has demand).
    public var maxThroughput: Double
    /// X_max / λ: how many times today's load the system could take.
    public var headroom: Double
    /// Cache hit rates used, by cache name (0 without a run).
    public var hitRates: [String: Double]
    /// The approximations made, in words.
    public var notes: [String]
    /// The run the simulated values come from, if any.
    public var runID: Int64?

    /// Explains `spec`; with `run`, uses its measured cache hit rates and adds its simulated
    /// utilization and mean response per resource.
    public init(spec: SimulationSpec, run: RunResult? = nil, runID: Int64? = nil) {
        var acc = Accumulator(spec: spec)
        var hitRates: [String: Double] = [:]
        var notes: [String] = []
        for (index, component) in spec.components.enumerated() {
            guard case .cache = component.kind else { continue }
            let measured = run?.components.first { $0.name == component.name }?.metrics["hit_rate"]
            acc.hitRate[index] = measured ?? 0
            hitRates[component.name] = measured ?? 0
        }
        if !hitRates.isEmpty {
            notes.append(run == nil
                ? "caches: no run given, so every lookup is counted as a miss (an upper bound on the load behind them)"
                : "caches: lookups hit at the run's measured hit rate")
        }
        let total = spec.classes.reduce(0) { $0 + $1.rate }
        for cls in spec.classes {
            acc.walk(cls.steps, weight: cls.rate, depth: 0)
        }
        if spec.classes.contains(where: { $0.profile != nil }) {
            notes.append("classes with a rate profile are counted at their base rate")
        }
        if spec.classes.contains(where: { ($0.client?.attempts ?? 1) > 1 }) {
            notes.append("client retries are not counted (they add load when requests time out)")
        }
        if acc.usedPool { notes.append("pools: a connection is held for the sum of the mean times of the steps inside (a lower bound: waits are left out)") }
        if acc.usedQueue { notes.append("queues: a worker is held for the mean time of the job's steps (a lower bound); jobs run at the class rate × expected attempts") }
        if acc.usedShards { notes.append("shards share the load evenly (no hot tenant or key)") }
        if acc.usedReplicas { notes.append("non-consistent reads spread evenly over the replicas") }
        if acc.usedApp { notes.append("app servers: the CPU of all replicas is pooled (c = replicas × cores); threads are not explained") }
        notes.append("M/M/c figures are approximations unless marked exact (exponential service at a plain station)")

        var resources: [Resource] = []
        for slot in acc.slots {
            let a = slot.busy
            let c = slot.servers
            let lambdaK = slot.visits
            let s = lambdaK > 0 ? a / lambdaK : 0
            let d = total > 0 ? a / total : 0
            let u = a / Double(c)
            var w: Double?
            var wq: Double?
            if lambdaK > 0, s > 0, u < 1 {
                let q = MMc(lambda: lambdaK, mu: 1 / s, c: c)
                w = q.meanResponse
                wq = q.meanWait
            }
            var resource = Resource(
                name: slot.name, component: slot.component, kind: slot.kind, role: slot.members[0].role,
                sizedBy: slot.members[0].sizedBy, servers: c,
                visits: total > 0 ? lambdaK / total : 0, service: s, demand: d, arrivalRate: lambdaK,
                offeredLoad: a, utilization: u, maxThroughput: d > 0 ? Double(c) / d : .infinity,
                mmcResponse: w, mmcWait: wq, mmcExact: slot.exact && lambdaK > 0,
                simulatedUtilization: nil, simulatedResponse: nil)
            if let run, let sim = Self.simulated(slot, in: run) {
                resource.simulatedUtilization = sim.utilization
                resource.simulatedResponse = sim.response
            }
            resources.append(resource)
        }

        model = spec.name
        rate = total
        self.resources = resources
        let loaded = resources.filter { $0.demand > 0 }
        if loaded.isEmpty {
            bottleneck = nil
            maxThroughput = .infinity
        } else {
            let b = QueueingTheory.bottleneck(demands: loaded.map(\.demand), servers: loaded.map(\.servers))
            // Ties (within rounding) go to the first resource in model order.
            let first = loaded.first { $0.maxThroughput <= b.maxThroughput * (1 + 1e-9) } ?? loaded[b.station]
            bottleneck = first.name
            maxThroughput = b.maxThroughput
        }
        headroom = total > 0 ? maxThroughput / total : .infinity
        self.hitRates = hitRates
        self.notes = notes
        self.runID = runID
    }

    /// The resource's simulated utilization and mean response in `run`: its members' resources
    /// (matched by declaration) seen as one, utilization as busy over servers, response weighted
    /// by completions. A run stored before resources carried declarations has only a component's
    /// headline, which stands for the component's only resource.
    static func simulated(_ slot: Accumulator.Slot, in run: RunResult) -> (utilization: Double, response: Double)? {
        guard let component = run.components.first(where: { $0.name == slot.component }) else { return nil }
        if component.resources.allSatisfy({ $0.declaration == nil }) {
            guard slot.members.count == 1, component.resources.count <= 1 else { return nil }
            return (component.utilization, component.meanResponse)
        }
        let parts = component.resources.filter { resource in
            resource.declaration.map { slot.members.contains($0) } ?? false
        }
        guard !parts.isEmpty else { return nil }
        let servers = parts.reduce(0) { $0 + $1.servers }
        let busy = parts.reduce(0) { $0 + $1.meanBusy }
        let done = parts.reduce(UInt64(0)) { $0 + $1.completions }
        let response = done > 0 ? parts.reduce(0) { $0 + $1.meanResponse * Double($1.completions) } / Double(done) : 0
        return (servers > 0 ? busy / Double(servers) : 0, response)
    }
}

/// Walks request programs and adds up visits and busy time per resource.
struct Accumulator {
    struct Slot {
        /// The resources it stands for, as their component declares them: one, or an app
        /// server's cores over its replicas (pooled).
        var members: [ResourceDeclaration]
        var kind: ComponentType
        var servers: Int
        /// Visits per second.
        var visits = 0.0
        /// Offered load, Erlangs (visits per second × mean service).
        var busy = 0.0
        /// Exact M/M/c candidate so far.
        var exact: Bool

        var name: String { members.count == 1 ? members[0].name : members[0].group }
        var component: String { members[0].component }
    }

    let spec: SimulationSpec
    var slots: [Slot] = []
    /// First slot of each component (databases: shard·(1 + replicas) + node after it, in the
    /// order the database declares its nodes).
    var base: [Int] = []
    var hitRate: [Int: Double] = [:]
    var usedPool = false, usedQueue = false, usedShards = false, usedReplicas = false, usedApp = false

    init(spec: SimulationSpec) {
        self.spec = spec
        let declared = Dictionary(grouping: spec.resourceDeclarations, by: \.component)
        for component in spec.components {
            base.append(slots.count)
            let mine = declared[component.name] ?? []
            let kind = component.kind.type
            switch component.kind {
            case .station(let s):
                slots.append(Slot(members: mine, kind: kind, servers: s.servers,
                                  exact: s.capacity == nil && s.timeout == nil))
            case .loadBalancer:
                break
            case .appServer(let app):
                // The replicas running at the start, their CPUs pooled.
                let cores = mine.filter { $0.role == .cores && ($0.replica ?? 0) < app.replicas }
                slots.append(Slot(members: cores, kind: kind, servers: app.replicas * app.cores, exact: false))
            case .pool(let pool):
                slots.append(Slot(members: mine, kind: kind, servers: pool.size, exact: false))
            case .cache(let cache):
                slots.append(Slot(members: mine, kind: kind, servers: cache.servers, exact: false))
            case .database(let db):
                for node in mine {
                    slots.append(Slot(members: [node], kind: kind, servers: db.cores, exact: false))
                }
            case .queue(let queue):
                slots.append(Slot(members: mine, kind: kind, servers: queue.workers, exact: false))
            }
        }
    }

    static func isExponential(_ d: Distribution) -> Bool {
        if case .exponential = d { return true }
        return false
    }

    private mutating func add(_ slot: Int, rate: Double, time: Double, exponential: Bool = false) {
        slots[slot].visits += rate
        slots[slot].busy += rate * time
        if !exponential { slots[slot].exact = false }
    }

    /// Adds the load of `steps` run `weight` times per second.
    mutating func walk(_ steps: [Step], weight: Double, depth: Int) {
        guard weight > 0, depth < 32 else { return }
        for step in steps { walk(step, weight: weight, depth: depth) }
    }

    mutating func walk(_ step: Step, weight: Double, depth: Int) {
        switch step {
        case .visit(let station, let service):
            add(base[station], rate: weight, time: service.mean, exponential: Self.isExponential(service))
        case .work(let server, let service):
            usedApp = true
            add(base[server], rate: weight, time: service.mean)
        case .delay:
            break
        case .hold(let pool, let inner):
            usedPool = true
            add(base[pool], rate: weight, time: meanTime(inner, depth: depth + 1))
            walk(inner, weight: weight, depth: depth + 1)
        case .cacheGet(let cache, let hit, let miss):
            add(base[cache], rate: weight, time: cacheService(cache))
            let h = hitRate[cache] ?? 0
            walk(hit, weight: weight * h, depth: depth + 1)
            walk(miss, weight: weight * (1 - h), depth: depth + 1)
        case .cacheSet(let cache), .invalidate(let cache):
            add(base[cache], rate: weight, time: cacheService(cache))
        case .read(let database, let service, let consistent):
            guard case .database(let db) = spec.components[database].kind else { return }
            if db.shards > 1 { usedShards = true }
            let perShard = weight / Double(db.shards)
            for shard in 0..<db.shards {
                let first = base[database] + shard * (1 + db.replicas)
                if !consistent && db.replicas > 0 {
                    usedReplicas = true
                    for node in 1...db.replicas {
                        add(first + node, rate: perShard / Double(db.replicas), time: service.mean)
                    }
                } else {
                    add(first, rate: perShard, time: service.mean)
                }
            }
        case .write(let database, let service):
            guard case .database(let db) = spec.components[database].kind else { return }
            if db.shards > 1 { usedShards = true }
            for shard in 0..<db.shards {
                add(base[database] + shard * (1 + db.replicas), rate: weight / Double(db.shards), time: service.mean)
            }
        case .crossShard(let database, let service):
            guard case .database(let db) = spec.components[database].kind else { return }
            for shard in 0..<db.shards {
                add(base[database] + shard * (1 + db.replicas), rate: weight, time: service.mean)
            }
        case .enqueue(let queue):
            guard case .queue(let q) = spec.components[queue].kind else { return }
            usedQueue = true
            let runs = weight * QueueingTheory.expectedAttempts(failureProbability: q.failure, maxAttempts: q.attempts)
            add(base[queue], rate: runs, time: meanTime(q.job, depth: depth + 1))
            walk(q.job, weight: runs, depth: depth + 1)
        case .parallel(let arms):
            for arm in arms { walk(arm, weight: weight, depth: depth + 1) }
        case .branch(let arms):
            for arm in arms { walk(arm.steps, weight: weight * arm.probability, depth: depth + 1) }
        }
    }

    func cacheService(_ cache: Int) -> Double {
        if case .cache(let c) = spec.components[cache].kind { return c.service.mean }
        return 0
    }

    /// Mean time of `steps` without any waiting, seconds (a lower bound on how long they take).
    func meanTime(_ steps: [Step], depth: Int) -> Double {
        guard depth < 32 else { return 0 }
        return steps.reduce(0) { $0 + meanTime($1, depth: depth) }
    }

    func meanTime(_ step: Step, depth: Int) -> Double {
        switch step {
        case .visit(_, let s), .work(_, let s), .delay(let s), .read(_, let s, _), .write(_, let s), .crossShard(_, let s):
            return s.mean
        case .hold(_, let inner):
            return meanTime(inner, depth: depth + 1)
        case .cacheGet(let cache, let hit, let miss):
            let h = hitRate[cache] ?? 0
            return cacheService(cache) + h * meanTime(hit, depth: depth + 1) + (1 - h) * meanTime(miss, depth: depth + 1)
        case .cacheSet(let cache), .invalidate(let cache):
            return cacheService(cache)
        case .enqueue:
            return 0
        case .parallel(let arms):
            return arms.map { meanTime($0, depth: depth + 1) }.max() ?? 0
        case .branch(let arms):
            return arms.reduce(0) { $0 + $1.probability * meanTime($1.steps, depth: depth + 1) }
        }
    }
}
