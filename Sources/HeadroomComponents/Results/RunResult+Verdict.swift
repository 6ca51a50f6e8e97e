extension RunResult {
    /// The run's ``Verdict`` and why, judged from its status, its run-wide `in_system` series
    /// and its figures against `slo`.
    public func judged(slo: ServiceLevel?) -> (Verdict, String?) {
        if status == .unstable { return (.unstable, statusReason ?? "the stability guard stopped the run") }
        if let growth = backlogGrowth() { return (.unstable, growth) }
        if let slo {
            var broken: [String] = []
            if let bound = slo.p99, latency.count > 0, latency.p99 > bound {
                broken.append("p99 \(Self.seconds(latency.p99)) > \(Self.seconds(bound))")
            }
            let finished = Double(requests.completed + requests.errors)
            let errorRate = finished > 0 ? Double(requests.errors) / finished : 0
            if let bound = slo.errorRate, errorRate > bound {
                broken.append("errors \(Self.percent(errorRate)) > \(Self.percent(bound))")
            }
            if latency.count == 0, slo.p99 != nil, requests.arrived > 0 { broken.append("no request completed") }
            if !broken.isEmpty { return (.sloMissed, broken.joined(separator: ", ")) }
        }
        return (.ok, nil)
    }

    /// A backlog that grew without bound: the run-wide one (`queue` nil: requests in the system)
    /// or a job queue's depth, judged against the throughput it grew against.
    private struct GrowingBacklog {
        var queue: String?
        var middle: SeriesPoint
        var last: SeriesPoint
        var perSecond: Double
        var throughput: Double
        /// Its growth as a share of that throughput (1 without throughput).
        var share: Double { throughput > 0 ? perSecond / throughput : 1 }
    }

    /// Every backlog that grew through the measured part of the run by ``growth(scope:metric:throughput:)``'s
    /// rule: the run-wide one first, then each job queue's against the queue's own throughput.
    /// Jobs are not requests in the system (the request that enqueued one has finished), so a
    /// queue whose workers cannot keep up leaves `in_system` flat while its backlog grows.
    private var growingBacklogs: [GrowingBacklog] {
        var found: [GrowingBacklog] = []
        if let (middle, last, perSecond) = growth(scope: "", metric: "in_system", throughput: throughput) {
            found.append(GrowingBacklog(queue: nil, middle: middle, last: last, perSecond: perSecond, throughput: throughput))
        }
        for component in components where component.kind == .queue {
            if let (middle, last, perSecond) = growth(scope: component.name, metric: "depth", throughput: component.throughput) {
                found.append(GrowingBacklog(queue: component.name, middle: middle, last: last, perSecond: perSecond,
                                            throughput: component.throughput))
            }
        }
        return found
    }

    /// Words for the first backlog that grew without bound (see ``Verdict``), nil when none did
    /// or the run has no series past its warm-up.
    private func backlogGrowth() -> String? {
        guard let b = growingBacklogs.first else { return nil }
        guard let queue = b.queue else {
            return "the backlog kept growing: \(Int(b.middle.value)) requests in the system at t = \(Self.seconds(b.middle.time)), "
                + "\(Int(b.last.value)) at the end (\(Self.rounded(b.perSecond)) more a second, "
                + "\(Self.percent(b.share)) of the throughput)"
        }
        return "the jobs waiting on queue '\(queue)' kept growing: \(Int(b.middle.value)) at t = "
            + "\(Self.seconds(b.middle.time)), \(Int(b.last.value)) at the end (\(Self.rounded(b.perSecond)) more a second, "
            + "\(Self.percent(b.share)) of its throughput)"
    }

    /// How fast the backlog grew, as a share of the throughput it grew against (the largest of
    /// the run-wide backlog's and every job queue's, at most 1), when one grew without bound;
    /// nil when none did. Load searches count such a run as a miss by this much: its requests may
    /// still be fast, but the work piling up is never done.
    public var backlogGrowthShare: Double? {
        growingBacklogs.map { Swift.min($0.share, 1) }.max()
    }

    /// The middle and last points of series `scope.metric` past the warm-up and its growth per
    /// second between them, when it grew without bound: to at least 100, by at least a quarter,
    /// and by at least ``pilingUp`` of `throughput` a second; nil otherwise or with fewer than
    /// four points.
    private func growth(scope: String, metric: String, throughput: Double)
        -> (middle: SeriesPoint, last: SeriesPoint, perSecond: Double)? {
        let points = series.filter { $0.scope == scope && $0.metric == metric && $0.time > warmupSeconds }
        guard points.count >= 4, let last = points.last else { return nil }
        let middle = points[points.count / 2 - 1]
        let grown = last.value - middle.value
        let perSecond = last.time > middle.time ? grown / (last.time - middle.time) : 0
        guard last.value >= 100, last.value >= 1.25 * middle.value, perSecond >= Self.pilingUp * throughput else {
            return nil
        }
        return (middle, last, perSecond)
    }

    /// The share of the throughput that must keep piling up over the second half of the run for
    /// its backlog to count as growing without bound (a steady run's backlog only wanders).
    static let pilingUp = 0.005

    private static func seconds(_ value: Double) -> String {
        if !value.isFinite { return "forever" }
        return value >= 1 ? rounded(value) + " s" : rounded(value * 1000) + " ms"
    }

    private static func percent(_ value: Double) -> String { rounded(value * 100) + " %" }

    /// At most three decimals, without trailing zeros.
    private static func rounded(_ value: Double) -> String {
        var text = "\((value * 1000).rounded() / 1000)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}
