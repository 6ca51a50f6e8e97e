/// Whole-model transformations used by load searches (`headroom saturate`): more traffic, and
/// one resource given far more capacity.
extension SimulationSpec {
    /// The same model with every class's arrival rate multiplied by `factor` (> 0): interarrival
    /// times are divided by it, so the runs at several factors draw the same random numbers and
    /// differ only in load. Rate profiles, retries and everything else are unchanged (a profile
    /// multiplies the scaled rate). A replayed trace is replayed `factor` times faster.
    public func scalingLoad(by factor: Double) -> SimulationSpec {
        precondition(factor > 0 && factor.isFinite, "a load factor must be positive and finite")
        var scaled = self
        for index in scaled.classes.indices {
            scaled.classes[index].interarrival = classes[index].interarrival.scaled(by: 1 / factor)
        }
        // A replayed trace carries the same traffic faster.
        scaled.replay?.speed *= factor
        return scaled
    }

    /// The same model with the resources sized like `resource` given `factor` times their
    /// servers (the value of its ``ResourceDeclaration/sizedBy`` key), so that it stops being the
    /// bottleneck and the next one shows. Returns nil when the model has no such component.
    ///
    /// A database's nodes share one size today (`cores`), so relaxing a primary or a shard
    /// relaxes every node of that database. Timeline `resize` and `scale` events and autoscalers
    /// still set the sizes they name.
    public func relaxing(_ resource: ResourceDeclaration, by factor: Int = 10) -> SimulationSpec? {
        precondition(factor >= 1, "a relaxation factor is at least 1")
        guard let index = components.firstIndex(where: { $0.name == resource.component }) else { return nil }
        guard let kind = components[index].kind.relaxed(resource, by: factor) else { return nil }
        var relaxed = self
        relaxed.components[index].kind = kind
        return relaxed
    }
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
    /// base rate times its profile's maximum. +∞ for a replayed trace: its bursts are known only
    /// once read, and the early stop that reads this bound must stay conservative.
    public var peakOfferedRate: Double {
        if replay != nil { return .infinity }
        return classes.reduce(0) { total, requestClass in
            total + (requestClass.profile?.maximum ?? 1) / requestClass.interarrival.mean
        }
    }
}
