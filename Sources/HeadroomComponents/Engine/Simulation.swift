import HeadroomKernel

/// Runs simulations: the library's entry point for one run.
public enum Simulation {
    /// Runs `spec` to its duration (or until the stability guard stops it) and returns the
    /// result. Deterministic: the same spec gives the same result on every machine.
    public static func run(_ spec: SimulationSpec) -> RunResult {
        var engine = Engine(spec: spec)
        engine.run()
        return engine.result()
    }

    /// Runs `spec` and returns every state change in order, with the result. For tests of
    /// small scenarios (the trace grows with the run; use short runs).
    public static func trace(_ spec: SimulationSpec) -> (trace: [TraceRecord], result: RunResult) {
        var engine = Engine(spec: spec)
        engine.trace = []
        engine.run()
        return (engine.trace ?? [], engine.result())
    }
}

extension Engine {
    /// The run's results, measured from the end of warm-up to the current time.
    func result() -> RunResult {
        let now = calendar.now
        let span = Swift.max(now - spec.warmup, 0)
        func perSecond(_ count: UInt64) -> Double { span > 0 ? Double(count) / span : 0 }

        var total = RequestCounts()
        var allLatency = LatencyHistogram()
        var inSystemByClass = Array(repeating: UInt64(0), count: spec.classes.count)
        let free = Set(freeSlots.array)
        for slot in 0..<slotClass.count where !free.contains(Int32(slot)) {
            inSystemByClass[Int(slotClass[slot])] += 1
        }
        var classes: [ClassResult] = []
        for (k, classSpec) in spec.classes.enumerated() {
            var counts = classCounts[k]
            counts.inSystem = inSystemByClass[k]
            total.arrived += counts.arrived
            total.completed += counts.completed
            total.rejected += counts.rejected
            total.timedOut += counts.timedOut
            total.failed += counts.failed
            total.inSystem += counts.inSystem
            allLatency.add(classLatency[k])
            classes.append(ClassResult(
                name: classSpec.name, requests: counts, throughput: perSecond(counts.completed),
                latency: classLatency[k].summary, histogram: classLatency[k].histogramBuckets))
        }
        let components = spec.stations.indices.map { index in
            let station = stations[index]
            let meanBusy = station.busyStat.mean(at: now)
            let meanQueue = station.queueStat.mean(at: now)
            return ComponentResult(
                name: spec.stations[index].name, kind: "station", servers: Int(station.servers),
                utilization: meanBusy / Double(station.servers), meanBusy: meanBusy,
                meanQueue: meanQueue, maxQueue: Int(station.queueStat.maximum),
                meanInStation: meanBusy + meanQueue, arrivals: station.arrivals,
                completions: station.completions, rejected: station.rejected,
                timedOut: station.timedOut, throughput: perSecond(station.completions),
                meanWait: station.waits.mean, meanResponse: station.responses.mean)
        }
        return RunResult(
            model: spec.name, seed: spec.seed, status: unstableReason == nil ? .ok : .unstable,
            statusReason: unstableReason, simulatedSeconds: now, warmupSeconds: spec.warmup,
            events: calendar.processed, requests: total, throughput: perSecond(total.completed),
            latency: allLatency.summary, classes: classes, components: components,
            histogram: allLatency.histogramBuckets)
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

    /// The non-empty buckets as result records.
    var histogramBuckets: [HistogramBucket] {
        buckets().map { HistogramBucket(seconds: $0.seconds, count: $0.count) }
    }
}
