import HeadroomComponents

extension RunResult {
    /// One result that stands for several replications of the same model.
    ///
    /// Counts and events add up (retries and client timeouts too, so the pooled amplification
    /// is attempts over first attempts across all replications); latency is pooled over every
    /// request (exact mean from the sums, percentiles from the merged histogram: the full HDR
    /// histograms when every replication holds one, as results fresh from the engine do, so the
    /// percentiles are exactly those of one histogram of all their requests; else the stored
    /// 1 % bins, whose percentiles read up to 1 % high); throughput,
    /// utilization, cost and other per-run figures are the mean over replications; maxima are
    /// the largest seen. The status is `unstable` if any replication was.
    ///
    /// The time series, the alerts and the recovery figures are the first replication's: they
    /// describe one run's course over time, which does not average into a meaningful run.
    public static func pooled(_ results: [RunResult]) -> RunResult {
        precondition(!results.isEmpty, "pooling needs at least one result")
        if results.count == 1 { return results[0] }
        let first = results[0]
        let n = Double(results.count)
        let unstable = results.first { $0.status == .unstable }
        let classes = first.classes.indices.map { k in
            let each = results.map { $0.classes[k] }
            let histogram = mergeBuckets(each.map(\.histogram))
            let fine = each.allSatisfy { !$0.fineHistogram.isEmpty } ? mergeBuckets(each.map(\.fineHistogram)) : []
            var pooled = ClassResult(
                name: first.classes[k].name, requests: sum(each.map(\.requests)),
                throughput: each.reduce(0) { $0 + $1.throughput } / n,
                latency: pooledLatency(each.map(\.latency), fine.isEmpty ? histogram : fine), histogram: histogram)
            pooled.fineHistogram = fine
            return pooled
        }
        let components = first.components.indices.map { c in
            let each = results.map { $0.components[c] }
            let resources = each[0].resources.indices.map { r in pooledResource(each.map { $0.resources[r] }) }
            var metrics: [String: Double] = [:]
            for key in each[0].metrics.keys {
                metrics[key] = each.reduce(0) { $0 + ($1.metrics[key] ?? 0) } / n
            }
            return ComponentResult(
                name: each[0].name, kind: each[0].kind, load: pooledResource(each.map(\.load)), metrics: metrics,
                resources: resources)
        }
        let histogram = mergeBuckets(results.map(\.histogram))
        let fine = results.allSatisfy { !$0.fineHistogram.isEmpty } ? mergeBuckets(results.map(\.fineHistogram)) : []
        // The worst replication's verdict stands for the group.
        let worst = results.max { ($0.verdict ?? .ok) < ($1.verdict ?? .ok) }
        var pooled = RunResult(
            model: first.model, seed: first.seed, status: unstable == nil ? .ok : .unstable,
            statusReason: unstable?.statusReason,
            simulatedSeconds: results.reduce(0) { $0 + $1.simulatedSeconds } / n,
            warmupSeconds: first.warmupSeconds, events: results.reduce(0) { $0 + $1.events },
            requests: sum(results.map(\.requests)), throughput: results.reduce(0) { $0 + $1.throughput } / n,
            latency: pooledLatency(results.map(\.latency), fine.isEmpty ? histogram : fine), classes: classes,
            components: components, histogram: histogram, series: first.series, alerts: first.alerts,
            recovery: first.recovery, cost: results.reduce(0) { $0 + $1.cost } / n,
            verdict: worst?.verdict, verdictReason: worst?.verdictReason)
        pooled.fineHistogram = fine
        return pooled
    }

    /// One resource over replications: counts add up, time averages and rates are averaged,
    /// the max queue is the largest seen.
    private static func pooledResource(_ each: [ResourceResult]) -> ResourceResult {
        let n = Double(each.count)
        func mean(_ value: (ResourceResult) -> Double) -> Double { each.reduce(0) { $0 + value($1) } / n }
        func total(_ value: (ResourceResult) -> UInt64) -> UInt64 { each.reduce(0) { $0 + value($1) } }
        let utilization = mean(\.utilization)
        let meanBusy = mean(\.meanBusy)
        let meanQueue = mean(\.meanQueue)
        let meanInStation = mean(\.meanInStation)
        let throughput = mean(\.throughput)
        let meanWait = mean(\.meanWait)
        let meanResponse = mean(\.meanResponse)
        return ResourceResult(
            name: each[0].name, servers: each[0].servers, utilization: utilization, meanBusy: meanBusy,
            meanQueue: meanQueue, maxQueue: each.map(\.maxQueue).max() ?? 0, meanInStation: meanInStation,
            arrivals: total(\.arrivals), completions: total(\.completions), rejected: total(\.rejected),
            timedOut: total(\.timedOut), throughput: throughput, meanWait: meanWait, meanResponse: meanResponse,
            declaration: each[0].declaration)
    }

    private static func sum(_ counts: [RequestCounts]) -> RequestCounts {
        counts.reduce(into: RequestCounts()) { $0 += $1 }
    }

    /// Adds histograms bucket by bucket (every run uses the same bucket layout).
    static func mergeBuckets(_ histograms: [[HistogramBucket]]) -> [HistogramBucket] {
        var counts: [Double: UInt64] = [:]
        for histogram in histograms {
            for bucket in histogram { counts[bucket.seconds, default: 0] += bucket.count }
        }
        return counts.keys.sorted().map { HistogramBucket(seconds: $0, count: counts[$0]!) }
    }

    /// The value below which `percent` % of the histogram's observations fall (the first
    /// bucket whose cumulative count reaches that share, as the HDR histogram answers).
    public static func percentile(_ percent: Double, of buckets: [HistogramBucket]) -> Double {
        let total = buckets.reduce(UInt64(0)) { $0 + $1.count }
        guard total > 0 else { return 0 }
        let wanted = Swift.max(UInt64((percent / 100 * Double(total)).rounded(.up)), 1)
        var seen: UInt64 = 0
        for bucket in buckets {
            seen += bucket.count
            if seen >= wanted { return bucket.seconds }
        }
        return buckets.last!.seconds
    }

    private static func pooledLatency(_ each: [LatencySummary], _ histogram: [HistogramBucket]) -> LatencySummary {
        var pooled = LatencySummary()
        pooled.count = each.reduce(0) { $0 + $1.count }
        let sum = each.reduce(0.0) { $0 + $1.mean * Double($1.count) }
        pooled.mean = pooled.count > 0 ? sum / Double(pooled.count) : 0
        pooled.p50 = percentile(50, of: histogram)
        pooled.p90 = percentile(90, of: histogram)
        pooled.p99 = percentile(99, of: histogram)
        pooled.p999 = percentile(99.9, of: histogram)
        pooled.max = each.map(\.max).max() ?? 0
        return pooled
    }
}
