import HeadroomComponents

extension PlanKnob {
    /// Whether raising this knob gives more capacity to `load`'s group of resources.
    ///
    /// The key that sizes the group (``ResourceDeclaration/sizedBy``: `components.app.cores`,
    /// `components.db.primary_cores`, `components.pool.size`) always does. Beside it, keys of the
    /// same component that multiply its capacity: an app server's `replicas` (more replicas share
    /// the threads' and cores' load), a database's `cores` (every node not sized apart),
    /// `replicas` (reads leave the primary, and spread over more replicas) and `shards`.
    /// Nothing downstream parses resource names: the group's component, role and sizing key
    /// come from its declaration.
    public func relieves(_ load: PlanLoad) -> Bool {
        if path == load.sizedBy { return true }
        let prefix = "components.\(load.component)."
        guard path.hasPrefix(prefix) else { return false }
        let parameter = String(path.dropFirst(prefix.count))
        switch load.role {
        case .threads, .cores: return parameter == "replicas"
        case .primary, .replica: return ["cores", "replicas", "shards"].contains(parameter)
        case .servers, .connections, .cacheServers, .workers: return false
        }
    }
}
