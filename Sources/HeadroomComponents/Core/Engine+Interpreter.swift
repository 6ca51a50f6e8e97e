import HeadroomKernel

/// The interpreter: runs a request's instructions until it blocks or leaves. Each operation of
/// a component kind calls that kind's handler (an `Engine` method in its `<Kind>+Runtime.swift`),
/// statically dispatched.
extension Engine {
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
                countSlowQuery(duration, database: Int(instruction.c))
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
            case .limit:
                let hold = rateLimit(limiter: Int(instruction.a))
                if hold == 0 {
                    pc += 1
                } else if hold < 0 {
                    slotPC[s] = Int32(pc)
                    fail(slot, .rejected)
                    return
                } else {
                    slotPC[s] = Int32(pc + 1)
                    calendar.schedule(after: hold, kind: Kind.wake, target: slot, tag: slotToken[s])
                    return
                }
            case .share:
                slotPC[s] = Int32(pc)
                _ = joinSharing(slot, resource: Int(instruction.c), distribution: Int(instruction.a),
                                stream: Int(instruction.b))
                return
            case .serveWithWakeup:
                let duration = serviceWithWakeup(
                    slot, distribution: Int(instruction.a), stream: Int(instruction.b),
                    resource: resourceIndex(slot, instructions[pc - 1].a, instructions[pc - 1].b), depth: Int(instruction.c))
                slotPC[s] = Int32(pc + 1)
                calendar.schedule(after: duration, kind: Kind.wake, target: slot, tag: slotToken[s])
                return
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
}
