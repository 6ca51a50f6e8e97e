/// What a queue declares and reports: its workers; depth, jobs by outcome, retries, dead
/// letters and job times.
extension QueueSpec {
    /// One resource, its workers, sized by `workers`.
    func resourceDeclarations(component name: String) -> [ResourceDeclaration] {
        [ResourceDeclaration(name: name, component: name, type: .queue, role: .workers,
                             sizedBy: ResourceDeclaration.sizingKey(name, "workers"), group: "\(name).workers")]
    }

    /// `factor` times the workers.
    func relaxed(by factor: Int) -> QueueSpec {
        var queue = self
        queue.workers *= factor
        return queue
    }
}

extension Engine {
    /// Depth (mean, max), jobs enqueued, completed and rejected, failed attempts, retries, dead
    /// letters, and mean wait, processing and job times, seconds.
    func queueMetrics(_ index: Int, load: ResourceResult, metrics: inout [String: Double]) {
        let q = jobQueues[index]
        metrics["depth_mean"] = load.meanQueue
        metrics["depth_max"] = Double(load.maxQueue)
        metrics["jobs_enqueued"] = Double(q.enqueued)
        metrics["jobs_completed"] = Double(q.completed)
        metrics["jobs_rejected"] = Double(q.rejected)
        metrics["failed_attempts"] = Double(q.failedAttempts)
        metrics["retries"] = Double(q.retries)
        metrics["dead_letters"] = Double(q.deadLetters)
        metrics["job_wait_mean"] = load.meanWait
        metrics["processing_mean"] = q.processing.mean
        metrics["job_time_mean"] = q.jobTime.mean
    }

    /// Per window: depth now, mean depth, workers and utilization.
    func queueWindowMetrics(_ c: Int, name: String, _ u: WindowUsage, span: Double, to window: inout WindowPoints) {
        window.add(name, "depth", u.waiting)
        window.add(name, "depth_mean", u.queue / span)
        window.add(name, "workers", Double(resources[Int(layout.base[c])].servers))
        window.add(name, "utilization", u.servers > 0 ? u.busy / span / u.servers : 0)
    }
}

extension QueueSpec {
    /// The units of a queue's metrics: mean times seconds, `utilization` a ratio, the rest counts.
    static func metricUnit(_ key: String) -> MetricUnit {
        switch key {
        case "job_wait_mean", "processing_mean", "job_time_mean": .seconds
        case "utilization": .ratio
        default: .count
        }
    }
}
