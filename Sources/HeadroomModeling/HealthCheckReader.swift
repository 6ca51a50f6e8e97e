import HeadroomComponents

/// Reads a load balancer's `health_check` against `HealthCheckSpec.parameters`: how often
/// replicas are probed, how long a probe may take, and how many probes in a row take a replica
/// out of rotation or bring it back.
enum HealthCheckReader {
    /// Reads `{ interval: 5s, timeout: 2s, unhealthy_threshold: 3, healthy_threshold: 2 }`; every
    /// key defaults to `HealthCheckSpec`'s default. The probe `timeout` (seconds) may not exceed
    /// the `interval` (seconds), or probes of a crashed replica would overlap. `nil` after
    /// reporting.
    static func read(_ reader: NodeReader) -> HealthCheckSpec? {
        guard let m = reader.mapping(
            "a health check such as { interval: 5s, timeout: 2s, unhealthy_threshold: 3, healthy_threshold: 2 }"
        ) else { return nil }
        let read = ParameterReader.read(HealthCheckSpec.parameters, template: HealthCheckSpec(), from: m)
        guard read.isComplete else { return nil }
        let check = read.spec
        guard check.timeout <= check.interval else {
            let place = m.value("timeout") ?? m.reader
            place.error(
                "timeout (\(Formatting.seconds(check.timeout))) is longer than interval "
                    + "(\(Formatting.seconds(check.interval))); expected a probe to end before the next one starts "
                    + "(timeout ≤ interval)"
            )
            return nil
        }
        return check
    }
}
