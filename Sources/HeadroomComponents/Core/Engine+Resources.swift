import HeadroomKernel

/// Resources: every station, thread pool, core set, connection pool, cache server, database node
/// and worker pool is c servers and a FIFO queue in the engine's `resources` table. Taking,
/// giving back, timing out of and killing requests on them.
extension Engine {
    /// The resource `base + regs[register]` for the request in `slot`.
    @inline(__always)
    func resourceIndex(_ slot: Int32, _ base: Int32, _ register: Int32) -> Int {
        register < 0 ? Int(base) : Int(base) + Int(registers[Int(slot) * registerCount + Int(register)])
    }

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
}
