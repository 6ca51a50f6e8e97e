/// What the timeline and the autoscalers do to component sizes, for the validator and the
/// builder alike.
extension Model {
    /// The most replicas app server `index` may run at once: the largest of its `replicas`, every
    /// timeline `scale` to it and its autoscaler's `max` (`targets`, from `replicaTargets()`).
    /// Values that could not be read are left out; `nil` when the component is not an app server
    /// or its `replicas` could not be read.
    func maxReplicas(ofComponent index: Int, targets: [String: Int]) -> Int? {
        guard let components, case .appServer(let app)? = components[index].kind,
              let replicas = app.value("replicas", \.replicas)
        else { return nil }
        return Swift.max(replicas, targets[components[index].name] ?? replicas)
    }

    /// Per component name, the largest size the timeline's `scale` events and the autoscalers'
    /// `max` ask for: one pass over both, so asking for every component stays linear.
    func replicaTargets() -> [String: Int] {
        var most: [String: Int] = [:]
        for event in timeline {
            if case .scale(let to) = event.action, let count = to.value, let name = event.target.name {
                most[name] = Swift.max(most[name] ?? count, count)
            }
        }
        for scaler in autoscaling {
            if let max = scaler.max.value, let name = scaler.component.name {
                most[name] = Swift.max(most[name] ?? max, max)
            }
        }
        return most
    }
}
