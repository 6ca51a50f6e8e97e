import HeadroomComponents

/// Reads a load balancer's `health_check`: how often replicas are probed, how long a probe may
/// take, and how many probes in a row take a replica out of rotation or bring it back.
enum HealthCheckReader {
    /// The keys of `health_check`, each optional.
    static let keys = ["interval", "timeout", "unhealthy_threshold", "healthy_threshold"]

    /// Reads `{ interval: 5s, timeout: 2s, unhealthy_threshold: 3, healthy_threshold: 2 }`; every
    /// key defaults to `HealthCheckSpec`'s default. The probe `timeout` (seconds) may not exceed
    /// the `interval` (seconds), or probes of a crashed replica would overlap. `nil` after
    /// reporting.
    static func read(_ reader: NodeReader) -> HealthCheckSpec? {
        guard let m = reader.mapping(
            "a health check such as { interval: 5s, timeout: 2s, unhealthy_threshold: 3, healthy_threshold: 2 }"
        ) else { return nil }
        m.rejectUnknownKeys(allowed: keys)
        let defaults = HealthCheckSpec()
        let interval = Field(m.value("interval")) { $0.duration(.positive) }
            .defaulting(to: defaults.interval, at: m.reader.ref)
        let timeoutReader = m.value("timeout")
        let timeout = Field(timeoutReader) { $0.duration(.positive) }.defaulting(to: defaults.timeout, at: m.reader.ref)
        let unhealthy = Field(m.value("unhealthy_threshold")) { $0.integer(atLeast: 1, atMost: Bounds.attempts) }
            .defaulting(to: defaults.unhealthyThreshold, at: m.reader.ref)
        let healthy = Field(m.value("healthy_threshold")) { $0.integer(atLeast: 1, atMost: Bounds.attempts) }
            .defaulting(to: defaults.healthyThreshold, at: m.reader.ref)
        guard let interval = interval.value, let timeout = timeout.value, let unhealthy = unhealthy.value,
              let healthy = healthy.value
        else { return nil }
        guard timeout <= interval else {
            let place = timeoutReader ?? m.reader
            place.error(
                "timeout (\(Formatting.seconds(timeout))) is longer than interval (\(Formatting.seconds(interval))); "
                    + "expected a probe to end before the next one starts (timeout ≤ interval)"
            )
            return nil
        }
        return HealthCheckSpec(
            interval: interval, timeout: timeout, unhealthyThreshold: unhealthy, healthyThreshold: healthy
        )
    }
}
