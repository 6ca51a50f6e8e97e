import HeadroomKernel

/// Run-time counters of a job queue component.
struct QueueState: BitwiseCopyable {
    var attempts: Int32 = 1
    var failure: Double = 0
    /// Random stream of failures and backoffs.
    var stream: Int32 = 0
    var enqueued: UInt64 = 0
    var completed: UInt64 = 0
    var rejected: UInt64 = 0
    var failedAttempts: UInt64 = 0
    var retries: UInt64 = 0
    var deadLetters: UInt64 = 0
    /// Time a job holds a worker per attempt, seconds.
    var processing = Tally()
    /// Enqueue to success or dead letter, retries included, seconds.
    var jobTime = Tally()

    mutating func resetStatistics() {
        enqueued = 0; completed = 0; rejected = 0; failedAttempts = 0; retries = 0; deadLetters = 0
        processing.reset(); jobTime.reset()
    }
}

extension ComponentTables {
    /// Queue `index`: attempts, failure probability and its stream of failures and backoffs.
    mutating func addQueue(_ component: ComponentSpec, _ queue: QueueSpec, index: Int) {
        jobQueues[index].attempts = Int32(queue.attempts)
        jobQueues[index].failure = queue.failure
        jobQueues[index].stream = stream("jobs/" + component.name)
    }
}

/// Job queues: enqueue, the end of an attempt, retries with backoff and dead letters.
extension Engine {
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

    // MARK: Workers

    /// Queue `q`'s workers start being integrated for cost.
    mutating func setUpWorkers(queue q: Int, _ queue: QueueSpec) {
        fleetStats[q].set(Double(queue.workers), at: 0)
    }

    /// Sets queue `q`'s workers to `count`; new workers take waiting jobs at once.
    mutating func scaleWorkers(queue q: Int, to count: Int) {
        let worker = Int(layout.base[q])
        resources[worker].servers = Int32(count)
        // Workers busy above the new count finish their jobs first: they stay capacity.
        resources[worker].serversStat.set(Double(Swift.max(count, Int(resources[worker].busy))), at: calendar.now)
        fleetStats[q].set(Double(count), at: calendar.now)
        while resources[worker].busy < resources[worker].servers && resources[worker].waiting > 0 {
            resources[worker].busy += 1
            guard handToNextWaiter(resource: worker) else {
                resources[worker].busy -= 1
                break
            }
            resources[worker].busyStat.set(Double(resources[worker].busy), at: calendar.now)
        }
    }

    /// Workers of queue `q` an autoscaler counts: running and ordered.
    func workerFleetSize(queue q: Int) -> Int { Int(resources[Int(layout.base[q])].servers + balancers[q].pending) }

    /// `count` workers an autoscaler ordered are ready.
    mutating func finishProvisioningWorkers(queue q: Int, count: Int) {
        balancers[q].pending -= Int32(count)
        scale(component: q, to: Int(resources[Int(layout.base[q])].servers) + count)
        fleetStats[q].set(Double(resources[Int(layout.base[q])].servers + balancers[q].pending), at: calendar.now)
    }
}

extension Layout {
    /// A queue's workers; its capacity bounds the jobs waiting.
    mutating func addQueue(_ queue: QueueSpec, index: Int) {
        add(ResourceState(servers: queue.workers, capacity: queue.capacity.map { queue.workers + $0 }, timeout: nil),
            index)
    }
}
