import HeadroomComponents
import HeadroomKernel

/// What queueing theory predicts for a model, resource by resource, without simulating it
/// (`headroom explain`): service demand, offered load, utilization, the bottleneck bound
/// (docs/theory.md §1) and, per resource, the closed form that fits it, or none.
///
/// Resources: a station; an app server's cores, each replica its own queue fed its share of the
/// traffic (§9.1: a balancer that spreads evenly makes k queues of λ/k each); a connection pool;
/// a cache's servers; each database node (per shard: `db.primary`, `db.replica1`,
/// `db.shard0.primary`, …); a queue's workers. App-server threads are not explained (a thread is
/// held for the request's whole life on the server).
///
/// Closed forms (``ClosedForm``): a single-server station is an M/G/1 (Pollaczek–Khinchine, §7:
/// M/M/1 for exponential service, M/D/1 for constant); several servers with exponential service
/// an M/M/c (Erlang C, §3: P(wait), Wq, W, L, Lq and the p99); a bounded queue an M/M/1/K or
/// M/M/c/K (§5, §6: blocking, and the utilization of the traffic admitted); other service times
/// on several servers the M/G/c approximation Wq ≈ Wq(M/M/c)·(1 + SCV)/2 (marked ~); a queue
/// with a wait timeout has none. A form is exact when its assumptions hold in the model: Poisson
/// arrivals at the station (an open network of plain stations with exponential service, §8, or
/// the model's only station) and the station's own service law; otherwise it is marked ~.
///
/// Visits: one per `visit`, `work`, `read`, `write`, cache operation; `branch` arms weighted by
/// probability; `parallel` arms all count; `crossShard` visits every shard's primary; non
/// consistent reads spread evenly over the shard's replicas (the primary when none), writes and
/// consistent reads go to the primary; shards take what the router sends them of each class's
/// tenants (or keys) under their popularity, as the engine routes. `cacheGet` takes its hit
/// arm with the measured hit rate when a run is given, else with the TTL hit ratio of §10
/// (per key rT/(1 + rT) under the class's key popularity, invalidations included, capacity not).
/// `hold(pool)` holds a connection for the sum of the mean times of its inner steps (a lower
/// bound: waits are left out); a queue's worker likewise for its job. `enqueue` runs the job at
/// the class rate × expected attempts. Classes with a profile count at their base rate.
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
        /// Servers c of one member (an app replica's cores).
        public var servers: Int
        /// Members explained as separate queues fed alike (an app server's replicas); 1 otherwise.
        public var members: Int
        /// Visits per request V (averaged over all classes, weighted by rate), all members.
        public var visits: Double
        /// Mean service (holding) time per visit S, seconds.
        public var service: Double
        /// Squared coefficient of variation of the holding time (0 constant, 1 exponential).
        public var serviceSCV: Double
        /// Service demand D = V·S per request, seconds, all members.
        public var demand: Double
        /// Arrivals per second at the busiest member, λ_k = V·λ·share.
        public var arrivalRate: Double
        /// Offered load at the busiest member a = λ_k·S, Erlangs.
        public var offeredLoad: Double
        /// Predicted utilization of the busiest member: the load it carries (after blocking, for
        /// a bounded queue) over its servers; may be ≥ 1 for an unbounded one (it cannot keep up).
        public var utilization: Double
        /// The bound this resource puts on the total throughput (its busiest member reaching
        /// 100 %: c / (D·share)), requests per second.
        public var maxThroughput: Double
        /// The closed form applied to the busiest member, with its figures (none when the
        /// resource has no visits).
        public var closedForm: ClosedForm?
        /// Simulated utilization from the run, when one is given and has this resource.
        public var simulatedUtilization: Double?
        /// Simulated mean response per visit from the run, seconds.
        public var simulatedResponse: Double?
        /// Little's law on the run's figures: |L − X·W| / L with L the mean number in the
        /// resource, X its throughput and W its mean time there (about 0 in a steady run).
        public var simulatedLittleGap: Double?

        /// Mean response per visit from the closed form, seconds; nil without one, or unstable.
        public var response: Double? { closedForm?.response }
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
    /// utilization, mean response and Little's-law check per resource. Without a run,
    /// `observedHitRates` (by cache name, from measurements) replace the TTL estimate for the
    /// caches they name.
    public init(spec: SimulationSpec, run: RunResult? = nil, runID: Int64? = nil, observedHitRates: [String: Double] = [:]) {
        var acc = Accumulator(spec: spec)
        var hitRates: [String: Double] = [:]
        var notes: [String] = []
        let total = spec.classes.reduce(0) { $0 + $1.rate }
        let caches = spec.components.indices.filter { if case .cache = spec.components[$0].kind { true } else { false } }
        if !caches.isEmpty {
            if let run {
                for index in caches {
                    acc.hitRate[index] = run.components.first { $0.name == spec.components[index].name }?.metrics["hit_rate"] ?? 0
                }
                notes.append("caches: lookups hit at the run's measured hit rate")
            } else {
                // Lookups per class first (as if every lookup missed), then the TTL hit ratios.
                var probe = acc
                for (k, cls) in spec.classes.enumerated() {
                    probe.currentClass = k
                    probe.afterQueue = false
                    probe.walk(cls.steps, weight: cls.rate, depth: 0)
                }
                for index in caches {
                    acc.hitRate[index] = observedHitRates[spec.components[index].name]
                        ?? Self.ttlHitRatio(cache: index, spec: spec, probe)
                }
                if caches.contains(where: { observedHitRates[spec.components[$0].name] != nil }) {
                    notes.append("caches: lookups hit at the observed hit rate where one is given")
                }
                notes.append("caches: hit ratio from the TTL (docs/theory.md §10: rT/(1 + rT) per key under the classes' key popularity, invalidations included, capacity and fetch time not)")
            }
            for index in caches { hitRates[spec.components[index].name] = acc.hitRate[index] ?? 0 }
        }
        for (k, cls) in spec.classes.enumerated() {
            acc.currentClass = k
            acc.afterQueue = false
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
        if acc.usedShards { notes.append("shards: each class's queries split as its router sends its tenants (or keys), weighted by their popularity") }
        if acc.usedLimiter { notes.append("rate limiters: every request is counted as let through, so the demands after a limiter that rejects are upper bounds") }
        if acc.usedReplicas { notes.append("non-consistent reads spread evenly over the replicas") }
        if acc.usedApp { notes.append("app servers: each replica's cores are a queue of their own with its share of the traffic; threads are not explained") }

        let poissonClasses = spec.classes.allSatisfy {
            $0.profile == nil && $0.client == nil && Accumulator.isExponential($0.interarrival)
        }
        let poissonNetwork = poissonClasses && Self.isOpenJacksonNetwork(spec, acc)
        var resources: [Resource] = []
        for slot in acc.slots {
            let lambdaAll = slot.visits
            let share = slot.busiestShare
            let lambda = lambdaAll * share
            let s = slot.meanService
            let d = total > 0 ? slot.busy / total : 0
            // Poisson arrivals: an open Jackson network, or a station that is the first queue on
            // every path that reaches it.
            let exactArrivals = slot.kind == .station && slot.plainVisits
                && (poissonNetwork || (poissonClasses && !slot.afterQueue))
            let form = lambda > 0 ? ClosedForm.choose(
                lambda: lambda, service: s, scv: slot.scv, exponential: slot.exponential, servers: slot.servers,
                capacity: slot.capacity, timeout: slot.timeout, poissonArrivals: exactArrivals, sharing: slot.sharing,
                wakeup: slot.wakeup) : nil
            let carried = form?.throughput ?? lambda
            var resource = Resource(
                name: slot.name, component: slot.component, kind: slot.kind, role: slot.members[0].role,
                sizedBy: slot.members[0].sizedBy, servers: slot.servers, members: slot.members.count,
                visits: total > 0 ? lambdaAll / total : 0, service: s, serviceSCV: slot.scv, demand: d,
                arrivalRate: lambda, offeredLoad: lambda * s,
                utilization: form?.utilization ?? carried * s / Double(slot.servers),
                maxThroughput: d > 0 ? Double(slot.servers) * (slot.sharing ?? 1) / (d * share) : .infinity,
                closedForm: form, simulatedUtilization: nil, simulatedResponse: nil, simulatedLittleGap: nil)
            if let run, let sim = Self.simulated(slot, in: run) {
                resource.simulatedUtilization = sim.utilization
                resource.simulatedResponse = sim.response
                resource.simulatedLittleGap = sim.littleGap
            }
            resources.append(resource)
        }

        model = spec.name
        rate = total
        self.resources = resources
        let loaded = resources.filter { $0.demand > 0 }
        if let first = loaded.min(by: { $0.maxThroughput < $1.maxThroughput }) {
            // Ties (within rounding) go to the first resource in model order.
            let tied = loaded.first { $0.maxThroughput <= first.maxThroughput * (1 + 1e-9) } ?? first
            bottleneck = tied.name
            maxThroughput = first.maxThroughput
        } else {
            bottleneck = nil
            maxThroughput = .infinity
        }
        headroom = total > 0 ? maxThroughput / total : .infinity
        self.hitRates = hitRates
        self.notes = notes
        self.runID = runID
    }

    /// Whether every station sees Poisson arrivals as in an open Jackson network (§8), given
    /// Poisson classes: only `visit` steps (in branches too) to unbounded stations without
    /// timeouts whose service is exponential with one mean.
    static func isOpenJacksonNetwork(_ spec: SimulationSpec, _ acc: Accumulator) -> Bool {
        spec.classes.allSatisfy { onlyVisits($0.steps) } && acc.slots.allSatisfy { slot in
            slot.visits == 0 || (slot.kind == .station && slot.capacity == nil && slot.timeout == nil && slot.exponential)
        }
    }

    private static func onlyVisits(_ steps: [Step]) -> Bool {
        steps.allSatisfy { step in
            switch step {
            case .visit: true
            case .branch(let arms): arms.allSatisfy { onlyVisits($0.steps) }
            case .work, .delay, .hold, .cacheGet, .cacheSet, .invalidate, .read, .write, .crossShard, .enqueue, .limit,
                 .parallel:
                false
            }
        }
    }

    /// The TTL hit ratio of cache `index` (docs/theory.md §10.2–§10.3): per key i, lookups
    /// r_i = Σ_class g_class·p_class(i) and invalidations w_i likewise, h_i = r_i·E[τ]/(1 + r_i·E[τ]);
    /// the ratio is Σ r_i·h_i / Σ r_i. A class without key popularity works on key 0.
    static func ttlHitRatio(cache index: Int, spec: SimulationSpec, _ acc: Accumulator) -> Double {
        guard case .cache(let cache) = spec.components[index].kind else { return 0 }
        let gets = acc.cacheGets[index] ?? [:]
        let invalidations = acc.cacheInvalidations[index] ?? [:]
        let classes = Set(gets.keys).union(invalidations.keys)
        let keys = classes.map { spec.classes[$0].keys?.count ?? 1 }.max() ?? 0
        guard keys > 0 else { return 0 }
        var lookups = Array(repeating: 0.0, count: keys)
        var deletes = Array(repeating: 0.0, count: keys)
        for k in classes {
            let popularity = spec.classes[k].keys.map(Self.probabilities) ?? [1]
            for (i, p) in popularity.enumerated() {
                lookups[i] += (gets[k] ?? 0) * p
                deletes[i] += (invalidations[k] ?? 0) * p
            }
        }
        let total = lookups.reduce(0, +)
        guard total > 0 else { return 0 }
        var hits = 0.0
        for i in 0..<keys where lookups[i] > 0 {
            hits += lookups[i] * QueueingTheory.ttlCacheHitRatio(rate: lookups[i], ttl: cache.ttl, invalidationRate: deletes[i])
        }
        return hits / total
    }

    /// Key i's probability under `popularity` (uniform, or Zipf ∝ 1/i^s), i from 0.
    static func probabilities(_ popularity: Popularity) -> [Double] {
        QueueingTheory.zipfProbabilities(count: popularity.count, exponent: popularity.zipf)
    }

    /// The resource's simulated utilization, mean response and Little's-law gap in `run`: its
    /// members' resources (matched by declaration) seen as one (``ResourceResult/combined(_:_:)``:
    /// busy time over capacity, response weighted by completions). A run stored before resources
    /// carried declarations has only a component's headline, which stands for its only resource.
    static func simulated(_ slot: Accumulator.Slot, in run: RunResult)
        -> (utilization: Double, response: Double, littleGap: Double?)?
    {
        guard let component = run.components.first(where: { $0.name == slot.component }) else { return nil }
        let parts: [ResourceResult]
        if component.resources.allSatisfy({ $0.declaration == nil }) {
            guard slot.members.count == 1, component.resources.count <= 1 else { return nil }
            parts = [component.load]
        } else {
            parts = component.resources.filter { resource in
                resource.declaration.map { slot.members.contains($0) } ?? false
            }
        }
        guard !parts.isEmpty else { return nil }
        let r = parts.count == 1 ? parts[0] : ResourceResult.combined(slot.name, parts)
        let gap = r.meanInStation > 0 ? abs(r.meanInStation - r.throughput * r.meanResponse) / r.meanInStation : nil
        return (r.utilization, r.meanResponse, gap)
    }
}
