/// What a pool declares and reports: its connections, in use, idle and waited for.
extension PoolSpec {
    /// One resource, its connections, sized by `size`.
    func resourceDeclarations(component name: String) -> [ResourceDeclaration] {
        [ResourceDeclaration(name: name, component: name, type: .pool, role: .connections,
                             sizedBy: ResourceDeclaration.sizingKey(name, "size"), group: "\(name).connections")]
    }

    /// `factor` times the connections.
    func relaxed(by factor: Int) -> PoolSpec {
        var pool = self
        pool.size *= factor
        return pool
    }
}

extension Engine {
    /// Size, connections in use and idle (means), waiting (mean and max), usage and pool timeouts.
    func poolMetrics(_ pool: PoolSpec, load: ResourceResult, metrics: inout [String: Double]) {
        metrics["size"] = Double(pool.size)
        metrics["in_use"] = load.meanBusy
        metrics["idle"] = Double(pool.size) - load.meanBusy
        metrics["waiting"] = load.meanQueue
        metrics["max_waiting"] = Double(load.maxQueue)
        metrics["usage"] = load.utilization
        metrics["pool_timeouts"] = Double(load.timedOut)
    }

    /// Per window: usage (connections in use over connections) and mean waiting.
    func poolWindowMetrics(name: String, _ u: WindowUsage, span: Double, to window: inout WindowPoints) {
        window.add(name, "usage", u.servers > 0 ? u.busy / span / u.servers : 0)
        window.add(name, "waiting", u.queue / span)
    }
}

extension PoolSpec {
    /// The units of a pool's metrics: `usage` a ratio, the rest counts.
    static func metricUnit(_ key: String) -> MetricUnit {
        key == "usage" ? .ratio : .count
    }
}
