/// Whole-model transformations used by load searches (`headroom saturate`): more traffic, and
/// one resource given far more capacity.
extension SimulationSpec {
    /// The same model with every class's arrival rate multiplied by `factor` (> 0): interarrival
    /// times are divided by it, so the runs at several factors draw the same random numbers and
    /// differ only in load. Rate profiles, retries and everything else are unchanged (a profile
    /// multiplies the scaled rate).
    public func scalingLoad(by factor: Double) -> SimulationSpec {
        precondition(factor > 0 && factor.isFinite, "a load factor must be positive and finite")
        var scaled = self
        for index in scaled.classes.indices {
            scaled.classes[index].interarrival = classes[index].interarrival.scaled(by: 1 / factor)
        }
        return scaled
    }

    /// The same model with `part` of component `name` given `factor` times its servers, so that
    /// it stops being the bottleneck and the next one shows. Returns nil when there is no such
    /// component or the part does not belong to its kind.
    ///
    /// Timeline `resize` and `scale` events and autoscalers still set the sizes they name.
    public func relaxing(_ part: CapacityPart, ofComponent name: String, by factor: Int = 10) -> SimulationSpec? {
        precondition(factor >= 1, "a relaxation factor is at least 1")
        guard let index = components.firstIndex(where: { $0.name == name }) else { return nil }
        var relaxed = self
        switch (components[index].kind, part) {
        case (.station(var station), .servers):
            let extra = station.servers * (factor - 1)
            station.servers += extra
            station.capacity = station.capacity.map { $0 + extra }
            relaxed.components[index].kind = .station(station)
        case (.appServer(var app), .cores):
            app.cores *= factor
            relaxed.components[index].kind = .appServer(app)
        case (.appServer(var app), .threads):
            app.threads *= factor
            relaxed.components[index].kind = .appServer(app)
        case (.pool(var pool), .connections):
            pool.size *= factor
            relaxed.components[index].kind = .pool(pool)
        case (.cache(var cache), .servers):
            cache.servers *= factor
            relaxed.components[index].kind = .cache(cache)
        case (.database(var database), .cores):
            database.cores *= factor
            relaxed.components[index].kind = .database(database)
        case (.queue(var queue), .workers):
            queue.workers *= factor
            relaxed.components[index].kind = .queue(queue)
        default:
            return nil
        }
        return relaxed
    }
}

/// The capacity of a component that a load search can relax: what its servers are.
public enum CapacityPart: String, Sendable, Codable, CaseIterable {
    /// A station's or a cache's servers.
    case servers
    /// An app server replica's or a database node's CPU cores.
    case cores
    /// An app server replica's threads.
    case threads
    /// A pool's connections.
    case connections
    /// A queue's workers.
    case workers
}

extension SimulationSpec {
    /// Mean arrival rate of first attempts over the measured part of the run (after warm-up),
    /// requests per second, all classes: each class's 1 / mean interarrival time times the mean
    /// of its rate profile over [warmup, duration]. Retries come on top.
    public var offeredRate: Double {
        classes.reduce(0) { total, requestClass in
            let base = 1 / requestClass.interarrival.mean
            guard let profile = requestClass.profile, duration > warmup else { return total + base }
            return total + base * profile.integral(from: warmup, to: duration) / (duration - warmup)
        }
    }

    /// Highest arrival rate of first attempts at any moment, requests per second: each class's
    /// base rate times its profile's maximum.
    public var peakOfferedRate: Double {
        classes.reduce(0) { total, requestClass in
            total + (requestClass.profile?.maximum ?? 1) / requestClass.interarrival.mean
        }
    }
}
