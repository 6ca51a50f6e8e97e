/// The rules of a model whose traffic is replayed (`traffic.replay`): the trace gives when
/// requests arrive, their class mix and their keys, tenants and sessions, so nothing else may
/// give them too.
extension ModelValidator {
    /// Reports every key of `traffic` and its classes that the replay makes meaningless.
    static func checkReplay(_ traffic: TrafficModel, sink: DiagnosticSink) {
        let reason = "the replayed trace gives the arrivals (traffic.replay)"
        if let ref = traffic.rate.ref { sink.report("traffic.rate is given by the trace: \(reason); remove it", at: ref) }
        if let ref = traffic.profile.ref {
            sink.report("traffic.profile is given by the trace: \(reason); remove it", at: ref)
        }
        for c in traffic.classes ?? [] where c.isReadable {
            let given: [(String, SourceRef?)] = [
                ("share", c.share.ref), ("rate", c.rate.ref), ("profile", c.profile.ref),
            ]
            for (key, ref) in given {
                guard let ref else { continue }
                sink.report("class '\(c.name)' has a \(key), but \(reason); remove it", at: ref)
            }
            let mapped: [(String, SourceRef?)] = [
                ("keys", c.keys.ref), ("tenants", c.tenants.ref), ("sessions", c.sessions.ref),
            ]
            for (key, ref) in mapped {
                guard let ref else { continue }
                let field = String(key.dropLast())
                sink.report(
                    "class '\(c.name)' has \(key), but the trace gives them; map them with traffic.replay.\(field) "
                        + "(such as { query: \(field), count: 1000 }) and remove this",
                    at: ref)
            }
        }
    }
}
