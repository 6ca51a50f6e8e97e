import HeadroomKernel

/// A station at run time is one resource of the engine's table. A FIFO station's `visit` uses the
/// engine's acquire and release as they are (plus, with a wake-up cost, a service that knows
/// whether the request found a server idle). A processor-sharing station keeps its requests in
/// a `SharingState` (virtual time, a heap of finish tags) beside its resource, whose statistics
/// it keeps as a FIFO station would: busy cores min(n, c), "queue" the requests beyond the cores.
extension Layout {
    /// A station's one resource.
    mutating func addStation(_ station: StationSpec, index: Int) {
        var resource = ResourceState(servers: station.servers, capacity: station.capacity, timeout: station.timeout)
        resource.wakeup = station.wakeup ?? 0
        resource.efficiency = station.discipline == .ps ? station.switchEfficiency : 1
        add(resource, index)
    }
}

extension Engine {
    /// The service of a FIFO station's visit with a wake-up cost: a draw of distribution `index`
    /// from `stream`, plus the station's wake-up when the request did not wait (it found a
    /// server idle). `depth` is its holding depth at the station, `resource` the station's.
    @inline(__always)
    mutating func serviceWithWakeup(_ slot: Int32, distribution index: Int, stream: Int, resource st: Int,
                                    depth: Int) -> Double {
        let d = Int(slot) * depthCount + depth
        let work = draw(index, stream: stream)
        return starts[d] == stamps[d] ? work + resources[st].wakeup : work
    }

    /// Brings the virtual time of processor-sharing station `st` up to now.
    @inline(__always)
    mutating func updateVirtualTime(_ st: Int, now: Double) {
        let n = sharing[st].count
        if n > 0 {
            sharing[st].virtualTime += sharingRate(st, present: n) * (now - sharing[st].updated)
        }
        sharing[st].updated = now
    }

    /// The rate at which each of `n` requests present is served, cores per request:
    /// 1 while n ≤ c, else c/n times the context-switch efficiency.
    @inline(__always)
    func sharingRate(_ st: Int, present n: Int) -> Double {
        let c = Int(resources[st].servers)
        return n <= c ? 1 : Double(c) * resources[st].efficiency / Double(n)
    }

    /// The request in `slot` joins processor-sharing station `st` with a draw of distribution
    /// `index` from `stream` as its work (plus the wake-up cost when a core is idle). False: it
    /// was rejected (the station full) and has failed.
    mutating func joinSharing(_ slot: Int32, resource st: Int, distribution index: Int, stream: Int) -> Bool {
        let now = calendar.now
        let n = sharing[st].count
        if Int32(clamping: n) >= resources[st].capacity {
            if trace != nil { record(.reject, slot, component: layout.resourceNames[st]) }
            if measuring { resources[st].rejected &+= 1 }
            fail(slot, .rejected)
            return false
        }
        updateVirtualTime(st, now: now)
        var work = draw(index, stream: stream)
        if n < Int(resources[st].servers) { work += resources[st].wakeup }
        if trace != nil { record(.start, slot, component: layout.resourceNames[st]) }
        sharing[st].push(SharingEntry(finish: sharing[st].virtualTime + work, arrival: now, slot: slot,
                                      token: slotToken[Int(slot)]))
        if measuring {
            resources[st].arrivals &+= 1
            resources[st].waits.record(0)
        }
        recordSharingPopulation(st, now: now)
        scheduleSharingDeparture(st, now: now)
        return true
    }

    /// The departure event of processor-sharing station `st` (stale unless `generation` is the
    /// station's): the request with the smallest finish tag leaves and goes on with its flow.
    mutating func sharingDeparture(resource st: Int, generation: UInt32) {
        guard sharing[st].generation == generation, sharing[st].count > 0 else { return }
        let now = calendar.now
        updateVirtualTime(st, now: now)
        let done = sharing[st].removeFirst()
        // Rounding may leave the virtual time a hair short of the tag it was due at.
        if sharing[st].virtualTime < done.finish { sharing[st].virtualTime = done.finish }
        if sharing[st].count == 0 { sharing[st].virtualTime = 0 }
        recordSharingPopulation(st, now: now)
        scheduleSharingDeparture(st, now: now)
        let s = Int(done.slot)
        // A request killed while it was served (its token changed) leaves no one to go on.
        guard slotToken[s] == done.token else { return }
        if trace != nil { record(.release, done.slot, component: layout.resourceNames[st]) }
        if measuring {
            resources[st].completions &+= 1
            resources[st].responses.record(now - done.arrival)
            resources[st].services.record(now - done.arrival)
        }
        slotPC[s] += 1
        advance(done.slot)
    }

    /// Busy cores min(n, c) and requests beyond the cores, for utilization and queue figures.
    @inline(__always)
    mutating func recordSharingPopulation(_ st: Int, now: Double) {
        let n = Int32(sharing[st].count)
        let c = resources[st].servers
        resources[st].busy = Swift.min(n, c)
        resources[st].busyStat.set(Double(Swift.min(n, c)), at: now)
        resources[st].waiting = Swift.max(0, n - c)
        resources[st].queueStat.set(Double(Swift.max(0, n - c)), at: now)
    }

    /// Schedules the next departure of station `st` (making any pending one stale).
    @inline(__always)
    mutating func scheduleSharingDeparture(_ st: Int, now: Double) {
        sharing[st].generation &+= 1
        let n = sharing[st].count
        guard n > 0 else { return }
        let remaining = Swift.max(0, sharing[st].first.finish - sharing[st].virtualTime)
        calendar.schedule(at: now + remaining / sharingRate(st, present: n), kind: Kind.sharingDeparture,
                          target: Int32(st), tag: sharing[st].generation)
    }
}
