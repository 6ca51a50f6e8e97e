import HeadroomKernel

/// Traffic that changes over time, the time series, alerts and recovery figures.
extension Engine {
    // MARK: Arrivals under a rate profile

    /// The first arrival of class `k` after time `t` (+∞ if none will come). Poisson classes
    /// without a profile draw an exponential gap; with a profile, arrivals are thinned (Lewis
    /// and Shedler 1979) piece by piece: candidates at the piece's highest rate, each kept with
    /// probability rate(t)/highest. A candidate past the piece's end restarts from the end (the
    /// exponential has no memory).
    mutating func nextArrival(_ k: Int, after t: Double) -> Double {
        guard hasProfile[k] else { return t + nextGap(k) }
        let base = baseRates[k]
        var time = t
        var piece = profilePieces[k]
        var draws: UInt64 = 0
        // The run's event cap bounds thinning too (a test of the guard need not draw 10⁸).
        let most = Swift.min(UInt64(Engine.maxThinningDraws), spec.maxEvents ?? .max)
        defer { thinningDraws &+= draws }
        while time < spec.duration {
            draws &+= 1
            if draws > most {
                if unstableReason == nil {
                    unstableReason = "the arrivals of class '\(spec.classes[k].name)' stalled at t = \(time) s: more "
                        + "than \(most) candidates drawn for one arrival (a profile far too steep)"
                }
                return .infinity
            }
            // Only a new piece touches the profile itself (copying it costs a retain per array).
            if time >= piece.end || time < piece.start { piece = spec.classes[k].profile!.piece(at: time) }
            let highest = base * piece.maximum
            guard highest > 0 else {
                if piece.end == .infinity { return .infinity }
                time = piece.end
                continue
            }
            time += arrivalStreams[k].nextStandardExponential() / highest
            if time >= piece.end {
                time = piece.end
                continue
            }
            if arrivalStreams[k].nextOpenUnit() * highest <= base * piece.value(at: time) {
                profilePieces[k] = piece
                return time
            }
        }
        profilePieces[k] = piece
        return .infinity
    }

    // MARK: Windows

    /// Closes the time-series window that ends now: run-wide figures, each component's (its
    /// kind's `…WindowMetrics` in `<Kind>+Metrics.swift`), alerts and the SLO check. Runs
    /// through warm-up too, so the series shows the whole run.
    mutating func closeWindow() {
        let now = calendar.now
        let span = now - lastWindowEnd
        guard span > 0 else { return }
        var window = WindowPoints(time: now)
        func add(_ scope: String, _ metric: String, _ value: Double) { window.add(scope, metric, value) }

        let finished = windowCompleted + windowErrors
        add("", "arrival_rate", Double(windowArrivals) / span)
        add("", "throughput", Double(windowCompleted) / span)
        add("", "error_rate", finished > 0 ? Double(windowErrors) / Double(finished) : 0)
        add("", "errors", Double(windowErrors))
        // Percentiles only for windows where something completed: 0 would read as "fast".
        if windowCompleted > 0 {
            add("", "latency_p50", windowLatency.percentile(50))
            add("", "latency_p99", windowLatency.percentile(99))
            add("", "latency_mean", windowLatency.mean)
        }
        add("", "in_system", Double(inSystem))
        add("", "retries", Double(windowRetries))
        let p99 = windowLatency.percentile(99)
        let errorRate = finished > 0 ? Double(windowErrors) / Double(finished) : 0

        // Per component: utilization and queue over the window, from the resources' integrals.
        var usage = Array(repeating: WindowUsage(busy: 0.0, servers: 0.0, queue: 0.0, waiting: 0.0), count: spec.components.count)
        for r in 0..<resources.count {
            let busy = resources[r].busyStat.integral(at: now)
            let queue = resources[r].queueStat.integral(at: now)
            let c = layout.resourceComponent[r]
            // App servers: the CPU (cores) is the headline; threads give the backlog.
            let isThreads = layout.declarations[r].role == .threads
            if !isThreads {
                usage[c].busy += busy - busyMark[r]
                // Mean servers over the window (scaling changes them), so utilization ≤ 1.
                let servers = resources[r].serversStat.integral(at: now)
                usage[c].servers += (servers - serversMark[r]) / span
                serversMark[r] = servers
            }
            usage[c].queue += queue - queueMark[r]
            usage[c].waiting += Double(resources[r].waiting)
            busyMark[r] = busy
            queueMark[r] = queue
        }
        for (c, component) in spec.components.enumerated() {
            addWindowMetrics(of: component, index: c, usage[c], span: span, to: &window)
        }
        evaluateAlerts(window.points, windowStart: lastWindowEnd, now: now)
        if let slo = spec.slo {
            // A window where nothing completed while requests wait breaks a p99 bound too.
            let stalled = windowCompleted == 0 && inSystem > 0
            let violated = (slo.p99.map { stalled || (windowCompleted > 0 && p99 > $0) } ?? false)
                || (slo.errorRate.map { errorRate > $0 } ?? false)
            recovery.observe(start: lastWindowEnd, end: now, violated: violated, errors: windowErrors)
        }
        series.append(contentsOf: window.points)
        if measuring, let level = spec.stopWhenMissed { checkEarlyStop(level, now: now) }
        if measuring, let level = spec.stopWhenSettled, unstableReason == nil { checkSettled(level, now: now) }
        lastWindowEnd = now
        windowArrivals = 0
        windowCompleted = 0
        windowErrors = 0
        windowRetries = 0
        if windowLatency.count > 0 { windowLatency.reset() }
        if now + spec.window <= spec.duration + 1e-9 * spec.duration {
            calendar.schedule(at: Swift.min(now + spec.window, spec.duration), kind: Kind.window)
        } else if now < spec.duration {
            calendar.schedule(at: spec.duration, kind: Kind.window)
        }
    }

    /// Checks every rule against this window's points, once the warm-up is over (a system
    /// filling from empty is not an incident). An alert fires when its metric has been above the
    /// threshold for the rule's hold time, and resolves only when the metric has stayed at or
    /// below ``AlertRule/resolveBand`` of the threshold for the hold time (at least one window):
    /// a metric wandering around its threshold fires once instead of flapping.
    mutating func evaluateAlerts(_ points: [SeriesPoint], windowStart: Double, now: Double) {
        guard now > spec.warmup else { return }
        for (i, rule) in spec.alerts.enumerated() {
            guard let point = points.first(where: { $0.scope == rule.scope && $0.metric == rule.metric }) else { continue }
            if point.value > rule.threshold {
                alertState[i].belowSince = nil
                if alertState[i].since == nil { alertState[i].since = windowStart }
                if let firing = alertState[i].firing {
                    alertEvents[firing].peak = max(alertEvents[firing].peak, point.value)
                } else if now - alertState[i].since! >= rule.holdFor {
                    alertState[i].firing = alertEvents.count
                    alertEvents.append(AlertEvent(
                        name: rule.name, scope: rule.scope, metric: rule.metric, threshold: rule.threshold,
                        firedAt: now, resolvedAt: nil, peak: point.value))
                }
            } else if let firing = alertState[i].firing {
                alertState[i].since = nil
                guard point.value <= rule.threshold * AlertRule.resolveBand else {
                    alertState[i].belowSince = nil
                    continue
                }
                if alertState[i].belowSince == nil { alertState[i].belowSince = windowStart }
                if now - alertState[i].belowSince! >= rule.holdFor {
                    alertEvents[firing].resolvedAt = now
                    alertState[i] = AlertTracker()
                }
            } else {
                alertState[i] = AlertTracker()
            }
        }
    }
}

/// One component's resources over a window: busy-server and queue integrals (server-seconds,
/// request-seconds), mean servers, and requests waiting at the window's end. An app server's
/// busy and servers are its cores' only.
typealias WindowUsage = (busy: Double, servers: Double, queue: Double, waiting: Double)

/// The series points of one window as they are added, every one at the window's end.
struct WindowPoints {
    let time: Double
    var points: [SeriesPoint] = []

    init(time: Double) { self.time = time }

    mutating func add(_ scope: String, _ metric: String, _ value: Double) {
        points.append(SeriesPoint(time: time, scope: scope, metric: metric, value: value))
    }
}

/// Where one alert rule stands: since when its condition holds, the event it fired, and since
/// when a firing alert's metric has been back under the resolve band.
struct AlertTracker {
    var since: Double?
    var firing: Int?
    var belowSince: Double?
}

/// Collects the recovery figures window by window.
struct RecoveryTracker {
    var secondsInViolation = 0.0
    var firstViolation: Double?
    var lastViolationEnd: Double?
    var violatedAtEnd = false
    var requestsLost: UInt64 = 0

    mutating func observe(start: Double, end: Double, violated: Bool, errors: UInt64) {
        violatedAtEnd = violated
        guard violated else { return }
        secondsInViolation += end - start
        if firstViolation == nil { firstViolation = start }
        lastViolationEnd = end
        requestsLost += errors
    }

    func figures(peakBacklog: Int) -> Recovery {
        Recovery(
            peakBacklog: peakBacklog, secondsInViolation: secondsInViolation, firstViolation: firstViolation,
            sloHoldsAgainAt: violatedAtEnd ? nil : lastViolationEnd,
            timeToRecover: firstViolation.map { (lastViolationEnd ?? $0) - $0 } ?? 0,
            violatedAtEnd: violatedAtEnd, requestsLost: requestsLost)
    }
}

extension Engine {
    /// Stops the run when it can no longer meet `level`, whatever the rest of the run brings.
    ///
    /// Requests that will still finish are at most those in the system plus 1.5 times the
    /// arrivals the classes' peak rate would bring in the time left (retries included), plus
    /// 1000. Against that upper bound of the final count: the p99 must exceed the bound once more
    /// than 1 % of all completions are already slower than it, and the error rate stays above
    /// its bound once the errors so far exceed its share of the final count.
    mutating func checkEarlyStop(_ level: ServiceLevel, now: Double) {
        guard unstableReason == nil else { return }
        var counts = RequestCounts()
        for k in 0..<classCounts.count { counts += classCounts[k] }
        let remaining = 1.5 * spec.peakOfferedRate * Swift.max(0, spec.duration - now) + Double(inSystem) + 1000
        if let p99 = level.p99, Double(slowCompleted) > 0.01 * (Double(counts.completed) + remaining) {
            unstableReason = "stopped early at t = \(now) s: more than 1 % of all requests already took over \(p99) s"
        } else if let bound = level.errorRate,
                  Double(counts.errors) > bound * (Double(counts.completed + counts.errors) + remaining) {
            unstableReason = "stopped early at t = \(now) s: the error rate can no longer fall to \(bound)"
        }
    }

    /// Ends a stationary run early once it meets `level` with room to spare, so that a search
    /// does not spend a whole run on a verdict that is not in doubt (sequential stopping, the
    /// "meets" direction; `checkEarlyStop` is the other). All of these, at a window's end:
    /// - a quarter of the measured duration is behind, with at least 2,000 completions;
    /// - no capacity has been more than 85 % busy since the warm-up, so no backlog can be
    ///   building (a load above capacity drives its bottleneck to 100 %);
    /// - at most 0.25 % of completions took longer than the p99 bound (a quarter of the 1 % the
    ///   bound allows), and errors are at most a quarter of the error-rate bound.
    /// The caller (`guardedForSearch`) sets it only for models whose load does not change over
    /// time (no timeline, autoscaling, rate profile or replay).
    mutating func checkSettled(_ level: ServiceLevel, now: Double) {
        guard now - spec.warmup >= 0.25 * (spec.duration - spec.warmup) else { return }
        var counts = RequestCounts()
        for k in 0..<classCounts.count { counts += classCounts[k] }
        guard counts.completed >= 2000 else { return }
        if level.p99 != nil, Double(slowCompleted) > 0.0025 * Double(counts.completed) { return }
        if let bound = level.errorRate, Double(counts.errors) > 0.25 * bound * Double(counts.completed + counts.errors) {
            return
        }
        var busiest = 0.0
        for r in 0..<resources.count {
            let capacity = resources[r].serversStat.integral(at: now)
            guard capacity > 0 else { continue }
            busiest = Swift.max(busiest, resources[r].busyStat.integral(at: now) / capacity)
        }
        guard busiest <= 0.85 else { return }
        settledReason = "settled at t = \(now) s: the service level is met with room to spare (no capacity over "
            + "85 % busy, at most a quarter of the slow requests and errors it allows)"
    }
}
