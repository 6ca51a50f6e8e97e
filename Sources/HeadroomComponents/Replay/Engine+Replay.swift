import HeadroomKernel

/// Arrivals replayed from a trace (`SimulationSpec.replay`) instead of drawn: one calendar
/// event per recorded request, each scheduled when the one before it arrives, so the calendar
/// holds one replay event at a time and the trace is read as the run goes.
extension Engine {
    /// Opens the trace and schedules its first arrival. A trace that cannot be opened (it was
    /// moved since the model loaded) stops the run as unstable, saying why.
    ///
    /// Not inlined (nor is `replayArrive`): a replay starts once a run, and the run loop need
    /// not carry its code.
    @inline(never)
    mutating func startReplay() {
        guard let replay = spec.replay else { return }
        do {
            replayFeed = try ReplayFeed(spec: replay, seed: spec.seed)
        } catch {
            replayError = error.message
            unstableReason = error.message
            return
        }
        scheduleNextReplay()
    }

    /// Reads the next recorded request and puts its arrival on the calendar; past the run's
    /// end, reading stops (the rest of the file is never read).
    mutating func scheduleNextReplay() {
        guard let feed = replayFeed else { return }
        guard let time = feed.advance() else {
            replayEndedAt = calendar.now
            return
        }
        if time <= spec.duration { calendar.schedule(at: time, kind: Kind.replay) }
    }

    /// The recorded request read last arrives now, with its class, key, tenant and session.
    @inline(never)
    mutating func replayArrive() {
        guard let request = replayFeed?.current else { return }
        scheduleNextReplay()
        let k = Int(request.classIndex)
        let slot = allocateSlot(kind: .request, classIndex: k, pc: program.entry[k])
        let r = Int(slot) * registerCount
        registers[r + Int(Layout.keyRegister)] = request.key
        registers[r + Int(Layout.tenantRegister)] = request.tenant
        registers[r + Int(Layout.sessionRegister)] = request.session
        if trace != nil { record(.arrive, slot, component: spec.classes[k].name) }
        if measuring { classCounts[k].arrived &+= 1 }
        windowArrivals &+= 1
        if clientTimeout[k] < .infinity { startAttempt(slot, classIndex: k) }
        advance(slot)
    }

    /// What the replay did; nil for a run without one.
    func replaySummary() -> ReplaySummary? {
        guard let replay = spec.replay else { return nil }
        guard let feed = replayFeed else {
            return ReplaySummary(
                file: replay.file, requests: 0, badLines: 0, problems: [], reordered: 0, passes: 0, endedAt: nil,
                error: replayError)
        }
        return feed.summary(endedAt: replayEndedAt)
    }
}
