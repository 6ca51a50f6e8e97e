/// What the timeline and the autoscalers do to component sizes, for the validator and the
/// builder alike.
extension Model {
    /// The most replicas app server `index` may run at once: the largest of its `replicas`, every
    /// timeline `scale` to it and its autoscaler's `max`. Values that could not be read are left
    /// out; `nil` when the component is not an app server or its `replicas` could not be read.
    func maxReplicas(ofComponent index: Int) -> Int? {
        guard let components, case .appServer(let app)? = components[index].kind,
              let replicas = app.replicas.value
        else { return nil }
        let name = components[index].name
        var most = replicas
        for event in timeline where event.target.name == name {
            if case .scale(let to) = event.action, let count = to.value { most = Swift.max(most, count) }
        }
        for scaler in autoscaling where scaler.component.name == name {
            if let max = scaler.max.value { most = Swift.max(most, max) }
        }
        return most
    }
}

extension [ComponentModel] {
    /// The name of a `weighted` load balancer in front of the app server named `name`, if any:
    /// its weights are one per replica, so that server's replicas cannot change.
    func weightedBalancer(of name: String) -> String? {
        first { component in
            guard case .loadBalancer(let balancer)? = component.kind else { return false }
            return balancer.policy.value == .weighted && balancer.backend.name == name
        }?.name
    }
}
