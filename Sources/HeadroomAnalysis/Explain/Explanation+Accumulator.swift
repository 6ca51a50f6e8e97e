import HeadroomComponents
import HeadroomKernel

/// Walks request programs and adds up, per resource, visits, busy time and the second moment of
/// the holding time, and, per cache, the lookups and invalidations of each class.
struct Accumulator {
    struct Slot {
        /// The resources it stands for, as their component declares them: one, or an app
        /// server's cores over its replicas (each replica explained as its own queue).
        var members: [ResourceDeclaration]
        var kind: ComponentType
        /// Servers of one member (an app replica's cores).
        var servers: Int
        /// Share of the slot's visits that the busiest member takes (1 for a single resource;
        /// 1/replicas for an app server whose balancer spreads evenly).
        var busiestShare = 1.0
        /// Most requests a member holds, in service plus waiting (K); nil when unbounded.
        var capacity: Int?
        /// Longest wait before a timeout, seconds; nil when none.
        var timeout: Double?
        /// A processor-sharing station: the fraction of its cores' time left for work while more
        /// requests are present than cores (1 without a switch cost); nil for FIFO servers.
        var sharing: Double?
        /// A station's wake-up cost, seconds (0: none).
        var wakeup = 0.0
        /// Visits per second (all members).
        var visits = 0.0
        /// Offered load, Erlangs (visits per second × mean service), all members.
        var busy = 0.0
        /// Visits per second × E[S²]: with `busy`, the holding time's second moment.
        var second = 0.0
        /// Every visit so far holds for an exponential time.
        var allExponential = true
        /// Every visit so far is a plain `visit` step (not a hold, a job or a cache operation).
        var plainVisits = true
        /// Some visit comes after another queue on its request's path (its arrivals are then
        /// that queue's departures, Poisson only in special networks).
        var afterQueue = false

        var name: String { members.count == 1 ? members[0].name : members[0].group }
        var component: String { members[0].component }
        /// Mean holding time per visit, seconds.
        var meanService: Double { visits > 0 ? busy / visits : 0 }
        /// Squared coefficient of variation of the holding time (0 deterministic, 1 exponential).
        var scv: Double {
            guard visits > 0, busy > 0 else { return 0 }
            let mean = busy / visits
            let value = (second / visits) / (mean * mean) - 1
            return value.isNaN ? .infinity : Swift.max(value, 0)
        }
        /// Exponential service with one rate: all visits exponential, and no mixture of means
        /// (which has SCV > 1).
        var exponential: Bool { allExponential && abs(scv - 1) < 1e-9 }
    }

    let spec: SimulationSpec
    var slots: [Slot] = []
    /// First slot of each component (databases: shard·(1 + replicas) + node after it, in the
    /// order the database declares its nodes).
    var base: [Int] = []
    var hitRate: [Int: Double] = [:]
    /// Per cache component: lookups and invalidations per second by class index.
    var cacheGets: [Int: [Int: Double]] = [:]
    var cacheInvalidations: [Int: [Int: Double]] = [:]
    /// The class whose program is being walked.
    var currentClass = 0
    /// Whether the path being walked has passed a queue (a resource step) yet. A delay keeps a
    /// Poisson stream Poisson (an M/G/∞ queue's departures are), a resource does not.
    var afterQueue = false
    var usedPool = false, usedQueue = false, usedShards = false, usedReplicas = false, usedApp = false
    var usedLimiter = false
    /// Per (class, database component): the share of the class's queries each shard takes.
    private var shardShares: [Int: [Double]] = [:]

    init(spec: SimulationSpec) {
        self.spec = spec
        let declared = Dictionary(grouping: spec.resourceDeclarations, by: \.component)
        for component in spec.components {
            base.append(slots.count)
            let mine = declared[component.name] ?? []
            let kind = component.kind.type
            switch component.kind {
            case .station(let s):
                var slot = Slot(members: mine, kind: kind, servers: s.servers, capacity: s.capacity, timeout: s.timeout)
                slot.sharing = s.discipline == .ps ? s.switchEfficiency : nil
                slot.wakeup = s.wakeup ?? 0
                slots.append(slot)
            case .loadBalancer:
                break
            case .appServer(let app):
                // The replicas running at the start, each its own queue for the CPU.
                let cores = mine.filter { $0.role == .cores && ($0.replica ?? 0) < app.replicas }
                var slot = Slot(members: cores, kind: kind, servers: app.cores)
                slot.busiestShare = Self.busiestShare(of: component.name, replicas: app.replicas, in: spec)
                slots.append(slot)
            case .pool(let pool):
                slots.append(Slot(members: mine, kind: kind, servers: pool.size, timeout: pool.acquireTimeout))
            case .cache(let cache):
                slots.append(Slot(members: mine, kind: kind, servers: cache.servers))
            case .database(let db):
                for node in mine {
                    let cores = db.cores(shard: node.shard ?? 0, node: node.role == .primary ? 0 : (node.replica ?? 1))
                    slots.append(Slot(members: [node], kind: kind, servers: cores,
                                      capacity: db.queueCapacity.map { cores + $0 }))
                }
            case .queue(let queue):
                slots.append(Slot(members: mine, kind: kind, servers: queue.workers,
                                  capacity: queue.capacity.map { queue.workers + $0 }))
            case .rateLimiter:
                break  // holds no server
            }
        }
    }

    /// The share of an app server's requests its busiest replica takes: the largest weight's for
    /// a weighted balancer, else an even share (round robin, random, least connections and
    /// power of two choices all spread evenly on average).
    static func busiestShare(of server: String, replicas: Int, in spec: SimulationSpec) -> Double {
        guard replicas > 0 else { return 1 }
        for component in spec.components {
            guard case .loadBalancer(let lb) = component.kind, spec.components[lb.backend].name == server,
                  lb.policy == .weighted, lb.weights.count >= replicas else { continue }
            let weights = lb.weights.prefix(replicas)
            let total = weights.reduce(0, +)
            if total > 0 { return weights.max()! / total }
        }
        return 1 / Double(replicas)
    }

    static func isExponential(_ d: Distribution) -> Bool {
        if case .exponential = d { return true }
        return false
    }

    /// Adds `rate` visits per second holding for `time` (mean) with second moment `second`.
    private mutating func add(_ slot: Int, rate: Double, mean: Double, second: Double, exponential: Bool, plain: Bool) {
        if afterQueue { slots[slot].afterQueue = true }
        afterQueue = true
        slots[slot].visits += rate
        slots[slot].busy += rate * mean
        slots[slot].second += rate * second
        if !exponential { slots[slot].allExponential = false }
        if !plain { slots[slot].plainVisits = false }
    }

    /// Adds visits holding for a draw of `service`.
    private mutating func add(_ slot: Int, rate: Double, service: Distribution, plain: Bool = false) {
        add(slot, rate: rate, mean: service.mean, second: service.variance + service.mean * service.mean,
            exponential: Self.isExponential(service), plain: plain)
    }

    /// Adds visits holding for a time whose only known moment is its mean (a hold around inner
    /// steps): counted as deterministic for the second moment.
    private mutating func add(_ slot: Int, rate: Double, time: Double) {
        add(slot, rate: rate, mean: time, second: time * time, exponential: false, plain: false)
    }

    /// Adds the load of `steps` run `weight` times per second.
    mutating func walk(_ steps: [Step], weight: Double, depth: Int) {
        guard weight > 0, depth < 32 else { return }
        for step in steps { walk(step, weight: weight, depth: depth) }
    }

    mutating func walk(_ step: Step, weight: Double, depth: Int) {
        switch step {
        case .visit(let station, let service):
            add(base[station], rate: weight, service: service, plain: true)
        case .work(let server, let service):
            usedApp = true
            add(base[server], rate: weight, service: service)
        case .delay:
            break
        case .limit:
            // Every request is counted as let through: downstream demands are upper bounds
            // when the limiter rejects (docs/model-format.md, `rate_limiter`).
            usedLimiter = true
        case .hold(let pool, let inner):
            usedPool = true
            add(base[pool], rate: weight, time: meanTime(inner, depth: depth + 1))
            walk(inner, weight: weight, depth: depth + 1)
        case .cacheGet(let cache, let hit, let miss):
            add(base[cache], rate: weight, service: cacheService(cache))
            cacheGets[cache, default: [:]][currentClass, default: 0] += weight
            let h = hitRate[cache] ?? 0
            walk(hit, weight: weight * h, depth: depth + 1)
            walk(miss, weight: weight * (1 - h), depth: depth + 1)
        case .cacheSet(let cache):
            add(base[cache], rate: weight, service: cacheService(cache))
        case .invalidate(let cache):
            add(base[cache], rate: weight, service: cacheService(cache))
            cacheInvalidations[cache, default: [:]][currentClass, default: 0] += weight
        case .read(let database, let service, let consistent):
            guard case .database(let db) = spec.components[database].kind else { return }
            if db.shards > 1 { usedShards = true }
            let shares = shares(database, db)
            for shard in 0..<db.shards where shares[shard] > 0 {
                let perShard = weight * shares[shard]
                let first = base[database] + shard * (1 + db.replicas)
                if !consistent && db.replicas > 0 {
                    usedReplicas = true
                    for node in 1...db.replicas {
                        add(first + node, rate: perShard / Double(db.replicas), service: service)
                    }
                } else {
                    add(first, rate: perShard, service: service)
                }
            }
        case .write(let database, let service):
            guard case .database(let db) = spec.components[database].kind else { return }
            if db.shards > 1 { usedShards = true }
            let shares = shares(database, db)
            for shard in 0..<db.shards where shares[shard] > 0 {
                add(base[database] + shard * (1 + db.replicas), rate: weight * shares[shard], service: service)
            }
        case .crossShard(let database, let service):
            guard case .database(let db) = spec.components[database].kind else { return }
            for shard in 0..<db.shards {
                add(base[database] + shard * (1 + db.replicas), rate: weight, service: service)
            }
        case .enqueue(let queue):
            guard case .queue(let q) = spec.components[queue].kind else { return }
            usedQueue = true
            let runs = weight * QueueingTheory.expectedAttempts(failureProbability: q.failure, maxAttempts: q.attempts)
            add(base[queue], rate: runs, time: meanTime(q.job, depth: depth + 1))
            walk(q.job, weight: runs, depth: depth + 1)
        case .parallel(let arms):
            let before = afterQueue
            var after = before
            for arm in arms {
                afterQueue = before
                walk(arm, weight: weight, depth: depth + 1)
                after = after || afterQueue
            }
            afterQueue = after
        case .branch(let arms):
            let before = afterQueue
            var after = before
            for arm in arms {
                afterQueue = before
                walk(arm.steps, weight: weight * arm.probability, depth: depth + 1)
                after = after || afterQueue
            }
            afterQueue = after
        }
    }

    /// The share of the current class's queries that each shard of database `index` takes, as
    /// the engine routes them: by the class's tenant (over the model's tenant space) when it has
    /// tenants, else by its key (over the key space), each weighted by its popularity.
    private mutating func shares(_ index: Int, _ db: DatabaseSpec) -> [Double] {
        let cacheKey = currentClass * spec.components.count + index
        if let known = shardShares[cacheKey] { return known }
        var shares = Array(repeating: 0.0, count: db.shards)
        if db.shards == 1 {
            shares[0] = 1
        } else {
            let cls = spec.classes[currentClass]
            if let tenants = cls.tenants {
                let space = Swift.max(1, spec.classes.map { $0.tenants?.count ?? 1 }.max() ?? 1)
                for (i, p) in Explanation.probabilities(tenants).enumerated() {
                    shares[TenantNames.shard(tenant: i, of: space, router: db.router, shards: db.shards)] += p
                }
            } else {
                let space = Swift.max(1, spec.classes.map { $0.keys?.count ?? 1 }.max() ?? 1)
                let keys = cls.keys.map(Explanation.probabilities) ?? [1]
                for (i, p) in keys.enumerated() {
                    shares[TenantNames.shard(key: i, of: space, router: db.router, shards: db.shards)] += p
                }
            }
        }
        shardShares[cacheKey] = shares
        return shares
    }

    func cacheService(_ cache: Int) -> Distribution {
        if case .cache(let c) = spec.components[cache].kind { return c.service }
        return .constant(0)
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
            return cacheService(cache).mean + h * meanTime(hit, depth: depth + 1)
                + (1 - h) * meanTime(miss, depth: depth + 1)
        case .cacheSet(let cache), .invalidate(let cache):
            return cacheService(cache).mean
        case .enqueue, .limit:
            return 0
        case .parallel(let arms):
            return arms.map { meanTime($0, depth: depth + 1) }.max() ?? 0
        case .branch(let arms):
            return arms.reduce(0) { $0 + $1.probability * meanTime($1.steps, depth: depth + 1) }
        }
    }
}
