import HeadroomKernel

/// What happens to the system over time: timeline events, dispatched to the component kinds
/// they act on, and autoscalers.
extension Engine {
    // MARK: Timeline

    /// Performs one timeline action.
    mutating func perform(_ action: TimelineAction) {
        switch action {
        case .crash(let c, let r):
            crash(server: c, replica: r)
        case .recover(let c, let r):
            bringUp(server: c, replica: r)
        case .shutdown(let c, let r):
            drain(server: c, replica: r)
        case .rollingDeploy(let c, let restart):
            startRollingDeploy(server: c, restart: restart)
        case .resize(let c, let cores, let downtime):
            resize(server: c, cores: cores, downtime: downtime)
        case .flushCache(let c):
            flush(cache: c)
        case .setReplicationLag(let c, let lag):
            setReplicationLag(database: c, lag)
        case .failover(let c, let duration):
            failover(database: c, duration: duration)
        case .scale(let c, let count):
            scale(component: c, to: count)
        }
    }

    // MARK: Autoscaling

    /// Schedules the events components make of their own accord (a balancer's first health
    /// checks), then every autoscaler's first evaluation. Run once, before the event loop; kept
    /// out of line so start-up code does not grow `run`, whose loop is the hot path.
    @inline(never)
    mutating func startComponentsAndAutoscalers() {
        for component in spec.components { scheduleFirstEvents(of: component) }
        for (i, scaler) in spec.autoscalers.enumerated() {
            calendar.schedule(at: scaler.interval, kind: Kind.autoscale, target: Int32(i))
        }
    }

    /// Autoscaler `i` evaluates its metric over the last interval and sets a new target.
    mutating func autoscale(_ i: Int) {
        let scaler = spec.autoscalers[i]
        let c = scaler.component
        calendar.schedule(after: scaler.interval, kind: Kind.autoscale, target: Int32(i))
        guard let current = fleetSize(c) else { return }
        let value: Double
        switch scaler.metric {
        case .cpu:
            value = recentSeries(scope: spec.components[c].name, metric: "utilization", over: scaler.interval)
        case .queueDepth:
            // Jobs per worker, waiting or in work (AWS's "backlog per instance"). Sampled at one
            // instant and scaled in at once, a target above 1 makes the fleet swing; below 1 it
            // keeps spare workers (see docs/model-format.md).
            let worker = Int(layout.base[c])
            value = Double(resources[worker].waiting + resources[worker].busy) / Double(max(resources[worker].servers, 1))
        case .p99:
            value = recentSeries(scope: "", metric: "latency_p99", over: scaler.interval)
        }
        // Clamped to [min, max] while still a Double: a tiny target or a huge metric makes the
        // ratio overflow Int (or ∞), and NaN (no metric yet) keeps the fleet as it is.
        let wanted = (Double(current) * value / scaler.target).rounded(.up)
        let desired = wanted.isNaN ? current : Int(Swift.min(Swift.max(wanted, Double(scaler.min)), Double(scaler.max)))
        guard desired != current, calendar.now - balancers[c].lastScale >= scaler.cooldown else { return }
        balancers[c].lastScale = calendar.now
        if desired > current {
            let extra = desired - current
            balancers[c].pending += Int32(extra)
            // Paid from the order on (replicas and workers alike); serving after provisioning.
            fleetStats[c].set(fleetStats[c].value + Double(extra), at: calendar.now)
            calendar.schedule(after: scaler.provisioning, kind: Kind.provisioned, target: Int32(c), tag: UInt32(extra))
        } else {
            scale(component: c, to: desired)
        }
    }

    /// The mean of a series metric over the windows of the last `span` seconds; when no window
    /// ended in that span (an interval shorter than the window), the latest window's value; 0
    /// before the first window.
    func recentSeries(scope: String, metric: String, over span: Double) -> Double {
        var total = 0.0
        var n = 0
        var latest: Double?
        for point in series.reversed() where point.scope == scope && point.metric == metric {
            if latest == nil { latest = point.value }
            if point.time < calendar.now - span - 1e-9 { break }
            total += point.value
            n += 1
        }
        return n > 0 ? total / Double(n) : latest ?? 0
    }
}
