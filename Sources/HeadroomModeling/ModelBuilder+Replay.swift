import HeadroomComponents

/// The traffic of a model that replays a trace (`traffic.replay`).
extension ModelBuilder {
    /// The engine's replay of `replay`, classes in model order.
    static func replaySpec(_ replay: ReplayModel, traffic: TrafficModel) -> ReplaySpec {
        let names = traffic.classes?.map(\.name) ?? [ModelReader.defaultClassName]
        return ReplaySpec(
            file: replay.file, format: replay.format, classNames: names,
            rules: replay.rules.map {
                TraceClassRule(classIndex: names.firstIndex(of: $0.className)!, method: $0.method, path: $0.path)
            },
            key: replay.key, tenant: replay.tenant, session: replay.session, from: replay.from, to: replay.to,
            speed: replay.speed, loop: replay.loop)
    }

    /// The classes of a replayed model: each keeps its flow and client; the trace gives their
    /// arrivals, so their rate is the estimate `ReplayModel.classRates` (what explain and load
    /// searches read; the engine never draws from it). Keys, tenants and sessions span the replay's counts, so caches, databases and
    /// sticky balancing are sized for the ids the trace maps to, and sharded databases route by
    /// tenant when the trace gives tenants.
    static func replayedClasses(
        _ replay: ReplaySpec, rates: [Double], traffic: TrafficModel, steps: (String) -> [Step]
    ) -> [ClassSpec] {
        let declared = traffic.classes
        return replay.classNames.enumerated().map { index, name in
            ClassSpec(
                name: name, rate: rates[index], steps: steps(name), keys: replay.key.map { Popularity(count: $0.count) },
                tenants: replay.tenant.map { Popularity(count: $0.count) },
                sessions: replay.session.map { Popularity(count: $0.count) },
                client: declared?[index].client.value)
        }
    }
}
