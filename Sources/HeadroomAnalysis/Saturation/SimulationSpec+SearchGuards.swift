import HeadroomComponents

extension SimulationSpec {
    /// The spec as a search runs it against `level`: stopped at the first window after which it
    /// can no longer meet the level (a run far past saturation ends early), and with the
    /// stability guard lowered to 50 × peak arrival rate × p99 bound when a p99 objective exists.
    ///
    /// A run that meets its p99 has, by Little's law, about rate × mean response ≤ rate × p99
    /// requests inside, so 50 times that is only reached when the backlog grows without bound;
    /// such a run misses the level anyway. Shared by `saturate` and `plan` so that both judge a
    /// configuration the same way. `stopEarly` false keeps the run whole (a light run whose
    /// demands a bound needs).
    ///
    /// A run whose load does not change over time also ends as soon as it meets the level with
    /// room to spare (``SimulationSpec/stopWhenSettled``): its verdict is not in doubt.
    public func guardedForSearch(_ level: ServiceLevel, stopEarly: Bool = true) -> SimulationSpec {
        var spec = self
        if stopEarly {
            spec.stopWhenMissed = level
            if spec.hasSteadyLoad { spec.stopWhenSettled = level }
        }
        if let p99 = level.p99 {
            // Clamped while a Double: 50 × rate × a huge p99 bound exceeds Int.
            let guardSize = (50 * spec.peakOfferedRate * p99).rounded(.up)
            if guardSize.isFinite, guardSize < Double(spec.maxInSystem) {
                spec.maxInSystem = Swift.max(1000, Int(guardSize))
            }
        }
        return spec
    }
}

extension SimulationSpec {
    /// Whether the offered load and the system stay the same for the whole run: no timeline, no
    /// autoscaling, no rate profile, no replayed trace.
    public var hasSteadyLoad: Bool {
        timeline.isEmpty && autoscalers.isEmpty && replay == nil && classes.allSatisfy { $0.profile == nil }
    }
}
