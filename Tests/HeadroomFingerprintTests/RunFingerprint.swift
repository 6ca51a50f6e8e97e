import HeadroomComponents
import HeadroomKernel

/// A run's fingerprint: a stable 64-bit digest of every figure a run result held when the
/// fingerprints were introduced, at full precision (shortest round-trip decimal of each
/// `Double`), series and histograms included.
///
/// The canonical text lists fields by name in a fixed order, so a new field added to the result
/// later does not change a fingerprint; any change of behaviour (a different random draw, a
/// different order of events, a different count) does. Names of components and resources are
/// part of it: they are output too.
enum RunFingerprint {
    /// The digest of `result`, 16 lowercase hex digits.
    static func digest(_ result: RunResult) -> String {
        StableHash.hexDigest(canonicalText(result))
    }

    /// One line a field, in a fixed order.
    static func canonicalText(_ r: RunResult) -> String {
        var out = Lines()
        out.add("model", r.model)
        out.add("seed", r.seed)
        out.add("status", r.status.rawValue)
        out.add("reason", r.statusReason ?? "-")
        out.add("simulated", r.simulatedSeconds)
        out.add("warmup", r.warmupSeconds)
        out.add("events", r.events)
        out.add("requests", r.requests)
        out.add("throughput", r.throughput)
        out.add("latency", r.latency)
        out.add("histogram", r.histogram)
        for c in r.classes {
            out.add("class", c.name)
            out.add("requests", c.requests)
            out.add("throughput", c.throughput)
            out.add("latency", c.latency)
            out.add("histogram", c.histogram)
        }
        for c in r.components {
            out.add("component", "\(c.name) \(c.kind.rawValue)")
            out.add("load", c.load)
            for key in c.metrics.keys.sorted() { out.add("metric \(key)", c.metrics[key]!) }
            // A component's only resource is its load, listed once (the load line).
            if c.resources.count > 1 {
                for resource in c.resources { out.add("resource", resource) }
            }
        }
        for p in r.series { out.add("series", "\(p.time) \(p.scope) \(p.metric) \(p.value)") }
        for a in r.alerts {
            out.add("alert", "\(a.name) \(a.scope) \(a.metric) \(a.threshold) \(a.firedAt) \(a.resolvedAt.map { "\($0)" } ?? "-") \(a.peak)")
        }
        if let v = r.recovery {
            out.add("recovery", "\(v.peakBacklog) \(v.secondsInViolation) \(v.firstViolation.map { "\($0)" } ?? "-") "
                + "\(v.sloHoldsAgainAt.map { "\($0)" } ?? "-") \(v.timeToRecover) \(v.violatedAtEnd) \(v.requestsLost)")
        }
        out.add("cost", r.cost)
        return out.text
    }

    /// A short headline for the fingerprint file, so a diff says what moved.
    static func headline(_ r: RunResult) -> String {
        "events=\(r.events) completed=\(r.requests.completed) errors=\(r.requests.errors) p99=\(r.latency.p99)"
    }
}

/// Accumulates `key value` lines.
private struct Lines {
    var text = ""

    mutating func add(_ key: String, _ value: some CustomStringConvertible) {
        text += key
        text += " "
        text += value.description
        text += "\n"
    }

    mutating func add(_ key: String, _ c: RequestCounts) {
        add(key, "\(c.arrived) \(c.completed) \(c.rejected) \(c.timedOut) \(c.poolTimedOut) \(c.clientTimedOut) "
            + "\(c.retries) \(c.failed) \(c.inSystem)")
    }

    mutating func add(_ key: String, _ l: LatencySummary) {
        add(key, "\(l.count) \(l.mean) \(l.p50) \(l.p90) \(l.p99) \(l.p999) \(l.max)")
    }

    mutating func add(_ key: String, _ h: [HistogramBucket]) {
        add(key, h.map { "\($0.seconds):\($0.count)" }.joined(separator: ","))
    }

    mutating func add(_ key: String, _ s: ResourceResult) {
        add(key, "\(s.name) \(s.servers) \(s.utilization) \(s.meanBusy) \(s.meanQueue) \(s.maxQueue) "
            + "\(s.meanInStation) \(s.arrivals) \(s.completions) \(s.rejected) \(s.timedOut) \(s.throughput) "
            + "\(s.meanWait) \(s.meanResponse)")
    }
}
