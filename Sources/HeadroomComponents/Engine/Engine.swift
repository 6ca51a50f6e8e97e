import DequeModule
import HeadroomKernel

/// The discrete-event engine: runs one `SimulationSpec` from time 0 to its duration.
///
/// Requests live in fixed slots (struct-of-arrays, reused through a free list) and carry only a
/// program counter, so the loop allocates nothing per event once the arrays have grown to the
/// largest population. Every wake-up event carries the slot's token; a request that moved on
/// (served, timed out) has a new token, which makes its old events recognisable as stale.
struct Engine: ~Copyable {
    /// Event kinds on the calendar.
    enum Kind {
        static let arrival: UInt32 = 0
        static let wake: UInt32 = 1
        static let timeout: UInt32 = 2
        static let warmupEnd: UInt32 = 3
    }

    /// How a request left the system.
    enum Outcome { case completed, rejected, timedOut, failed }

    let spec: SimulationSpec
    var calendar = EventCalendar()
    let program: Program
    var stations: Column<StationState>
    /// Per station: waiting requests as (slot << 32 | token); an entry whose token no longer
    /// matches its slot's is stale (the request timed out) and is skipped.
    var queues: [Deque<UInt64>]
    /// Per class: arrival stream, then routing stream.
    var arrivalStreams: Column<RandomStream>
    var routingStreams: Column<RandomStream>
    /// Per station: service stream.
    var serviceStreams: Column<RandomStream>
    /// Per class: the mean gap of Poisson arrivals (drawn inline, the common case), or NaN
    /// when the class has another interarrival distribution.
    let poissonGap: [Double]

    // Request slots, one column per field.
    var slotClass = Column<Int32>()
    var slotPC = Column<Int32>()
    var slotToken = Column<UInt32>()
    var slotArrival = Column<Double>()
    /// When the request entered the station it is at, seconds.
    var slotStamp = Column<Double>()
    var freeSlots = Column<Int32>()
    var inSystem = 0
    /// Requests handed a server by a release, waiting to run on.
    var ready = Column<Int32>()

    // Statistics.
    var classCounts: Column<RequestCounts>
    var classLatency: [LatencyHistogram]
    var measuring: Bool
    var unstableReason: String?

    /// When non-nil, every state change is appended here (tests of small scenarios).
    var trace: [TraceRecord]?
    /// Arrival number of the request in each slot (for the trace only).
    var slotSerial = Column<Int32>()
    var arrivalsSoFar: Int32 = 0

    init(spec: SimulationSpec) {
        self.spec = spec
        program = Program(classes: spec.classes)
        stations = Column(spec.stations.map(StationState.init(spec:)))
        queues = Array(repeating: Deque(), count: spec.stations.count)
        arrivalStreams = Column(spec.classes.map { RandomStream(seed: spec.seed, name: "arrivals/" + $0.name) })
        routingStreams = Column(spec.classes.map { RandomStream(seed: spec.seed, name: "routing/" + $0.name) })
        serviceStreams = Column(spec.stations.map { RandomStream(seed: spec.seed, name: "service/" + $0.name) })
        poissonGap = spec.classes.map {
            if case .exponential(let mean) = $0.interarrival { mean } else { .nan }
        }
        classCounts = Column(repeating: RequestCounts(), count: spec.classes.count)
        classLatency = Array(repeating: LatencyHistogram(), count: spec.classes.count)
        measuring = spec.warmup <= 0
    }

    /// Runs to the end time, or until the stability guard trips.
    mutating func run() {
        for k in spec.classes.indices {
            calendar.schedule(at: nextGap(k), kind: Kind.arrival, target: Int32(k))
        }
        if spec.warmup > 0 { calendar.schedule(at: spec.warmup, kind: Kind.warmupEnd) }
        let end = spec.duration
        while let event = calendar.next(until: end) {
            switch event.kind {
            case Kind.wake:
                if slotToken[Int(event.target)] == event.tag { advance(event.target) }
            case Kind.arrival:
                arrive(classIndex: Int(event.target))
                if unstableReason != nil { return }
            case Kind.timeout:
                expire(event.target, token: event.tag)
            default:
                endWarmup()
            }
        }
        calendar.advance(to: end)
    }

    // MARK: Arrivals and departures

    /// The time to class `k`'s next arrival, seconds.
    @inline(__always)
    mutating func nextGap(_ k: Int) -> Double {
        let mean = poissonGap[k]
        if mean == mean { return -mean * Double.log(arrivalStreams[k].nextOpenUnit()) }
        return spec.classes[k].interarrival.sample(&arrivalStreams[k])
    }

    mutating func arrive(classIndex k: Int) {
        calendar.schedule(after: nextGap(k), kind: Kind.arrival, target: Int32(k))
        let slot = allocateSlot(classIndex: k)
        if trace != nil { record(.arrive, slot, component: spec.classes[k].name) }
        if measuring { classCounts[k].arrived &+= 1 }
        inSystem += 1
        if inSystem > spec.maxInSystem {
            unstableReason = "more than \(spec.maxInSystem) requests in the system at t = \(calendar.now) s"
            return
        }
        advance(slot)
    }

    mutating func allocateSlot(classIndex k: Int) -> Int32 {
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            slotClass[Int(slot)] = Int32(k)
            slotPC[Int(slot)] = program.entry[k]
            slotArrival[Int(slot)] = calendar.now
            slotSerial[Int(slot)] = arrivalsSoFar
        } else {
            slot = Int32(slotClass.count)
            slotClass.append(Int32(k))
            slotPC.append(program.entry[k])
            slotToken.append(0)
            slotArrival.append(calendar.now)
            slotStamp.append(0)
            slotSerial.append(arrivalsSoFar)
        }
        arrivalsSoFar &+= 1
        return slot
    }

    /// The request leaves the system: counted by class and outcome, its slot freed.
    mutating func finish(_ slot: Int32, _ outcome: Outcome) {
        let s = Int(slot)
        let k = Int(slotClass[s])
        if trace != nil, outcome == .completed { record(.done, slot, component: spec.classes[k].name) }
        if measuring {
            switch outcome {
            case .completed:
                classCounts[k].completed &+= 1
                classLatency[k].record(calendar.now - slotArrival[s])
            case .rejected: classCounts[k].rejected &+= 1
            case .timedOut: classCounts[k].timedOut &+= 1
            case .failed: classCounts[k].failed &+= 1
            }
        }
        slotToken[s] &+= 1
        freeSlots.append(slot)
        inSystem -= 1
    }

    // MARK: The interpreter

    /// Runs the request in `slot` until it blocks (waits for a server or a delay) or leaves,
    /// then runs any request that a release on the way handed a server to.
    mutating func advance(_ first: Int32) {
        var slot = first
        while true {
            step(slot)
            guard let next = ready.popLast() else { return }
            slot = next
        }
    }

    /// Interprets instructions of one request until it blocks or leaves.
    @inline(__always)
    mutating func step(_ slot: Int32) {
        let s = Int(slot)
        var pc = Int(slotPC[s])
        while true {
            let instruction = program.instructions[pc]
            switch instruction.op {
            case .acquire:
                let st = Int(instruction.a)
                if !acquire(slot, station: st) {
                    slotPC[s] = Int32(pc)
                    return
                }
                pc += 1
            case .delay:
                let duration = program.distributions[Int(instruction.a)].sample(&serviceStreams[Int(instruction.b)])
                slotPC[s] = Int32(pc + 1)
                calendar.schedule(after: duration, kind: Kind.wake, target: slot, tag: slotToken[s])
                return
            case .release:
                release(slot, station: Int(instruction.a))
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
            }
        }
    }

    /// Takes a server of station `st` for `slot`: true when it got one now; false when it is
    /// queued or rejected (then it has left the system).
    @inline(__always)
    mutating func acquire(_ slot: Int32, station st: Int) -> Bool {
        let now = calendar.now
        slotStamp[Int(slot)] = now
        let inStation = stations[st].busy + stations[st].waiting
        if inStation >= stations[st].capacity {
            if trace != nil { record(.reject, slot, component: spec.stations[st].name) }
            if measuring { stations[st].rejected &+= 1 }
            finish(slot, .rejected)
            return false
        }
        if measuring { stations[st].arrivals &+= 1 }
        if stations[st].busy < stations[st].servers {
            if trace != nil { record(.start, slot, component: spec.stations[st].name) }
            stations[st].busy += 1
            stations[st].busyStat.set(Double(stations[st].busy), at: now)
            if measuring { stations[st].waits.record(0) }
            return true
        }
        if trace != nil { record(.queue, slot, component: spec.stations[st].name) }
        let token = slotToken[Int(slot)]
        queues[st].append(UInt64(UInt32(bitPattern: slot)) << 32 | UInt64(token))
        stations[st].waiting += 1
        stations[st].queueStat.set(Double(stations[st].waiting), at: now)
        if stations[st].timeout < .infinity {
            calendar.schedule(after: stations[st].timeout, kind: Kind.timeout, target: slot, tag: token)
        }
        return false
    }

    /// Gives back `slot`'s server at station `st`; hands it to the first live waiter, if any.
    @inline(__always)
    mutating func release(_ slot: Int32, station st: Int) {
        let now = calendar.now
        if trace != nil { record(.release, slot, component: spec.stations[st].name) }
        if measuring {
            stations[st].completions &+= 1
            stations[st].responses.record(now - slotStamp[Int(slot)])
        }
        while stations[st].waiting > 0 {
            let entry = queues[st].removeFirst()
            let waiter = Int32(truncatingIfNeeded: entry >> 32)
            guard slotToken[Int(waiter)] == UInt32(truncatingIfNeeded: entry) else { continue }
            stations[st].waiting -= 1
            stations[st].queueStat.set(Double(stations[st].waiting), at: now)
            if trace != nil { record(.start, waiter, component: spec.stations[st].name) }
            if measuring { stations[st].waits.record(now - slotStamp[Int(waiter)]) }
            // A new token makes the waiter's pending timeout stale.
            slotToken[Int(waiter)] &+= 1
            slotPC[Int(waiter)] += 1
            ready.append(waiter)
            return
        }
        stations[st].busy -= 1
        stations[st].busyStat.set(Double(stations[st].busy), at: now)
    }

    /// A queued request's wait ran out: it leaves the queue with a timeout error.
    mutating func expire(_ slot: Int32, token: UInt32) {
        let s = Int(slot)
        guard slotToken[s] == token else { return }
        let st = Int(program.instructions[Int(slotPC[s])].a)
        if trace != nil { record(.timeout, slot, component: spec.stations[st].name) }
        stations[st].waiting -= 1
        stations[st].queueStat.set(Double(stations[st].waiting), at: calendar.now)
        if measuring { stations[st].timedOut &+= 1 }
        // Leaves a stale entry in the queue: finish() changes the token.
        finish(slot, .timedOut)
        // Drop stale entries at the head so the queue does not hold them for long.
        while let head = queues[st].first,
              slotToken[Int(Int32(truncatingIfNeeded: head >> 32))] != UInt32(truncatingIfNeeded: head) {
            queues[st].removeFirst()
        }
    }

    /// Appends one line to the trace.
    mutating func record(_ event: TraceRecord.Kind, _ slot: Int32, component: String) {
        trace?.append(TraceRecord(
            time: calendar.now, request: Int(slotSerial[Int(slot)]), event: event, component: component))
    }

    /// Warm-up is over: statistics start from here.
    mutating func endWarmup() {
        let now = calendar.now
        measuring = true
        for i in 0..<stations.count { stations[i].resetStatistics(at: now) }
        for k in 0..<classCounts.count {
            classCounts[k] = RequestCounts()
            classLatency[k].reset()
        }
    }
}
