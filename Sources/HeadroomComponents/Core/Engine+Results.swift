import HeadroomKernel
import RealModule

extension Engine {
    /// The run's results, measured from the end of warm-up to the current time.
    func result() -> RunResult {
        let now = calendar.now
        let span = Swift.max(now - spec.warmup, 0)
        func perSecond(_ count: UInt64) -> Double { span > 0 ? Double(count) / span : 0 }

        var total = RequestCounts()
        var allLatency = LatencyHistogram()
        var inSystemByClass = Array(repeating: UInt64(0), count: spec.classes.count)
        for slot in 0..<slotClass.count where slotKind[slot] == SlotKind.request.rawValue
            && slotFailure[slot] != Outcome.abandoned.rawValue {
            inSystemByClass[Int(slotClass[slot])] += 1
        }
        var classes: [ClassResult] = []
        for (k, classSpec) in spec.classes.enumerated() {
            var counts = classCounts[k]
            // A run stopped before its warm-up ended measured nothing, in the system included.
            counts.inSystem = measuring ? inSystemByClass[k] : 0
            total += counts
            allLatency.add(classLatency[k])
            let fine = classLatency[k].fineBuckets
            var classResult = ClassResult(
                name: classSpec.name, requests: counts, throughput: perSecond(counts.completed),
                latency: classLatency[k].summary, histogram: LatencyHistogram.binned(fine))
            classResult.fineHistogram = fine
            classes.append(classResult)
        }
        let resourceResults = (0..<resources.count).map { resourceResult($0, now: now, perSecond: perSecond) }
        let components = spec.components.indices.map { componentResult($0, resourceResults) }
        var cost = 0.0
        let prices = spec.cost ?? CostSpec()
        for (c, component) in spec.components.enumerated() {
            // Replicas and workers integrated over the run; what has no fleet, for the whole run.
            let unit = component.kind.unitCostPerHour(prices)
            if unit != 0 { cost += fleetStats[c].integral(at: now) / 3600 * unit }
            let fixed = component.kind.fixedCostPerHour(prices)
            if fixed != 0 { cost += fixed * now / 3600 }
        }
        var alerts = alertEvents
        // Windows after the guard stopped the run never came: an alert still firing stays open.
        alerts.sort { $0.firedAt < $1.firedAt }
        let allFine = allLatency.fineBuckets
        var result = RunResult(
            model: spec.name, seed: spec.seed, status: unstableReason == nil ? .ok : .unstable,
            statusReason: unstableReason ?? settledReason, simulatedSeconds: now, warmupSeconds: spec.warmup,
            events: calendar.processed, requests: total, throughput: perSecond(total.completed),
            latency: allLatency.summary, classes: classes, components: components,
            histogram: LatencyHistogram.binned(allFine), series: series, alerts: alerts,
            recovery: spec.slo == nil ? nil : recovery.figures(peakBacklog: peakInSystem), cost: cost)
        (result.verdict, result.verdictReason) = result.judged(slo: spec.slo)
        result.fineHistogram = allFine
        result.replay = replaySummary()
        return result
    }

    /// The queueing figures of resource `index`.
    func resourceResult(_ index: Int, now: Double, perSecond: (UInt64) -> Double) -> ResourceResult {
        let r = resources[index]
        let meanBusy = r.busyStat.mean(at: now)
        let meanQueue = r.queueStat.mean(at: now)
        // Busy time over the capacity there was, both integrated over the measured period: the
        // final server count alone overstates utilization after a scale-down (13.5 × seen).
        let meanServers = r.serversStat.mean(at: now)
        return ResourceResult(
            name: layout.resourceNames[index], servers: Int(r.servers),
            utilization: meanServers > 0 ? meanBusy / meanServers : 0,
            meanBusy: meanBusy, meanQueue: meanQueue, maxQueue: Int(r.queueStat.maximum),
            meanInStation: meanBusy + meanQueue, arrivals: r.arrivals, completions: r.completions,
            rejected: r.rejected, timedOut: r.timedOut, throughput: perSecond(r.completions),
            meanWait: r.waits.mean, meanResponse: r.responses.mean, declaration: layout.declarations[index])
    }

    /// The results of component `index`: its resources, their headline sum (each kind may
    /// change it), and its kind's own metrics (`<Kind>+Metrics.swift`).
    func componentResult(_ index: Int, _ all: [ResourceResult]) -> ComponentResult {
        let component = spec.components[index]
        let mine = all.indices.filter { layout.resourceComponent[$0] == index }.map { all[$0] }
        var metrics: [String: Double] = [:]
        var load = ResourceResult.combined(component.name, mine)
        addMetrics(of: component, index: index, mine: mine, all: all, load: &load, metrics: &metrics)
        return ComponentResult(
            name: component.name, kind: component.kind.type, load: load, metrics: metrics, resources: mine)
    }
}

extension ResourceResult {
    /// Several resources seen as one: servers, busy, queues, counts and throughput add up;
    /// utilization is total busy over total capacity over time; waits and responses are averaged
    /// over requests; the max queue is the largest single one.
    public static func combined(_ name: String, _ parts: [ResourceResult]) -> ResourceResult {
        let servers = parts.reduce(0) { $0 + $1.servers }
        let busy = parts.reduce(0) { $0 + $1.meanBusy }
        // The mean capacity of each part (busy / utilization; its servers when idle), so that the
        // combined utilization is busy time over capacity over time as each part's is.
        let capacity = parts.reduce(0.0) { $0 + ($1.utilization > 0 ? $1.meanBusy / $1.utilization : Double($1.servers)) }
        let queue = parts.reduce(0) { $0 + $1.meanQueue }
        let completions = parts.reduce(UInt64(0)) { $0 + $1.completions }
        let waited = parts.reduce(UInt64(0)) { $0 + $1.completions }
        func weighted(_ value: (ResourceResult) -> Double) -> Double {
            waited > 0 ? parts.reduce(0) { $0 + value($1) * Double($1.completions) } / Double(waited) : 0
        }
        return ResourceResult(
            name: name, servers: servers, utilization: capacity > 0 ? busy / capacity : 0, meanBusy: busy,
            meanQueue: queue, maxQueue: parts.map(\.maxQueue).max() ?? 0, meanInStation: busy + queue,
            arrivals: parts.reduce(0) { $0 + $1.arrivals }, completions: completions,
            rejected: parts.reduce(0) { $0 + $1.rejected }, timedOut: parts.reduce(0) { $0 + $1.timedOut },
            throughput: parts.reduce(0) { $0 + $1.throughput }, meanWait: weighted(\.meanWait),
            meanResponse: weighted(\.meanResponse))
    }
}

extension LatencyHistogram {
    /// Mean, percentiles and maximum, seconds.
    var summary: LatencySummary {
        var summary = LatencySummary()
        summary.count = count
        summary.mean = mean
        summary.p50 = percentile(50)
        summary.p90 = percentile(90)
        summary.p99 = percentile(99)
        summary.p999 = percentile(99.9)
        summary.max = maximum
        return summary
    }

    /// The non-empty buckets as result records, merged into bins 1 % wide.
    ///
    /// The run's own percentiles (``summary``) come from the full histogram (0.1 %); the
    /// buckets kept in the result serve plots and pooling replications, for which 1 % is plenty,
    /// and are about 7 times fewer: a three-digit HDR histogram has ~4 000 non-empty buckets
    /// over three decades, which made the histogram most of a stored run's rows. Bin i holds
    /// values in (1.01^(i−1), 1.01^i] and is recorded at its upper edge, so, as with HDR's
    /// highest equivalent value, every value in a bucket is at most its `seconds`.
    static func binned(_ fine: [HistogramBucket]) -> [HistogramBucket] {
        var merged: [HistogramBucket] = []
        var currentBin = Int.min
        for bucket in fine {
            let bin = bucket.seconds > 0 ? Int((Double.log(bucket.seconds) / Self.binLog).rounded(.up)) : Int.min + 1
            if bin == currentBin, !merged.isEmpty {
                merged[merged.count - 1].count += bucket.count
            } else {
                let edge = bucket.seconds > 0 ? Double.exp(Double(bin) * Self.binLog) : 0
                merged.append(HistogramBucket(seconds: edge, count: bucket.count))
                currentBin = bin
            }
        }
        return merged
    }

    /// Every bucket at the histogram's own precision, for pooling replications exactly (and to
    /// bin with ``binned(_:)``: one walk over the histogram serves both).
    var fineBuckets: [HistogramBucket] {
        buckets().map { HistogramBucket(seconds: $0.seconds, count: $0.count) }
    }

    /// ln(1.01): bins of the stored histogram are 1 % wide.
    private static let binLog = Double.log(1.01)
}
