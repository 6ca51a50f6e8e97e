import HeadroomKernel

/// The SaaS building blocks on top of the resource machinery: replica choice, cache-aside,
/// database routing and replication, fan-out, and job queues.
extension Engine {
    // MARK: Cache-aside

    @inline(__always)
    func key(_ slot: Int32) -> Int { Int(registers[Int(slot) * registerCount + Int(Layout.keyRegister)]) }

    /// Looks the request's key up: true on a hit (the entry becomes most recently used); an
    /// expired entry is dropped and counts as a miss.
    mutating func cacheGet(_ slot: Int32, cache c: Int) -> Bool {
        let k = key(slot)
        let e = caches[c].offset + k
        let expiry = cacheExpiry[e]
        if expiry > calendar.now {
            if measuring { caches[c].hits &+= 1 }
            caches[c].windowHits &+= 1
            unlink(cache: c, key: k)
            linkFront(cache: c, key: k)
            return true
        }
        if expiry > -.infinity {
            if measuring { caches[c].expirations &+= 1 }
            remove(cache: c, key: k)
        }
        if measuring { caches[c].misses &+= 1 }
        caches[c].windowMisses &+= 1
        return false
    }

    /// Stores the request's key with expiry now + ttl; evicts the least recently used entry
    /// when over capacity.
    mutating func cacheSet(_ slot: Int32, cache c: Int) {
        let k = key(slot)
        let e = caches[c].offset + k
        if measuring { caches[c].sets &+= 1 }
        if cacheExpiry[e] > -.infinity {
            unlink(cache: c, key: k)
        } else {
            caches[c].count += 1
        }
        cacheExpiry[e] = calendar.now + caches[c].ttl
        linkFront(cache: c, key: k)
        if caches[c].count > caches[c].capacity {
            let victim = Int(caches[c].tail)
            remove(cache: c, key: victim)
            if measuring { caches[c].evictions &+= 1 }
        }
    }

    /// Removes the request's key, if present (invalidation on update).
    mutating func cacheInvalidate(_ slot: Int32, cache c: Int) {
        let k = key(slot)
        guard cacheExpiry[caches[c].offset + k] > -.infinity else { return }
        remove(cache: c, key: k)
        if measuring { caches[c].invalidations &+= 1 }
    }

    private mutating func remove(cache c: Int, key k: Int) {
        unlink(cache: c, key: k)
        cacheExpiry[caches[c].offset + k] = -.infinity
        caches[c].count -= 1
    }

    /// Takes `key` out of the LRU list (it must be in it). O(1).
    private mutating func unlink(cache c: Int, key k: Int) {
        let offset = caches[c].offset
        let prev = cachePrev[offset + k]
        let next = cacheNext[offset + k]
        if prev >= 0 { cacheNext[offset + Int(prev)] = next } else { caches[c].head = next }
        if next >= 0 { cachePrev[offset + Int(next)] = prev } else { caches[c].tail = prev }
        cachePrev[offset + k] = -1
        cacheNext[offset + k] = -1
    }

    /// Puts `key` at the most-recently-used end. O(1).
    private mutating func linkFront(cache c: Int, key k: Int) {
        let offset = caches[c].offset
        let head = caches[c].head
        cachePrev[offset + k] = -1
        cacheNext[offset + k] = head
        if head >= 0 { cachePrev[offset + Int(head)] = Int32(k) } else { caches[c].tail = Int32(k) }
        caches[c].head = Int32(k)
    }

    // MARK: Databases

    /// `route` access kinds (the instruction's `b`).
    static let replicaRead: Int32 = 0
    static let consistentRead: Int32 = 1
    static let write: Int32 = 2

    /// Chooses the node of database `db` for the request's key: its shard's primary for writes
    /// and consistent reads, else the shard's replicas in turn. A replica read of a key written
    /// less than the replication lag ago is counted as stale.
    /// Returns false, with nothing routed, when the access needs the primary and it is failing
    /// over.
    mutating func route(_ slot: Int32, database db: Int, access: Int32) -> Bool {
        let state = databases[db]
        if access != Engine.replicaRead && calendar.now < state.primaryDownUntil { return false }
        let s = Int(slot)
        let shard: Int32
        if state.shards == 1 {
            shard = 0
        } else if routesByTenant[Int(slotClass[s])] {
            shard = tenantShard[state.tenantOffset + Int(registers[s * registerCount + Int(Layout.tenantRegister)])]
        } else {
            shard = keyShard[state.keyOffset + key(slot)]
        }
        var node: Int32 = 0
        if access == Engine.consistentRead {
            if measuring { databases[db].reads &+= 1 }
        } else if access == Engine.replicaRead {
            if measuring { databases[db].reads &+= 1 }
            if state.replicas > 0 {
                node = 1 + Int32(state.nextReplica % UInt32(state.replicas))
                databases[db].nextReplica = state.nextReplica &+ 1
                if measuring {
                    databases[db].replicaReads &+= 1
                    if visibleAt[state.keyOffset + key(slot)] > calendar.now { databases[db].staleReads &+= 1 }
                }
            }
        }
        registers[s * registerCount + Int(Layout.nodeRegister)] = shard * (1 + state.replicas) + node
        return true
    }

    /// A write finished on the primary: replicas see it after a draw of the lag.
    mutating func replicate(_ slot: Int32, database db: Int) {
        if measuring { databases[db].writes &+= 1 }
        let lag = replicationLags[db].sample(&streams[Int(databases[db].lagStream)])
        let e = databases[db].keyOffset + key(slot)
        visibleAt[e] = max(visibleAt[e], calendar.now + lag)
    }

    // MARK: Fan-out

    /// Starts `count` children at the entries `forks[table...]`; the parent waits for all.
    mutating func fork(_ parent: Int32, table: Int, count: Int) {
        let p = Int(parent)
        slotPending[p] = Int32(count)
        for i in 0..<count {
            let child = allocateSlot(kind: .child, classIndex: Int(slotClass[p]), pc: program.forks[table + i])
            slotParent[Int(child)] = parent
            // A child remembers its parent's serial: a parent killed meanwhile (a crash) is gone.
            slotAttempt[Int(child)] = slotSerial[p]
            for r in 0..<registerCount {
                registers[Int(child) * registerCount + r] = registers[p * registerCount + r]
            }
            ready.append(child)
        }
    }

    /// A child ended: the parent goes on once all have, or fails if any child failed.
    mutating func childFinished(_ child: Int32, _ outcome: Outcome) {
        let parent = slotParent[Int(child)]
        let parentSerial = slotAttempt[Int(child)]
        freeSlot(child)
        let p = Int(parent)
        guard slotKind[p] != Engine.freeKind, slotSerial[p] == parentSerial else { return }
        if outcome != .completed && slotFailure[p] == 0 { slotFailure[p] = outcome.rawValue }
        slotPending[p] -= 1
        guard slotPending[p] == 0 else { return }
        if slotFailure[p] != 0 {
            // The parent waits after its fork, holding what it held there.
            fail(parent, Outcome(rawValue: slotFailure[p])!)
        } else {
            ready.append(parent)
        }
    }

    // MARK: Job queues

    /// Puts a job on `queue`; it starts at once if a worker is free. The enqueuing request does
    /// not wait for it.
    mutating func enqueue(_ slot: Int32, queue q: Int) {
        let job = allocateSlot(kind: .job, classIndex: Int(slotClass[Int(slot)]), pc: program.jobEntry[q]!)
        // A job has no parent: the field holds its queue.
        slotParent[Int(job)] = Int32(q)
        for r in 0..<registerCount {
            registers[Int(job) * registerCount + r] = registers[Int(slot) * registerCount + r]
        }
        if measuring { jobQueues[q].enqueued &+= 1 }
        ready.append(job)
    }

    /// A job attempt ran to its end: it fails with the queue's probability (then retries or
    /// dead-letters), else succeeds. Either way it gives its worker back.
    mutating func jobEnd(_ slot: Int32, queue q: Int) {
        let worker = Int(layout.base[q])
        let d = Int(slot) * depthCount
        if measuring { jobQueues[q].processing.record(calendar.now - starts[d]) }
        release(slot, resource: worker, depth: 0, counted: true)
        let failed = jobQueues[q].failure > 0 && streams[Int(jobQueues[q].stream)].nextOpenUnit() < jobQueues[q].failure
        if failed {
            jobFailed(slot, .failed)
        } else {
            if measuring {
                jobQueues[q].completed &+= 1
                jobQueues[q].jobTime.record(calendar.now - slotArrival[Int(slot)])
            }
            freeSlot(slot)
        }
    }

    /// A job attempt failed (its worker is already free): retry after backoff × 2^(attempt−1),
    /// or put it in the dead-letter queue after the last attempt. A job the full queue turned
    /// away is dropped and counted as rejected.
    mutating func jobFailed(_ slot: Int32, _ outcome: Outcome) {
        let s = Int(slot)
        let q = Int(slotParent[s])
        if outcome == .rejected {
            if measuring { jobQueues[q].rejected &+= 1 }
            freeSlot(slot)
            return
        }
        if measuring { jobQueues[q].failedAttempts &+= 1 }
        slotAttempt[s] += 1
        if slotAttempt[s] < jobQueues[q].attempts {
            if measuring { jobQueues[q].retries &+= 1 }
            guard case .queue(let queue) = spec.components[q].kind else { return }
            let base = queue.backoff.sample(&streams[Int(jobQueues[q].stream)])
            let backoff = base * Double(1 << min(Int(slotAttempt[s]) - 1, 30))
            slotPC[s] = program.jobEntry[q]!
            slotToken[s] &+= 1
            calendar.schedule(after: backoff, kind: Kind.wake, target: slot, tag: slotToken[s])
        } else {
            if measuring {
                jobQueues[q].deadLetters &+= 1
                jobQueues[q].jobTime.record(calendar.now - slotArrival[s])
            }
            freeSlot(slot)
        }
    }
}
