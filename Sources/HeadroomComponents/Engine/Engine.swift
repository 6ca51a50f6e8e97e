import HeadroomKernel
import RealModule

/// The discrete-event engine: runs one `SimulationSpec` from time 0 to its duration.
///
/// Requests live in fixed slots (struct-of-arrays in `Column`s, reused through a free list) and
/// carry only a program counter, a few registers (key, tenant, session, chosen replica and node)
/// and the times they entered what they hold, so the loop allocates nothing per event once the
/// columns have grown to the largest population. Every wake-up event carries the slot's token; a
/// request that moved on (served, timed out, failed) has a new token, which makes its old events
/// recognisable as stale.
struct Engine: ~Copyable {
    /// Event kinds on the calendar.
    enum Kind {
        static let arrival: UInt32 = 0
        static let wake: UInt32 = 1
        static let timeout: UInt32 = 2
        static let warmupEnd: UInt32 = 3
        /// End of a time-series window.
        static let window: UInt32 = 4
        /// A client gives up on an attempt (target: slot; tag: the attempt's serial).
        static let clientTimeout: UInt32 = 5
        /// Timeline event number `target`.
        static let timeline: UInt32 = 6
        /// A round of health checks by the balancer in front of app server `target`.
        static let healthCheck: UInt32 = 7
        /// A failed probe of replica `tag` of app server `target` times out.
        static let probeFailed: UInt32 = 8
        /// Check whether draining replicas of app server `target` are empty.
        static let drainCheck: UInt32 = 9
        /// Autoscaler number `target` evaluates.
        static let autoscale: UInt32 = 10
        /// `tag` replicas of app server `target` finish provisioning.
        static let provisioned: UInt32 = 11
        /// A stopped replica `tag` of app server `target` restarts (rolling deploy, resize).
        static let restart: UInt32 = 12
    }

    /// How a request (or child, or job attempt) ended. `abandoned` marks, in `slotFailure`, a
    /// request whose client gave up; it runs on but counts for nothing when it ends.
    enum Outcome: UInt8 { case completed, rejected, timedOut, poolTimeout, failed, abandoned }

    /// What a slot holds.
    enum SlotKind: UInt8 { case request, child, job }
    /// `slotKind` of a free slot.
    static let freeKind: UInt8 = 255

    let spec: SimulationSpec
    let layout: Layout
    let program: Program
    /// The program's instructions and distributions in their fast form (columns: read without
    /// the generic array machinery).
    let instructions: Column<Instruction>
    let fastDistributions: Column<FastDistribution>
    var calendar = EventCalendar()

    // Resources: every station, thread pool, core set, connection pool, cache server, database
    // node and worker pool, in one table.
    var resources: Column<StationState>

    // Random streams: per class arrivals, routing and popularity draws; then the program's.
    var arrivalStreams: Column<RandomStream>
    var routingStreams: Column<RandomStream>
    var streams: Column<RandomStream>
    /// Per class: the mean gap of Poisson arrivals (drawn inline, the common case), or NaN
    /// when the class has another interarrival distribution.
    let poissonGap: Column<Double>
    /// Per class: key, tenant and session popularity (nil: always 0).
    let keyTables: [PopularityTable?]
    let tenantTables: [PopularityTable?]
    let sessionTables: [PopularityTable?]
    /// Per class: whether it draws keys, tenants or sessions at all (bits 0, 1, 2), checked
    /// before touching the tables so the common case copies nothing.
    let drawsPopularity: Column<UInt8>
    /// Per class: whether sharded databases route it by tenant (else by key).
    let routesByTenant: [Bool]

    // Component state, indexed by component.
    var balancers: Column<BalancerState>
    var weights: [Double]
    var caches: Column<CacheState>
    var databases: Column<DatabaseState>
    var jobQueues: Column<QueueState>
    /// Cache entries: expiry time (−∞ when absent) and LRU links, `keySpace` slots per cache.
    var cacheExpiry: Column<Double>
    var cachePrev: Column<Int32>
    var cacheNext: Column<Int32>
    /// Per database and key: when the last write becomes visible on replicas, seconds.
    var visibleAt: Column<Double>
    /// Per database: the shard of each key, and of each tenant.
    var keyShard: Column<Int32>
    var tenantShard: Column<Int32>
    let keySpace: Int

    // Request slots, one column per field.
    var slotKind = Column<UInt8>()
    var slotClass = Column<Int32>()
    var slotPC = Column<Int32>()
    var slotToken = Column<UInt32>()
    var slotArrival = Column<Double>()
    var slotParent = Column<Int32>()
    var slotPending = Column<Int32>()
    var slotFailure = Column<UInt8>()
    var slotAttempt = Column<Int32>()
    var slotSerial = Column<Int32>()
    /// `registerCount` registers per slot.
    var registers = Column<Int32>()
    let registerCount: Int
    /// Per slot and holding depth: when it reached the resource and when it got a server.
    var stamps = Column<Double>()
    var starts = Column<Double>()
    let depthCount: Int
    var freeSlots = Column<Int32>()
    var inSystem = 0
    /// Requests handed a server by a release (or a finished fork), waiting to run on.
    var ready = Column<Int32>()

    // Time: profiles, windows, clients, fleets.
    /// Per class: whether its rate follows a profile (arrivals by thinning, not inline draws).
    let hasProfile: [Bool]
    /// Per class: the base rate its profile multiplies, requests per second.
    let baseRates: [Double]
    /// Per class: the piece of its rate profile the arrivals are in (a cache of `piece(at:)`).
    var profilePieces: [RateProfile.Piece]
    /// Per class: the client's timeout, seconds (+∞: none).
    let clientTimeout: [Double]
    /// Per class: retry tokens left in the client's budget.
    var retryTokens: [Double]
    var clientStreams: Column<RandomStream>
    /// Replica states of every app server, and each server's rotation list (replica numbers).
    var replicas = Column<ReplicaState>()
    var rotation = Column<Int32>()
    /// Provisioned replicas and workers over the whole run, for cost (not reset at warm-up).
    var fleetStats: [TimeWeightedStat]
    /// Per component: the replication lag of a database (the model's, or a timeline event's).
    var replicationLags: [Distribution]
    /// Time series under construction and alert state.
    var series: [SeriesPoint] = []
    var lastWindowEnd = 0.0
    var windowArrivals: UInt64 = 0
    var windowCompleted: UInt64 = 0
    var windowErrors: UInt64 = 0
    var windowRetries: UInt64 = 0
    /// Response times of the window in progress, all classes. Two significant digits (1 %):
    /// resetting and reading a three-digit histogram every window cost more than the whole
    /// M/M/1 run between two windows (its generic code is not specialised; callgrind).
    var windowLatency = LatencyHistogram(significantDigits: .two)
    /// Per resource: busy and queue integrals at the last window end.
    var busyMark: [Double]
    var queueMark: [Double]
    var serversMark: [Double]
    var alertState: [AlertTracker]
    var alertEvents: [AlertEvent] = []
    var recovery: RecoveryTracker
    var peakInSystem = 0

    // Statistics.
    var classCounts: Column<RequestCounts>
    var classLatency: [LatencyHistogram]
    var measuring: Bool
    var unstableReason: String?
    /// Measured completions slower than `slowThreshold` (the early stop's p99 bound, +∞ without).
    var slowCompleted: UInt64 = 0
    var slowThreshold = Double.infinity

    /// Events at one simulated instant beyond which the run stops as `unstable`: the clock has
    /// stopped advancing. A legitimate burst (a fan-out, timeouts of requests that arrived
    /// together) is far smaller: it is bounded by the requests in the system.
    static let maxEventsAtOneInstant = 1_000_000
    /// Candidate arrivals drawn by thinning for one arrival beyond which the class's arrivals
    /// stop and the run is `unstable`: the expected number is the piece's peak rate over the rate
    /// where the arrival falls, which ranges validation admits keep far below this.
    static let maxThinningDraws = 100_000_000
    /// Candidates drawn by thinning so far: work the calendar does not see, counted against
    /// `spec.maxEvents` beside the events.
    var thinningDraws: UInt64 = 0

    /// When non-nil, every state change is appended here (tests of small scenarios).
    var trace: [TraceRecord]?
    var arrivalsSoFar: Int32 = 0

    init(spec: SimulationSpec) {
        self.spec = spec
        let layout = Layout(spec)
        self.layout = layout
        let program = Program(spec: spec, layout: layout)
        self.program = program
        fastDistributions = Column(program.fastDistributions)
        instructions = Column(program.instructions)
        resources = Column(layout.resources)
        arrivalStreams = Column(spec.classes.map { RandomStream(seed: spec.seed, name: "arrivals/" + $0.name) })
        routingStreams = Column(spec.classes.map { RandomStream(seed: spec.seed, name: "routing/" + $0.name) })
        var streamNames = program.streamNames
        poissonGap = Column(spec.classes.map {
            if case .exponential(let mean) = $0.interarrival { mean } else { .nan }
        })
        keyTables = spec.classes.map { $0.keys.map(PopularityTable.init) }
        tenantTables = spec.classes.map { $0.tenants.map(PopularityTable.init) }
        sessionTables = spec.classes.map { $0.sessions.map(PopularityTable.init) }
        routesByTenant = spec.classes.map { $0.tenants != nil }
        drawsPopularity = Column(spec.classes.map {
            ($0.keys == nil ? 0 : 1) | ($0.tenants == nil ? 0 : 2) | ($0.sessions == nil ? 0 : 4)
        })
        let keySpace = max(1, spec.classes.map { $0.keys?.count ?? 1 }.max() ?? 1)
        let tenantSpace = max(1, spec.classes.map { $0.tenants?.count ?? 1 }.max() ?? 1)
        self.keySpace = keySpace

        var balancers = Array(repeating: BalancerState(), count: spec.components.count)
        var weights: [Double] = []
        var caches = Array(repeating: CacheState(), count: spec.components.count)
        var databases = Array(repeating: DatabaseState(), count: spec.components.count)
        var jobQueues = Array(repeating: QueueState(), count: spec.components.count)
        var cacheCount = 0
        var databaseCount = 0
        var keyShard: [Int32] = []
        var tenantShard: [Int32] = []
        func stream(_ name: String) -> Int32 {
            if let index = streamNames.firstIndex(of: name) { return Int32(index) }
            streamNames.append(name)
            return Int32(streamNames.count - 1)
        }
        for (index, component) in spec.components.enumerated() {
            switch component.kind {
            case .appServer:
                var state = BalancerState()
                state.stream = stream("balance/" + component.name)
                if let lb = layout.balancerOf[index], case .loadBalancer(let balancer) = spec.components[lb].kind {
                    state.policy = balancer.policy
                    state.sticky = balancer.sticky
                    state.stream = stream("balance/" + spec.components[lb].name)
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
                balancers[index] = state
            case .cache(let cache):
                caches[index].capacity = cache.capacity.map { Int32(clamping: $0) } ?? .max
                caches[index].ttl = cache.ttl
                caches[index].offset = cacheCount * keySpace
                cacheCount += 1
            case .database(let db):
                databases[index].shards = Int32(db.shards)
                databases[index].replicas = Int32(db.replicas)
                databases[index].slowQuery = db.slowQuery ?? .infinity
                databases[index].keyOffset = databaseCount * keySpace
                databases[index].tenantOffset = databaseCount * tenantSpace
                databases[index].lagStream = stream("lag/" + component.name)
                databaseCount += 1
                for key in 0..<keySpace {
                    keyShard.append(Int32(TenantNames.shard(key: key, of: keySpace, router: db.router, shards: db.shards)))
                }
                for tenant in 0..<tenantSpace {
                    tenantShard.append(Int32(TenantNames.shard(
                        tenant: tenant, of: tenantSpace, router: db.router, shards: db.shards)))
                }
            case .queue(let queue):
                jobQueues[index].attempts = Int32(queue.attempts)
                jobQueues[index].failure = queue.failure
                jobQueues[index].stream = stream("jobs/" + component.name)
            default:
                break
            }
        }
        self.balancers = Column(balancers)
        self.weights = weights
        self.caches = Column(caches)
        self.databases = Column(databases)
        self.jobQueues = Column(jobQueues)
        cacheExpiry = Column(repeating: -.infinity, count: max(1, cacheCount * keySpace))
        cachePrev = Column(repeating: -1, count: max(1, cacheCount * keySpace))
        cacheNext = Column(repeating: -1, count: max(1, cacheCount * keySpace))
        visibleAt = Column(repeating: -.infinity, count: max(1, databaseCount * keySpace))
        self.keyShard = Column(keyShard.isEmpty ? [0] : keyShard)
        self.tenantShard = Column(tenantShard.isEmpty ? [0] : tenantShard)
        streams = Column(streamNames.map { RandomStream(seed: spec.seed, name: $0) })
        registerCount = Int(layout.registerCount)
        depthCount = program.maxDepth
        classCounts = Column(repeating: RequestCounts(), count: spec.classes.count)
        classLatency = Array(repeating: LatencyHistogram(), count: spec.classes.count)
        measuring = spec.warmup <= 0
        slowThreshold = spec.stopWhenMissed?.p99 ?? .infinity
        replicationLags = spec.components.map {
            if case .database(let db) = $0.kind { db.replicationLag } else { .constant(0) }
        }
        hasProfile = spec.classes.map { $0.profile != nil }
        baseRates = spec.classes.map(\.rate)
        profilePieces = spec.classes.map { $0.profile?.piece(at: 0) ?? RateProfile.Piece(start: 0, end: .infinity, startValue: 1, endValue: 1) }
        clientTimeout = spec.classes.map { $0.client?.timeout ?? .infinity }
        retryTokens = spec.classes.map { _ in Engine.retryTokenCap }
        clientStreams = Column(spec.classes.map { RandomStream(seed: spec.seed, name: "client/" + $0.name) })
        fleetStats = Array(repeating: TimeWeightedStat(), count: spec.components.count)
        busyMark = Array(repeating: 0, count: layout.resources.count)
        queueMark = Array(repeating: 0, count: layout.resources.count)
        serversMark = Array(repeating: 0, count: layout.resources.count)
        alertState = Array(repeating: AlertTracker(), count: spec.alerts.count)
        recovery = RecoveryTracker()
        setUpFleets()
    }

    deinit {
        for i in 0..<resources.count { resources[i].queue.deallocate() }
    }

    /// Runs to the end time, or until the stability guard trips.
    mutating func run() {
        for k in spec.classes.indices {
            let first = nextArrival(k, after: 0)
            if first < .infinity { calendar.schedule(at: first, kind: Kind.arrival, target: Int32(k)) }
        }
        if spec.warmup > 0 { calendar.schedule(at: spec.warmup, kind: Kind.warmupEnd) }
        calendar.schedule(at: Swift.min(spec.window, spec.duration), kind: Kind.window)
        for (i, event) in spec.timeline.enumerated() {
            calendar.schedule(at: event.time, kind: Kind.timeline, target: Int32(i))
        }
        startHealthChecksAndAutoscalers()
        let end = spec.duration
        let maxEvents = spec.maxEvents ?? .max
        // The clock must advance: events at one instant beyond `Engine.maxEventsAtOneInstant`
        // mean that gaps fell below the clock's resolution (t + gap == t) and the run would never
        // reach its end. Two scalars compared per event; nothing allocated.
        var instant = -Double.infinity
        var eventsAtInstant = 0
        while let event = calendar.next(until: end) {
            if event.time == instant {
                eventsAtInstant &+= 1
                if eventsAtInstant > Engine.maxEventsAtOneInstant, unstableReason == nil {
                    unstableReason = "simulated time stopped advancing at t = \(event.time) s: more than "
                        + "\(Engine.maxEventsAtOneInstant) events at one instant (gaps below the clock's resolution)"
                    break
                }
            } else {
                instant = event.time
                eventsAtInstant = 0
            }
            if calendar.processed &+ thinningDraws > maxEvents {
                if unstableReason == nil { unstableReason = "stopped after \(maxEvents) events (the run's event cap)" }
                break
            }
            switch event.kind {
            case Kind.wake:
                if slotToken[Int(event.target)] == event.tag { advance(event.target) }
            case Kind.arrival:
                arrive(classIndex: Int(event.target))
            case Kind.timeout:
                expire(event.target, token: event.tag)
            case Kind.window:
                closeWindow()
            case Kind.warmupEnd:
                endWarmup()
            default:
                handleTimeEvent(event)
            }
            if unstableReason != nil { break }
        }
        // An event at a NaN time never comes due (NaN ≤ end is false) and would end the run
        // early as if it were complete; validation keeps NaN out, this says so if it got in.
        if unstableReason == nil, let next = calendar.nextTime, next.isNaN {
            unstableReason = "an event was scheduled at a time that is not a number (t = \(calendar.now) s)"
        }
        if unstableReason == nil { calendar.advance(to: end) }
        // A last, partial window, so the series covers the whole run.
        if calendar.now > lastWindowEnd { closeWindow() }
    }

    // MARK: Arrivals and slots

    /// The time to class `k`'s next arrival, seconds.
    @inline(__always)
    mutating func nextGap(_ k: Int) -> Double {
        let mean = poissonGap[k]
        if mean == mean { return mean * arrivalStreams[k].nextStandardExponential() }
        return spec.classes[k].interarrival.sample(&arrivalStreams[k])
    }

    mutating func arrive(classIndex k: Int) {
        let next = hasProfile[k] ? nextArrival(k, after: calendar.now) : calendar.now + nextGap(k)
        if next < .infinity { calendar.schedule(at: next, kind: Kind.arrival, target: Int32(k)) }
        let slot = allocateSlot(kind: .request, classIndex: k, pc: program.entry[k])
        let r = Int(slot) * registerCount
        var key: Int32 = 0
        var tenant: Int32 = 0
        var session: Int32 = 0
        let draws = drawsPopularity[k]
        if draws != 0 {
            if draws & 1 != 0 { key = keyTables[k]!.sample(&routingStreams[k]) }
            if draws & 2 != 0 { tenant = tenantTables[k]!.sample(&routingStreams[k]) }
            if draws & 4 != 0 { session = sessionTables[k]!.sample(&routingStreams[k]) }
        }
        registers[r + Int(Layout.keyRegister)] = key
        registers[r + Int(Layout.tenantRegister)] = tenant
        registers[r + Int(Layout.sessionRegister)] = session
        if trace != nil { record(.arrive, slot, component: spec.classes[k].name) }
        if measuring { classCounts[k].arrived &+= 1 }
        windowArrivals &+= 1
        if clientTimeout[k] < .infinity { startAttempt(slot, classIndex: k) }
        advance(slot)
    }

    /// A fresh slot for a request, child or job; counts toward the guard. Its registers keep
    /// old values: arrivals set key, tenant and session, children and jobs copy their
    /// creator's, and the rest are written before they are read.
    mutating func allocateSlot(kind: SlotKind, classIndex k: Int, pc: Int32) -> Int32 {
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            let s = Int(slot)
            slotKind[s] = kind.rawValue
            slotClass[s] = Int32(k)
            slotPC[s] = pc
            slotArrival[s] = calendar.now
            slotParent[s] = -1
            slotPending[s] = 0
            slotFailure[s] = 0
            slotAttempt[s] = 0
            slotSerial[s] = arrivalsSoFar
        } else {
            slot = Int32(slotClass.count)
            slotKind.append(kind.rawValue)
            slotClass.append(Int32(k))
            slotPC.append(pc)
            slotToken.append(0)
            slotArrival.append(calendar.now)
            slotParent.append(-1)
            slotPending.append(0)
            slotFailure.append(0)
            slotAttempt.append(0)
            slotSerial.append(arrivalsSoFar)
            for _ in 0..<registerCount { registers.append(0) }
            for _ in 0..<depthCount {
                stamps.append(0)
                starts.append(0)
            }
        }
        arrivalsSoFar &+= 1
        inSystem += 1
        if inSystem > peakInSystem { peakInSystem = inSystem }
        if inSystem > spec.maxInSystem, unstableReason == nil {
            unstableReason = "more than \(spec.maxInSystem) requests in the system at t = \(calendar.now) s"
        }
        return slot
    }

    /// Frees a slot: its token changes, so its pending events and queue entries go stale.
    @inline(__always)
    mutating func freeSlot(_ slot: Int32) {
        slotToken[Int(slot)] &+= 1
        slotKind[Int(slot)] = Engine.freeKind
        freeSlots.append(slot)
        inSystem -= 1
    }

    /// A top-level request leaves the system: counted by class and outcome (not at all when its
    /// client already gave up on it: that was counted then).
    mutating func finish(_ slot: Int32, _ outcome: Outcome) {
        let s = Int(slot)
        let k = Int(slotClass[s])
        if trace != nil, outcome == .completed { record(.done, slot, component: spec.classes[k].name) }
        if slotFailure[s] == Outcome.abandoned.rawValue {
            freeSlot(slot)
            return
        }
        if outcome == .completed {
            windowCompleted &+= 1
            windowLatency.record(calendar.now - slotArrival[s])
        } else {
            windowErrors &+= 1
        }
        if measuring {
            switch outcome {
            case .completed:
                classCounts[k].completed &+= 1
                let latency = calendar.now - slotArrival[s]
                classLatency[k].record(latency)
                if latency > slowThreshold { slowCompleted &+= 1 }
            case .rejected: classCounts[k].rejected &+= 1
            case .timedOut: classCounts[k].timedOut &+= 1
            case .poolTimeout: classCounts[k].poolTimedOut &+= 1
            case .failed: classCounts[k].failed &+= 1
            case .abandoned: classCounts[k].clientTimedOut &+= 1
            }
        }
        freeSlot(slot)
    }

    /// The request in `slot` cannot go on (rejected, timed out, a child failed): it gives back
    /// everything it holds at its current instruction, then ends as its kind requires.
    mutating func fail(_ slot: Int32, _ outcome: Outcome) {
        let s = Int(slot)
        let pc = Int(slotPC[s])
        for held in program.heldSets[Int(program.heldAt[pc])].reversed() {
            release(slot, resource: resourceIndex(slot, held.base, held.register), depth: Int(held.depth), counted: false)
        }
        switch SlotKind(rawValue: slotKind[s])! {
        case .request:
            finish(slot, outcome)
        case .child:
            childFinished(slot, outcome)
        case .job:
            jobFailed(slot, outcome)
        }
    }

    /// The resource `base + regs[register]` for the request in `slot`.
    @inline(__always)
    func resourceIndex(_ slot: Int32, _ base: Int32, _ register: Int32) -> Int {
        register < 0 ? Int(base) : Int(base) + Int(registers[Int(slot) * registerCount + Int(register)])
    }

    // MARK: The interpreter

    /// Runs the request in `slot` until it blocks (waits for a server or a delay) or leaves,
    /// then runs any request that was handed a server on the way.
    mutating func advance(_ first: Int32) {
        var slot = first
        while true {
            step(slot)
            guard let next = drainableReady() else { return }
            slot = next
        }
    }

    /// The next request on the ready list that is still live (a kill can free a request after
    /// a release handed it a server).
    @inline(__always)
    mutating func drainableReady() -> Int32? {
        while let next = ready.popLast() {
            if slotKind[Int(next)] != Engine.freeKind { return next }
        }
        return nil
    }

    /// Runs every request that events outside the interpreter (kills, scaling) handed a server.
    mutating func runReady() {
        if let next = drainableReady() { advance(next) }
    }

    /// Interprets instructions of one request until it blocks or leaves.
    @inline(__always)
    mutating func step(_ slot: Int32) {
        let s = Int(slot)
        var pc = Int(slotPC[s])
        while true {
            let instruction = instructions[pc]
            switch instruction.op {
            case .acquire:
                slotPC[s] = Int32(pc)
                let resource = resourceIndex(slot, instruction.a, instruction.b)
                if !acquire(slot, resource: resource, depth: Int(instruction.c)) { return }
                pc += 1
            case .delay:
                let duration = draw(Int(instruction.a), stream: Int(instruction.b))
                slotPC[s] = Int32(pc + 1)
                calendar.schedule(after: duration, kind: Kind.wake, target: slot, tag: slotToken[s])
                return
            case .release:
                release(slot, resource: resourceIndex(slot, instruction.a, instruction.b), depth: Int(instruction.c),
                        counted: true)
                pc += 1
            case .branch:
                let u = routingStreams[Int(slotClass[s])].nextOpenUnit()
                var entry = Int(instruction.a)
                while u >= program.branches[entry].cumulative { entry += 1 }
                pc = Int(program.branches[entry].target)
            case .jump:
                pc = Int(instruction.a)
            case .done:
                finish(slot, .completed)
                return
            case .query:
                let duration = draw(Int(instruction.a), stream: Int(instruction.b))
                if measuring, duration > databases[Int(instruction.c)].slowQuery {
                    databases[Int(instruction.c)].slowQueries &+= 1
                }
                slotPC[s] = Int32(pc + 1)
                calendar.schedule(after: duration, kind: Kind.wake, target: slot, tag: slotToken[s])
                return
            case .pick:
                slotPC[s] = Int32(pc)
                let replica = pickReplica(slot, server: Int(instruction.a))
                guard replica >= 0 else {
                    // No replica in rotation, or the one chosen is down: the request fails at once.
                    fail(slot, .failed)
                    return
                }
                registers[s * registerCount + Int(instruction.b)] = replica
                pc += 1
            case .cacheGet:
                pc = cacheGet(slot, cache: Int(instruction.a)) ? pc + 1 : Int(instruction.b)
            case .cacheSet:
                cacheSet(slot, cache: Int(instruction.a))
                pc += 1
            case .invalidate:
                cacheInvalidate(slot, cache: Int(instruction.a))
                pc += 1
            case .route:
                slotPC[s] = Int32(pc)
                guard route(slot, database: Int(instruction.a), access: instruction.b) else {
                    fail(slot, .failed)
                    return
                }
                pc += 1
            case .replicate:
                replicate(slot, database: Int(instruction.a))
                pc += 1
            case .setNode:
                registers[s * registerCount + Int(Layout.nodeRegister)] = instruction.a
                pc += 1
            case .fork:
                slotPC[s] = Int32(pc + 1)
                fork(slot, table: Int(instruction.a), count: Int(instruction.b))
                return
            case .childDone:
                childFinished(slot, .completed)
                return
            case .enqueue:
                enqueue(slot, queue: Int(instruction.a))
                pc += 1
            case .jobEnd:
                slotPC[s] = Int32(pc)
                jobEnd(slot, queue: Int(instruction.a))
                return
            }
        }
    }

    /// A draw of program distribution `index` from stream `stream`, seconds.
    @inline(__always)
    mutating func draw(_ index: Int, stream: Int) -> Double {
        let fast = fastDistributions[index]
        switch fast.kind {
        case 0: return fast.value
        case 1: return fast.value * streams[stream].nextStandardExponential()
        default: return program.distributions[index].sample(&streams[stream])
        }
    }

    // MARK: Resources

    /// Takes a server of `resource` for `slot`: true when it got one now; false when it is
    /// queued, or rejected (then it has failed and left).
    @inline(__always)
    mutating func acquire(_ slot: Int32, resource st: Int, depth: Int) -> Bool {
        let now = calendar.now
        let d = Int(slot) * depthCount + depth
        stamps[d] = now
        let inStation = resources[st].busy + resources[st].waiting
        if inStation >= resources[st].capacity {
            if trace != nil { record(.reject, slot, component: layout.resourceNames[st]) }
            if measuring { resources[st].rejected &+= 1 }
            fail(slot, .rejected)
            return false
        }
        if measuring { resources[st].arrivals &+= 1 }
        if resources[st].busy < resources[st].servers {
            if trace != nil { record(.start, slot, component: layout.resourceNames[st]) }
            resources[st].busy += 1
            resources[st].busyStat.set(Double(resources[st].busy), at: now)
            starts[d] = now
            if measuring { resources[st].waits.record(0) }
            return true
        }
        if trace != nil { record(.queue, slot, component: layout.resourceNames[st]) }
        let token = slotToken[Int(slot)]
        resources[st].queue.push(UInt64(UInt32(bitPattern: slot)) << 32 | UInt64(token))
        resources[st].waiting += 1
        resources[st].queueStat.set(Double(resources[st].waiting), at: now)
        if resources[st].timeout < .infinity {
            calendar.schedule(after: resources[st].timeout, kind: Kind.timeout, target: slot, tag: token)
        }
        return false
    }

    /// Gives back `slot`'s server at `resource`; hands it to the first live waiter, if any.
    /// `counted`: a normal release (statistics); false when a failing request lets go.
    @inline(__always)
    mutating func release(_ slot: Int32, resource st: Int, depth: Int, counted: Bool) {
        let now = calendar.now
        if trace != nil { record(.release, slot, component: layout.resourceNames[st]) }
        if measuring && counted {
            let d = Int(slot) * depthCount + depth
            resources[st].completions &+= 1
            resources[st].responses.record(now - stamps[d])
            resources[st].services.record(now - starts[d])
        }
        // A server above a lowered count (scaled down) is retired rather than handed on.
        if resources[st].busy <= resources[st].servers && handToNextWaiter(resource: st) { return }
        resources[st].busy -= 1
        resources[st].busyStat.set(Double(resources[st].busy), at: now)
        // A retired server stops counting as capacity as it frees up (see `scale`).
        if resources[st].serversStat.value > Double(resources[st].servers) {
            resources[st].serversStat.set(Double(Swift.max(resources[st].busy, resources[st].servers)), at: now)
        }
    }

    /// Gives the server just freed at `st` (still counted busy) to the first live waiter, which
    /// goes on the ready list; false when nobody live waits.
    @inline(__always)
    mutating func handToNextWaiter(resource st: Int) -> Bool {
        let now = calendar.now
        while resources[st].waiting > 0 {
            let entry = resources[st].queue.removeFirst()
            let waiter = Int32(truncatingIfNeeded: entry >> 32)
            guard slotToken[Int(waiter)] == UInt32(truncatingIfNeeded: entry) else { continue }
            resources[st].waiting -= 1
            resources[st].queueStat.set(Double(resources[st].waiting), at: now)
            if trace != nil { record(.start, waiter, component: layout.resourceNames[st]) }
            let waiterPC = Int(slotPC[Int(waiter)])
            let d = Int(waiter) * depthCount + Int(instructions[waiterPC].c)
            starts[d] = now
            if measuring { resources[st].waits.record(now - stamps[d]) }
            // A new token makes the waiter's pending timeout stale.
            slotToken[Int(waiter)] &+= 1
            slotPC[Int(waiter)] += 1
            ready.append(waiter)
            return true
        }
        return false
    }

    /// A queued request's wait ran out: it leaves the queue with a timeout (or pool timeout).
    mutating func expire(_ slot: Int32, token: UInt32) {
        let s = Int(slot)
        guard slotToken[s] == token else { return }
        let instruction = program.instructions[Int(slotPC[s])]
        let st = resourceIndex(slot, instruction.a, instruction.b)
        if trace != nil { record(.timeout, slot, component: layout.resourceNames[st]) }
        resources[st].waiting -= 1
        resources[st].queueStat.set(Double(resources[st].waiting), at: calendar.now)
        if measuring { resources[st].timedOut &+= 1 }
        // Its queue entry goes stale when the slot's token changes.
        slotToken[s] &+= 1
        fail(slot, resources[st].timeoutIsPoolTimeout ? .poolTimeout : .timedOut)
        // Drop stale entries at the head so the queue does not hold them for long.
        while let head = resources[st].queue.first,
              slotToken[Int(Int32(truncatingIfNeeded: head >> 32))] != UInt32(truncatingIfNeeded: head) {
            _ = resources[st].queue.removeFirst()
        }
    }

    // MARK: Trace and warm-up

    /// Appends one line to the trace.
    mutating func record(_ event: TraceRecord.Kind, _ slot: Int32, component: String) {
        let line = TraceRecord(time: calendar.now, request: Int(slotSerial[Int(slot)]), event: event, component: component)
        trace?.append(line)
    }

    /// Warm-up is over: statistics start from here.
    mutating func endWarmup() {
        let now = calendar.now
        measuring = true
        for i in 0..<resources.count {
            // The window in progress keeps its pre-warm-up part: shift the marks by what the reset drops.
            busyMark[i] -= resources[i].busyStat.integral(at: now)
            queueMark[i] -= resources[i].queueStat.integral(at: now)
            serversMark[i] -= resources[i].serversStat.integral(at: now)
            resources[i].resetStatistics(at: now)
        }
        for i in 0..<caches.count { caches[i].resetStatistics() }
        for i in 0..<databases.count { databases[i].resetStatistics() }
        for i in 0..<jobQueues.count { jobQueues[i].resetStatistics() }
        for k in 0..<classCounts.count {
            classCounts[k] = RequestCounts()
            classLatency[k].reset()
        }
        // Requests in the system now finish (or fail) in the measured period: they count as
        // arrived at its start, so that arrived = completed + errors + in system per class.
        for slot in 0..<slotClass.count where slotKind[slot] == SlotKind.request.rawValue
            && slotFailure[slot] != Outcome.abandoned.rawValue {
            classCounts[Int(slotClass[slot])].arrived &+= 1
        }
        slowCompleted = 0
    }
}
