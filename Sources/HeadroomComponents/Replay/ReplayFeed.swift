/// Turns a trace's requests into the run's arrivals: the window, the speed-up and the loop.
///
/// Run time 0 is the start of the second of the trace's first request plus `from`; a request
/// at trace offset `t` arrives at `passStart + (t − from) / speed`. A pass ends at the end of the
/// file or at `to`; with `loop`, the next pass starts one period later: `to − from` when `to` is
/// given, otherwise up to the end of the second of the last request replayed
/// (`⌊last − from⌋ + 1` seconds), so a trace of whole minutes loops with its own rate.
final class ReplayFeed {
    let source: TraceSource
    let spec: ReplaySpec
    /// Trace time of run time 0 before `from`: the start of the first request's second.
    private var origin = Double.nan
    /// Run time at which the current pass starts, seconds.
    private var passStart = 0.0
    private var passRequests = 0
    /// Latest offset (trace seconds after `origin`) replayed in the current pass.
    private var lastOffset = 0.0
    /// Passes started (1 for the first).
    private(set) var passes = 1
    /// Requests handed to the run.
    private(set) var replayed: UInt64 = 0
    /// The request `advance()` returned last.
    private(set) var current: RecordedRequest?

    init(spec: ReplaySpec, seed: UInt64) throws(TraceFileError) {
        self.spec = spec
        source = try TraceSource(spec: spec, seed: seed)
    }

    /// Moves to the next arrival and returns its run time, seconds; nil when the trace is over
    /// (its end, or `to`, without `loop`).
    func advance() -> Double? {
        while true {
            guard let request = source.next() else {
                if startNextPass() { continue }
                current = nil
                return nil
            }
            if origin.isNaN { origin = (request.time).rounded(.down) }
            let offset = request.time - origin
            if offset < spec.from { continue }
            if let to = spec.to, offset >= to {
                if startNextPass() { continue }
                current = nil
                return nil
            }
            passRequests += 1
            if offset > lastOffset { lastOffset = offset }
            replayed &+= 1
            current = request
            return passStart + (offset - spec.from) / spec.speed
        }
    }

    /// Starts the trace again, when it loops and the pass just over replayed something.
    private func startNextPass() -> Bool {
        guard spec.loop, passRequests > 0 else { return false }
        let period = spec.to.map { $0 - spec.from } ?? ((lastOffset - spec.from).rounded(.down) + 1)
        passStart += period / spec.speed
        passRequests = 0
        lastOffset = 0
        passes += 1
        source.rewind()
        return true
    }

    /// What the replay did, for the run's result; `endedAt` is the run time at which the trace
    /// ran out, if it did.
    func summary(endedAt: Double?) -> ReplaySummary {
        ReplaySummary(
            file: spec.file, requests: replayed, badLines: source.badLines, problems: source.problems,
            reordered: source.reordered, passes: passes, endedAt: endedAt)
    }
}
