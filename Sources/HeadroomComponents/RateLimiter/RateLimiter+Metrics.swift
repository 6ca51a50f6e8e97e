/// What a rate limiter reports: requests let through, held and rejected, the mean hold, and its
/// usage (let-through rate over its rate). It declares no resource: it holds no server, so
/// utilization-based analysis (bottleneck, bound) does not see it; its rejections show in the
/// run's error rate.
extension Engine {
    /// Let through, held, rejected, the rejected share, the mean hold (seconds, over those let
    /// through) and usage over the measured `span` seconds.
    func rateLimiterMetrics(_ limiter: RateLimiterSpec, _ index: Int, span: Double, metrics: inout [String: Double]) {
        let l = limiters[index]
        let offered = l.admitted + l.rejected
        metrics["rate"] = limiter.rate
        metrics["admitted"] = Double(l.admitted)
        metrics["held"] = Double(l.held)
        metrics["rejected"] = Double(l.rejected)
        metrics["rejected_share"] = offered > 0 ? Double(l.rejected) / Double(offered) : 0
        metrics["hold_mean"] = l.admitted > 0 ? l.delaySum / Double(l.admitted) : 0
        metrics["usage"] = span > 0 ? Double(l.admitted) / span / limiter.rate : 0
    }

    /// Per window: requests let through and rejected per second.
    mutating func rateLimiterWindowMetrics(_ c: Int, name: String, span: Double, to window: inout WindowPoints) {
        window.add(name, "admitted_rate", span > 0 ? Double(limiters[c].windowAdmitted) / span : 0)
        window.add(name, "rejected_rate", span > 0 ? Double(limiters[c].windowRejected) / span : 0)
        limiters[c].windowAdmitted = 0
        limiters[c].windowRejected = 0
    }
}

extension RateLimiterSpec {
    /// The units of a rate limiter's metrics.
    static func metricUnit(_ key: String) -> MetricUnit {
        switch key {
        case "rejected_share", "usage": .ratio
        case "hold_mean": .seconds
        case "rate", "admitted_rate", "rejected_rate": .perSecond
        default: .count
        }
    }
}
