/// What a load balancer reports: no resource of its own; what it routed to each replica of its
/// app server, and how unevenly.
extension Engine {
    /// Its load is what it routed (the arrivals at the backend's threads); `routed`,
    /// `imbalance` (busiest replica's share over the mean) and each replica's share.
    func loadBalancerMetrics(_ lb: LoadBalancerSpec, name: String, all: [ResourceResult], load: inout ResourceResult,
                             metrics: inout [String: Double]) {
        let threads = all.indices.filter {
            layout.resourceComponent[$0] == lb.backend && layout.declarations[$0].role == .threads
        }.map { all[$0] }
        load = ResourceResult.combined(name, [])
        load.arrivals = threads.reduce(0) { $0 + $1.arrivals }
        let shares = threads.map { Double($0.arrivals) }
        let mean = shares.reduce(0, +) / Double(max(shares.count, 1))
        metrics["routed"] = Double(load.arrivals)
        metrics["imbalance"] = mean > 0 ? (shares.max() ?? 0) / mean : 0
        for (r, share) in shares.enumerated() { metrics["replica\(r)_share"] = mean > 0 ? share / (mean * Double(shares.count)) : 0 }
    }
}

extension LoadBalancerSpec {
    /// The units of a balancer's metrics: each `replicaN_share` a ratio, `imbalance` a factor,
    /// `routed` a count.
    static func metricUnit(_ key: String) -> MetricUnit {
        if key.hasSuffix("_share") { return .ratio }
        return key == "imbalance" ? .number : .count
    }
}
