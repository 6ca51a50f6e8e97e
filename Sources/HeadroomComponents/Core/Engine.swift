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
    var resources: Column<ResourceState>
    /// Per resource: the requests in service at a processor-sharing station (empty elsewhere).
    var sharing: Column<SharingState>

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

    // Component state, indexed by component: each kind's run-time state type and handlers are
    // in its folder (`<Kind>+Runtime.swift`), set up through `ComponentTables`.
    var balancers: Column<BalancerState>
    var weights: [Double]
    var caches: Column<CacheState>
    var databases: Column<DatabaseState>
    var jobQueues: Column<QueueState>
    var limiters: Column<RateLimiterState>
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
    /// Why the run ended before its duration with its verdict settled as met (see
    /// `checkSettled`); nil while it runs on.
    var settledReason: String?
    /// Measured completions slower than `slowThreshold` (the early stop's p99 bound, +∞ without).
    var slowCompleted: UInt64 = 0
    var slowThreshold = Double.infinity

    /// Events at one simulated instant beyond which the run stops as `unstable`: the clock has
    /// stopped advancing. A legitimate burst (a fan-out, timeouts of requests that arrived
    /// together) is far smaller: it is bounded by the requests in the system.
    static let maxEventsAtOneInstant = 1_000_000
    /// Events between two checks of the run's guards (the event cap, the clock advancing).
    static let guardInterval: UInt64 = 4096
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

    /// The trace being replayed (`spec.replay`), why it could not be opened, and when it ran out.
    var replayFeed: ReplayFeed?
    var replayError: String?
    var replayEndedAt: Double?

    init(spec: SimulationSpec) {
        self.spec = spec
        let layout = Layout(spec)
        self.layout = layout
        let program = Program(spec: spec, layout: layout)
        self.program = program
        fastDistributions = Column(program.fastDistributions)
        instructions = Column(program.instructions)
        resources = Column(layout.resources)
        sharing = Column(repeating: SharingState(), count: layout.resources.count)
        arrivalStreams = Column(spec.classes.map { RandomStream(seed: spec.seed, name: "arrivals/" + $0.name) })
        routingStreams = Column(spec.classes.map { RandomStream(seed: spec.seed, name: "routing/" + $0.name) })
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

        let tables = ComponentTables(
            spec: spec, layout: layout, streamNames: program.streamNames, keySpace: keySpace, tenantSpace: tenantSpace)
        let cacheCount = tables.cacheCount
        let databaseCount = tables.databaseCount
        balancers = Column(tables.balancers)
        weights = tables.weights
        caches = Column(tables.caches)
        databases = Column(tables.databases)
        jobQueues = Column(tables.jobQueues)
        limiters = Column(tables.limiters)
        cacheExpiry = Column(repeating: -.infinity, count: max(1, cacheCount * keySpace))
        cachePrev = Column(repeating: -1, count: max(1, cacheCount * keySpace))
        cacheNext = Column(repeating: -1, count: max(1, cacheCount * keySpace))
        visibleAt = Column(repeating: -.infinity, count: max(1, databaseCount * keySpace))
        keyShard = Column(tables.keyShard.isEmpty ? [0] : tables.keyShard)
        tenantShard = Column(tables.tenantShard.isEmpty ? [0] : tables.tenantShard)
        streams = Column(tables.streamNames.map { RandomStream(seed: spec.seed, name: $0) })
        registerCount = Int(layout.registerCount)
        depthCount = program.maxDepth
        classCounts = Column(repeating: RequestCounts(), count: spec.classes.count)
        classLatency = Array(repeating: LatencyHistogram(), count: spec.classes.count)
        measuring = spec.warmup <= 0
        slowThreshold = spec.stopWhenMissed?.p99 ?? spec.stopWhenSettled?.p99 ?? .infinity
        replicationLags = tables.replicationLags
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
        for (index, component) in spec.components.enumerated() {
            setUpFleet(of: component, index: index)
        }
    }

    deinit {
        for i in 0..<resources.count {
            resources[i].queue.deallocate()
            sharing[i].deallocate()
        }
    }

    /// Runs to the end time, or until the stability guard trips.
    mutating func run() {
        if spec.replay != nil {
            startReplay()
        } else {
            for k in spec.classes.indices {
                let first = nextArrival(k, after: 0)
                if first < .infinity { calendar.schedule(at: first, kind: Kind.arrival, target: Int32(k)) }
            }
        }
        if spec.warmup > 0 { calendar.schedule(at: spec.warmup, kind: Kind.warmupEnd) }
        calendar.schedule(at: Swift.min(spec.window, spec.duration), kind: Kind.window)
        for (i, event) in spec.timeline.enumerated() {
            calendar.schedule(at: event.time, kind: Kind.timeline, target: Int32(i))
        }
        startComponentsAndAutoscalers()
        let end = spec.duration
        let maxEvents = spec.maxEvents ?? .max
        // Guards checked every `Engine.guardInterval` events (one compare per event; the
        // checks themselves cost nothing measurable at that rate):
        // - the event cap (events plus thinning draws), checked exactly when it is near;
        // - the clock must advance: the same time at consecutive checks means every event between
        //   them happened at one instant, and more than `Engine.maxEventsAtOneInstant` of those
        //   mean that gaps fell below the clock's resolution (t + gap == t) and the run would
        //   never reach its end.
        var checkAt: UInt64 = 0
        var checked: UInt64 = 0
        var checkedTime = -Double.infinity
        var eventsAtInstant: UInt64 = 0
        while let event = calendar.next(until: end) {
            if calendar.processed >= checkAt {
                let done = calendar.processed &+ thinningDraws
                if done > maxEvents {
                    if unstableReason == nil { unstableReason = "stopped after \(maxEvents) events (the run's event cap)" }
                    break
                }
                if event.time == checkedTime {
                    eventsAtInstant &+= calendar.processed &- checked
                    if eventsAtInstant > UInt64(Engine.maxEventsAtOneInstant) {
                        if unstableReason == nil {
                            unstableReason = "simulated time stopped advancing at t = \(event.time) s: more than "
                                + "\(Engine.maxEventsAtOneInstant) events at one instant (gaps below the clock's resolution)"
                        }
                        break
                    }
                } else {
                    checkedTime = event.time
                    eventsAtInstant = 0
                }
                checked = calendar.processed
                checkAt = calendar.processed &+ Swift.min(Engine.guardInterval, maxEvents &- done &+ 1)
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
            if unstableReason != nil || settledReason != nil { break }
        }
        // An event at a NaN time never comes due (NaN ≤ end is false) and would end the run
        // early as if it were complete; validation keeps NaN out, this says so if it got in.
        if unstableReason == nil, let next = calendar.nextTime, next.isNaN {
            unstableReason = "an event was scheduled at a time that is not a number (t = \(calendar.now) s)"
        }
        if unstableReason == nil && settledReason == nil { calendar.advance(to: end) }
        // A last, partial window, so the series covers the whole run.
        if calendar.now > lastWindowEnd { closeWindow() }
    }

    /// Dispatches the timeline, health-check, drain, autoscaling and retry events.
    mutating func handleTimeEvent(_ event: Event) {
        switch event.kind {
        case Kind.clientTimeout:
            clientGaveUp(event.target, serial: event.tag)
        case Kind.retryStart:
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
        case Kind.replay:
            replayArrive()
        case Kind.sharingDeparture:
            sharingDeparture(resource: Int(event.target), generation: event.tag)
        default:
            preconditionFailure("unknown event kind \(event.kind)")
        }
        // Kills and new workers may have handed servers to waiting requests.
        runReady()
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
        for i in 0..<limiters.count { limiters[i].resetStatistics() }
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
