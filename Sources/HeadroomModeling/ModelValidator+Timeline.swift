import HeadroomComponents

/// The rules of `timeline`: each event within the run, naming a component of the type its action
/// needs, a replica that the component can have, a database with replicas for a replication-lag
/// change, and no scaling behind a weighted load balancer.
extension ModelValidator {
    /// Checks every timeline event against the run and the components.
    static func checkTimeline(_ model: Model, components: ComponentList, sink: DiagnosticSink) {
        let targets = model.replicaTargets()
        for event in model.timeline {
            if let at = event.at.value, let duration = model.duration.value, at >= duration, let ref = event.at.ref {
                sink.report(
                    "at (\(Formatting.seconds(at))) is not before the end of the run (duration "
                        + "\(Formatting.seconds(duration))); expected a time from 0s up to, not including, duration",
                    at: ref
                )
            }
            guard let (index, kind) = resolve(event.target, in: components, sink: sink) else { continue }
            let name = components[index].name
            switch (event.action, kind) {
            case (.crash(let replica), .appServer), (.recover(let replica), .appServer),
                 (.shutdown(let replica), .appServer):
                guard let value = replica.value, let ref = replica.ref,
                      let most = model.maxReplicas(ofComponent: index, targets: targets), value >= most
                else { break }
                sink.report(
                    "replica \(value) is out of range: '\(name)' runs at most \(most) "
                        + "replica\(most == 1 ? "" : "s"), numbered 0 to \(most - 1) (the most of its replicas, "
                        + "the timeline's scale targets and its autoscaler's max)",
                    at: ref
                )
            case (.replicationLag, .database(let database, _)):
                if database.value("replicas", \.replicas) == 0 {
                    sink.report(
                        "'\(name)' has no read replicas, so its replication lag has no effect; expected a database "
                            + "with replicas ≥ 1",
                        at: event.target.ref
                    )
                }
            case (.scale(let to), .appServer):
                if let count = to.value, count > Bounds.replicas, let ref = to.ref {
                    sink.report(
                        "expected an integer ≤ \(Bounds.replicas) (the most replicas of an app_server), found \(count)",
                        at: ref
                    )
                }
                if let balancer = components.weightedBalancer(of: name) {
                    reportWeighted(balancer: balancer, server: name, at: event.target.ref, sink: sink)
                }
            default:
                break
            }
        }
    }

    /// Reports scaling of `server`, whose replicas the weighted load balancer `balancer` fixes.
    static func reportWeighted(balancer: String, server: String, at ref: SourceRef, sink: DiagnosticSink) {
        sink.report(
            "'\(server)' cannot change its replicas: load balancer '\(balancer)' in front of it is weighted, "
                + "with one weight per replica; use another policy to scale it",
            at: ref
        )
    }
}
