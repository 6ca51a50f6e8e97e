import HeadroomKernel

/// Clients that give up and retry: the feedback behind retry storms.
extension Engine {
    /// Most retry tokens a class's budget holds (a burst allowance).
    static let retryTokenCap = 10.0

    /// Starts the client's clock on the attempt in `slot`; a first attempt also pays into the
    /// retry budget.
    mutating func startAttempt(_ slot: Int32, classIndex k: Int) {
        let s = Int(slot)
        if slotAttempt[s] == 0, let budget = spec.classes[k].client?.budget {
            retryTokens[k] = Swift.min(retryTokens[k] + budget, Engine.retryTokenCap)
        }
        calendar.schedule(after: clientTimeout[k], kind: Kind.clientTimeout, target: slot,
                          tag: UInt32(bitPattern: slotSerial[s]))
    }

    /// The client stopped waiting for the attempt in `slot`. The server does not know: the
    /// request runs on (and still takes its share of every resource) but counts for nothing.
    /// The client retries after its backoff while attempts and budget remain.
    mutating func clientGaveUp(_ slot: Int32, serial: UInt32) {
        let s = Int(slot)
        guard slotKind[s] == SlotKind.request.rawValue, UInt32(bitPattern: slotSerial[s]) == serial,
              slotFailure[s] != Outcome.abandoned.rawValue
        else { return }
        let k = Int(slotClass[s])
        slotFailure[s] = Outcome.abandoned.rawValue
        windowErrors &+= 1
        if measuring { classCounts[k].clientTimedOut &+= 1 }
        guard let client = spec.classes[k].client, Int(slotAttempt[s]) + 1 < client.attempts else { return }
        if client.budget != nil {
            guard retryTokens[k] >= 1 else { return }
            retryTokens[k] -= 1
        }
        let attempt = slotAttempt[s] + 1
        let spread = client.jitter > 0 ? 1 + client.jitter * (2 * clientStreams[k].nextOpenUnit() - 1) : 1
        let backoff = client.backoff * Double(1 << Swift.min(Int(attempt) - 1, 30)) * spread
        let retry = allocateSlot(kind: .request, classIndex: k, pc: program.entry[k])
        // Counted as it is created: from here the retry is in the system (waiting out its
        // backoff), so arrived = completed + errors + in system holds at every instant.
        if measuring {
            classCounts[k].arrived &+= 1
            classCounts[k].retries &+= 1
        }
        let r = Int(retry)
        slotAttempt[r] = attempt
        for i in 0..<3 { registers[r * registerCount + i] = registers[s * registerCount + i] }
        calendar.schedule(after: backoff, kind: Kind.retryStart, target: retry, tag: slotToken[r])
    }

    /// A retry's backoff is over: it arrives like a new request.
    mutating func startRetry(_ slot: Int32) {
        let s = Int(slot)
        let k = Int(slotClass[s])
        slotArrival[s] = calendar.now
        windowArrivals &+= 1
        windowRetries &+= 1
        if trace != nil { record(.arrive, slot, component: spec.classes[k].name) }
        startAttempt(slot, classIndex: k)
        advance(slot)
    }
}
