import Dispatch
import HeadroomComponents

/// Finds the highest load at which a model still meets its service level.
///
/// 1. **Light load.** Replication 0 runs at the start value, halved until no capacity is more
///    than 50 % busy; the utilization law turns those runs into per-request demands and the
///    operational bound (``SaturationForecast/Bound``). A second light run at 1.5× fits the
///    offset a path axis may have (another class's traffic); the traffic factor needs none.
/// 2. **Search, per replication.** Replication i uses seed S+i at every value, so its margin
///    (``ServiceLevel/margin(of:)``) is one smooth function of the value (common random
///    numbers). The bracket starts at [light value, bound], grows by 1.5× while the high end
///    still meets, and shrinks by Illinois regula falsi until narrower than ``Settings/tolerance``.
///    Each replication's crossing is one independent estimate.
/// 3. **Replications.** Batches of ``Settings/replications`` run until the 95 % interval's
///    half-width is within ``Settings/precision`` of the mean, or ``Settings/maxReplications``.
/// 4. **Bottleneck.** At each replication's last meeting value the capacities' utilizations are
///    averaged; the top three are reported. The search then runs again (fewer replications) with
///    the first one given ten times its servers: what saturates then is the next bottleneck.
///
/// Runs far past saturation are stopped early: when a p99 objective exists, the stability guard
/// (`maxInSystem`) is lowered to 50 × peak arrival rate × p99 bound. A run that meets its p99 has,
/// by Little's law, about rate × mean response ≤ rate × p99 requests inside, so 50 times that is
/// only reached when the backlog grows without bound; such a run misses the SLO anyway.
///
/// Replications run in parallel (`jobs` lanes); each one's search is sequential and depends only
/// on its seed, so the forecast is the same whatever `jobs` is.
public struct SaturationSearch: Sendable {
    public struct Settings: Sendable {
        /// Replications per batch (and for the next-bottleneck search, at most 3 of them).
        public var replications = 4
        /// Most replications in all.
        public var maxReplications = 20
        /// Target half-width of the 95 % interval relative to the mean (0.02: ±2 %).
        public var precision = 0.02
        /// A replication's bracket is narrow enough below this width relative to its low end.
        public var tolerance = 0.005
        /// Most runs one replication's search may use.
        public var maxProbesPerReplication = 24
        /// Whether to search again with the bottleneck relaxed.
        public var findNext = true
        /// Parallel lanes.
        public var jobs = 1
        /// Utilization below which a run counts as light load.
        public var lightUtilization = 0.5

        public init() {}
    }

    /// A run the search made, with what the store needs.
    public struct Run: Sendable {
        public var probe: SaturationForecast.Probe
        public var result: RunResult
        /// The specification the run simulated (load, relaxation and seed applied).
        public var spec: SimulationSpec
        /// Wall-clock seconds the run took (not part of the forecast: it varies).
        public var wallSeconds: Double
    }

    /// The forecast with every run it used, in a deterministic order.
    public struct Outcome: Sendable {
        public var forecast: SaturationForecast
        public var runs: [Run]
    }

    public let axis: SaturationAxis
    /// The value the search starts from (1 for the traffic factor; the model's own value).
    public let start: Double
    public let serviceLevel: ServiceLevel
    /// The model at an axis value, before its seed is set (seed S is the model's).
    public let makeSpec: @Sendable (Double) throws -> SimulationSpec
    public let settings: Settings

    public init(
        axis: SaturationAxis, start: Double, serviceLevel: ServiceLevel, settings: Settings = Settings(),
        makeSpec: @escaping @Sendable (Double) throws -> SimulationSpec
    ) {
        self.axis = axis
        self.start = start
        self.serviceLevel = serviceLevel
        self.settings = settings
        self.makeSpec = makeSpec
    }

    /// Runs the search. `progress` is told about every run as it finishes (from any thread).
    public func run(progress: (@Sendable (SaturationForecast.Probe) -> Void)? = nil) throws -> Outcome {
        precondition(!serviceLevel.isEmpty, "a saturation search needs an SLO")
        let base = try makeSpec(start)
        var runs: [Run] = []
        let main = try variant(relaxing: nil, role: .search, batches: true, progress: progress)
        runs += main.runs

        var next: SaturationForecast.NextBottleneck?
        if settings.findNext, main.status == .ok, let top = main.bottlenecks.first, let busiest = top.busiest {
            let relaxed = try variant(
                relaxing: busiest, role: .relaxed, batches: false, progress: progress)
            runs += relaxed.runs
            next = SaturationForecast.NextBottleneck(
                relaxed: top.resource, sizedBy: busiest.sizedBy, factor: Self.relaxation, status: relaxed.status,
                saturation: relaxed.interval?.mean, lower: relaxed.interval?.lower, upper: relaxed.interval?.upper,
                bottlenecks: relaxed.bottlenecks, bound: relaxed.bound, replications: relaxed.estimates.count)
        }

        let baseRate = base.offeredRate
        let saturation = main.interval?.mean
        let forecast = SaturationForecast(
            model: base.name, axis: axis, slo: .init(serviceLevel), seed: base.seed, status: main.status,
            saturation: saturation, lower: main.interval?.lower, upper: main.interval?.upper,
            saturationRate: try saturation.map { try rate(at: $0) },
            estimates: main.estimates, bottlenecks: main.bottlenecks, next: next, bound: main.bound,
            baseRate: baseRate, probes: runs.map(\.probe), replications: main.estimates.count,
            precision: settings.precision,
            achievedPrecision: main.interval.map { $0.count > 1 ? $0.relativeHalfWidth : .nan })
        return Outcome(forecast: forecast, runs: runs)
    }

    /// How many times its servers the relaxed bottleneck gets.
    public static let relaxation = 10

    // MARK: - One search (the model, or the model with its bottleneck relaxed)

    private struct Variant {
        var status: SaturationForecast.Status
        var estimates: [Double?]
        var interval: ConfidenceInterval?
        var bottlenecks: [SaturationForecast.Bottleneck]
        var bound: SaturationForecast.Bound?
        var runs: [Run]
    }

    private func variant(
        relaxing: ResourceDeclaration?, role: SaturationForecast.Probe.Role, batches: Bool,
        progress: (@Sendable (SaturationForecast.Probe) -> Void)?
    ) throws -> Variant {
        let prober = Prober(search: self, relaxing: relaxing, progress: progress)
        // 1. Light load, replication 0 (light runs are never stopped early: they run to their
        // end unless the stability guard trips).
        var runs: [Run] = []
        var light = start
        var lightRun = try prober.run(light, replication: 0, role: .light)
        runs.append(lightRun)
        // Halve until light (12 halvings: 1/4096 of the start): that run measures the demands.
        var halvings = 0
        func isLight(_ run: Run) -> Bool {
            run.result.status == .ok
                && (run.result.resourceLoads.map(\.utilization).max() ?? 0) <= settings.lightUtilization
        }
        while !isLight(lightRun), halvings < 12 {
            halvings += 1
            light /= 2
            lightRun = try prober.run(light, replication: 0, role: .light)
            runs.append(lightRun)
        }
        // Demands need enough completions at every working resource; lengthen the run if not.
        var demandRun = lightRun
        var length = 1.0
        while Self.fewestCompletions(demandRun.result) < Self.demandCompletions, length < Self.longestLightRun {
            length *= 4
            demandRun = try prober.run(light, replication: 0, role: .light, length: length)
            runs.append(demandRun)
        }
        let demandValue = light
        var lightRuns = [(light, demandRun.result)]
        if !axis.isLoadFactor {
            let second = try prober.run(light * 1.5, replication: 0, role: .light, length: length)
            runs.append(second)
            lightRuns.append((light * 1.5, second.result))
        }
        // While the light run still misses the SLO, up to 6 more halvings (a tight SLO may only
        // hold at a very light load): they give the search its low end, not the demands.
        var missHalvings = 0
        while !lightRun.probe.meets, missHalvings < 6 {
            missHalvings += 1
            light /= 2
            lightRun = try prober.run(light, replication: 0, role: .light)
            runs.append(lightRun)
        }
        var bound = try self.bound(lightRuns)
        bound?.lightCompletions = Self.fewestCompletions(demandRun.result)
        if let fewest = bound?.lightCompletions, fewest < Self.demandCompletions {
            bound?.note = "demands measured from \(fewest) completions at the least visited resource (the light run "
                + "at \(axis.format(demandValue)) was lengthened ×\(Int(length)), the most allowed): the bound is rough"
        }
        guard lightRun.probe.meets else {
            return Variant(status: .failsAtStart, estimates: [nil], interval: nil, bottlenecks: [], bound: bound,
                           runs: runs)
        }

        // 2–3. Searches, one per replication, in batches until precise enough.
        let high = bound.map { Swift.max($0.value, light * 1.01) } ?? light * 4
        var searches: [ReplicationSearch] = []
        let batch = batches ? settings.replications : Swift.min(settings.replications, 3)
        let limit = batches ? Swift.max(settings.maxReplications, batch) : batch
        repeat {
            let first = searches.count
            let count = Swift.min(batch, limit - first)
            let lightResult = lightRun
            let lightValue = light
            searches += parallel(count) { offset in
                let replication = first + offset
                return ReplicationSearch(
                    prober: prober, replication: replication, role: role, light: lightValue,
                    lightRun: replication == 0 ? lightResult : nil, high: high,
                    settings: settings)
            }
            if let failure = searches.lazy.compactMap(\.error).first { throw failure }
            let found = searches.compactMap(\.estimate)
            if found.count < searches.count { break }
            if found.count >= 2, ConfidenceInterval(found).relativeHalfWidth <= settings.precision { break }
        } while searches.count < limit

        for search in searches { runs += search.runs }
        // A bound below a load the search saw meet the SLO cannot be the throughput limit: say so.
        let highestMet = searches.compactMap { $0.lastMeeting?.probe.value }.max()
        if let value = bound?.value, let highestMet, value < highestMet {
            let below = "the bound is below \(axis.format(highestMet)), a load at which the search measured the SLO met: the "
                + "light-load demands overstate the work per request at higher load (caches warming, shares shifting)"
            let earlier = bound?.note
            bound?.note = earlier.map { $0 + "; " + below } ?? below
        }
        let estimates = searches.map(\.estimate)
        let found = estimates.compactMap { $0 }
        let status: SaturationForecast.Status =
            found.count == estimates.count ? .ok : searches.contains { $0.failsAtStart } ? .failsAtStart : .notReached
        let interval = status == .ok ? ConfidenceInterval(found) : nil

        // 4. Utilization at each replication's last meeting value, averaged (each group by its
        // busiest member; the groups are the same in every run of one model).
        let atSaturation = searches.compactMap(\.lastMeeting).map(\.result.resourceLoads)
        var bottlenecks: [SaturationForecast.Bottleneck] = []
        if let first = atSaturation.first {
            for (index, resource) in first.enumerated() {
                let mean = atSaturation.reduce(0) { $0 + $1[index].utilization } / Double(atSaturation.count)
                bottlenecks.append(.init(
                    resource: resource.name, component: resource.component, busiest: resource.busiest, utilization: mean))
            }
        }
        bottlenecks.sort { $0.utilization > $1.utilization }
        return Variant(
            status: status, estimates: estimates, interval: interval, bottlenecks: Array(bottlenecks.prefix(3)),
            bound: bound, runs: runs)
    }

    /// Completions the light run needs at every resource that did work, so that its service
    /// demand (busy time over completions) has a relative standard error near 3 % for
    /// exponential service (1/√1000), less for less variable service.
    static let demandCompletions: UInt64 = 1000
    /// The most a light run is lengthened (its measured part, ×4 at a time) to reach them.
    static let longestLightRun = 64.0

    /// The fewest completions at any resource that did any work in `result` (`UInt64.max` when
    /// none did).
    static func fewestCompletions(_ result: RunResult) -> UInt64 {
        result.components.flatMap(\.resources).filter { $0.meanBusy > 0 }.map(\.completions).min() ?? .max
    }

    /// The operational bound from light-load runs: per capacity, utilization is a + b·value.
    ///
    /// Each run's utilizations are scaled by the arrivals it was offered over those it drew
    /// (busy time per request, times the offered rate): a light run's Poisson count of arrivals
    /// is the largest part of its noise, and the offered rate at a value is known exactly.
    private func bound(_ light: [(Double, RunResult)]) throws -> SaturationForecast.Bound? {
        guard let (v1, r1) = light.first, r1.throughput > 0 else { return nil }
        func corrected(_ value: Double, _ result: RunResult) throws -> [Double] {
            let drawn = Double(result.requests.arrived - Swift.min(result.requests.retries, result.requests.arrived))
            let expected = try rate(at: value) * Swift.max(result.simulatedSeconds - result.warmupSeconds, 0)
            let factor = drawn > 0 && expected > 0 ? expected / drawn : 1
            return result.resourceLoads.map { $0.utilization * factor }
        }
        let loads1 = r1.resourceLoads
        let u1 = try corrected(v1, r1)
        let u2 = light.count > 1 ? try corrected(light[1].0, light[1].1) : nil
        var demands: [SaturationForecast.Demand] = []
        for (index, load) in loads1.enumerated() {
            let slope: Double
            let offset: Double
            if let u2, u2.count == u1.count {
                let v2 = light[1].0
                slope = (u2[index] - u1[index]) / (v2 - v1)
                offset = u1[index] - slope * v1
            } else {
                slope = u1[index] / v1
                offset = 0
            }
            let saturatesAt = slope > 1e-12 && offset < 1 ? (1 - offset) / slope : nil
            demands.append(.init(
                resource: load.name, servers: load.servers, demand: load.meanBusy / r1.throughput,
                lightUtilization: load.utilization, saturatesAt: saturatesAt))
        }
        guard let first = demands.filter({ $0.saturatesAt != nil }).min(by: { $0.saturatesAt! < $1.saturatesAt! }),
              let value = first.saturatesAt
        else { return nil }
        return SaturationForecast.Bound(
            value: value, rate: try rate(at: value), resource: first.resource, demands: demands,
            lightValues: light.map(\.0))
    }

    /// Arrivals per second of first attempts at an axis value.
    func rate(at value: Double) throws -> Double { try makeSpec(value).offeredRate }

    /// Runs `count` closures on up to `settings.jobs` threads; results in index order, so the
    /// outcome does not depend on which thread ran what.
    private func parallel<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        Parallel.map(count, jobs: settings.jobs, body)
    }
}
