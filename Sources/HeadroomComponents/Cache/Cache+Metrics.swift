/// What a cache declares and reports: its servers; hits, misses and what happened to entries.
extension CacheSpec {
    /// One resource, its servers, sized by `servers`.
    func resourceDeclarations(component name: String) -> [ResourceDeclaration] {
        [ResourceDeclaration(name: name, component: name, type: .cache, role: .cacheServers,
                             sizedBy: ResourceDeclaration.sizingKey(name, "servers"), group: "\(name).servers")]
    }

    /// `factor` times the servers.
    func relaxed(by factor: Int) -> CacheSpec {
        var cache = self
        cache.servers *= factor
        return cache
    }
}

extension Engine {
    /// Hits, misses, hit rate, sets, evictions, expirations, invalidations and entries at the end.
    func cacheMetrics(_ index: Int, metrics: inout [String: Double]) {
        let c = caches[index]
        let lookups = c.hits + c.misses
        metrics["hits"] = Double(c.hits)
        metrics["misses"] = Double(c.misses)
        metrics["hit_rate"] = lookups > 0 ? Double(c.hits) / Double(lookups) : 0
        metrics["sets"] = Double(c.sets)
        metrics["evictions"] = Double(c.evictions)
        metrics["expirations"] = Double(c.expirations)
        metrics["invalidations"] = Double(c.invalidations)
        metrics["entries"] = Double(c.count)
    }

    /// Per window: hit rate and utilization; starts the next window's hit count.
    mutating func cacheWindowMetrics(_ c: Int, name: String, _ u: WindowUsage, span: Double,
                                     to window: inout WindowPoints) {
        let lookups = caches[c].windowHits + caches[c].windowMisses
        window.add(name, "hit_rate", lookups > 0 ? Double(caches[c].windowHits) / Double(lookups) : 0)
        window.add(name, "utilization", u.servers > 0 ? u.busy / span / u.servers : 0)
        caches[c].windowHits = 0
        caches[c].windowMisses = 0
    }
}

extension CacheSpec {
    /// The units of a cache's metrics: `hit_rate` and `utilization` ratios, the rest counts.
    static func metricUnit(_ key: String) -> MetricUnit {
        key == "hit_rate" || key == "utilization" ? .ratio : .count
    }
}
