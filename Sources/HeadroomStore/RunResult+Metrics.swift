import HeadroomComponents

/// A result flattened into (name, value) pairs for the long metric tables.
///
/// Names are snake_case, as in `result_json`. Adding a metric here needs no migration.
extension RunResult {
    /// Run-level numbers, all classes together: the rows of `run_metrics`. Besides the class
    /// figures: `cost`, and with recovery figures `recovery_*` (`recovery_violated_at_end` is 0
    /// or 1; `recovery_first_violation` and `recovery_slo_holds_again_at` only when present).
    var runMetrics: [(metric: String, value: Double)] {
        var rows = Self.metrics(throughput: throughput, latency: latency, requests: requests)
        rows.append(("cost", cost))
        if let recovery {
            rows += [
                ("recovery_peak_backlog", Double(recovery.peakBacklog)),
                ("recovery_seconds_in_violation", recovery.secondsInViolation),
                ("recovery_time_to_recover", recovery.timeToRecover),
                ("recovery_violated_at_end", recovery.violatedAtEnd ? 1 : 0),
                ("recovery_requests_lost", Double(recovery.requestsLost)),
            ]
            if let first = recovery.firstViolation { rows.append(("recovery_first_violation", first)) }
            if let again = recovery.sloHoldsAgainAt { rows.append(("recovery_slo_holds_again_at", again)) }
        }
        return rows
    }

    /// Shared by runs and classes, so both tables use the same names.
    static func metrics(
        throughput: Double, latency: LatencySummary, requests: RequestCounts
    ) -> [(metric: String, value: Double)] {
        [
            ("throughput", throughput),
            ("latency_count", Double(latency.count)),
            ("latency_mean", latency.mean),
            ("latency_p50", latency.p50),
            ("latency_p90", latency.p90),
            ("latency_p99", latency.p99),
            ("latency_p999", latency.p999),
            ("latency_max", latency.max),
            ("requests_arrived", Double(requests.arrived)),
            ("requests_completed", Double(requests.completed)),
            ("requests_rejected", Double(requests.rejected)),
            ("requests_timed_out", Double(requests.timedOut)),
            ("requests_pool_timed_out", Double(requests.poolTimedOut)),
            ("requests_client_timed_out", Double(requests.clientTimedOut)),
            ("requests_retries", Double(requests.retries)),
            ("requests_failed", Double(requests.failed)),
            ("requests_in_system", Double(requests.inSystem)),
            ("amplification", requests.amplification),
        ]
    }
}

extension ClassResult {
    /// The rows of `class_metrics` for this class.
    var metricRows: [(metric: String, value: Double)] {
        RunResult.metrics(throughput: throughput, latency: latency, requests: requests)
    }
}

extension ComponentResult {
    /// Every numeric field and kind-specific metric: the rows of `component_metrics`.
    var metricRows: [(metric: String, value: Double)] {
        load.metricRows + metrics.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension ResourceResult {
    /// Every numeric field: the rows of `resource_metrics` (and the head of `component_metrics`).
    var metricRows: [(metric: String, value: Double)] {
        [
            ("servers", Double(servers)),
            ("utilization", utilization),
            ("mean_busy", meanBusy),
            ("mean_queue", meanQueue),
            ("max_queue", Double(maxQueue)),
            ("mean_in_station", meanInStation),
            ("arrivals", Double(arrivals)),
            ("completions", Double(completions)),
            ("rejected", Double(rejected)),
            ("timed_out", Double(timedOut)),
            ("throughput", throughput),
            ("mean_wait", meanWait),
            ("mean_response", meanResponse),
        ]
    }
}
