import HeadroomComponents
import HeadroomKernel

/// Reads `components`: each component's `type` and the parameters of that type, against the
/// type's parameter table (`ComponentParameters`: kinds, units, ranges, defaults). The table's
/// structured values (a backend's name, weights, a health check, shard sizes, a job's steps) are
/// read here. Rules that join a component to others (a load balancer's backend, a step's target)
/// are `ModelValidator`'s.
enum ComponentReader {
    /// Reads the `components` mapping; `nil` when it is not a mapping or is empty (reported).
    static func components(_ reader: NodeReader) -> [ComponentModel]? {
        guard let m = reader.mapping("a mapping from component names to components") else { return nil }
        guard !m.entries.isEmpty else {
            reader.error("expected at least one component, found an empty mapping")
            return nil
        }
        return m.entries.map { entry in
            ComponentModel(name: entry.key, ref: entry.keyRef, kind: component(entry.value))
        }
    }

    private static func component(_ reader: NodeReader) -> ComponentModelKind? {
        let types = ComponentType.names.joined(separator: ", ")
        guard let m = reader.mapping("a component such as { type: station, servers: 2, service: 10ms }") else {
            return nil
        }
        guard let typeReader = m.required("type", "one of: \(types)"),
              let typeName = typeReader.string("a component type, one of: \(types)")
        else { return nil }
        guard let type = ComponentType(rawValue: typeName) else {
            typeReader.error(
                "unknown component type '\(typeName)' (expected one of: \(types))",
                suggestion: Suggestion.nearest(to: typeName, in: ComponentType.names)
            )
            return nil
        }
        var backend = ComponentUse(key: "backend", needs: .appServer, name: nil, ref: m.reader.ref)
        var shardSizes: [ShardSize] = []
        var job: [StepModel]?
        /// The values that are not yet the spec's: they go beside it.
        func structured(_ structure: ParameterStructure, _ node: NodeReader) -> Bool {
            switch structure {
            case .component(let needs):
                backend = ComponentUse(
                    key: "backend", needs: needs, name: node.string("the name of \(needs.withArticle) component"),
                    ref: node.ref
                )
                return backend.name != nil
            case .shardCores:
                guard let sizes = Self.shardSizes(node) else { return false }
                shardSizes = sizes
                return true
            case .steps:
                job = StepReader.steps(node)
                return job != nil
            }
        }
        func read<Spec: ComponentParameters>(_: Spec.Type) -> ReadParameters<Spec> {
            ParameterReader.read(Spec.parameters, template: Spec.template, from: m, extraKeys: ["type"], structured: structured)
        }
        switch type {
        case .station: return .station(read(StationSpec.self))
        case .loadBalancer:
            let parameters = read(LoadBalancerSpec.self)
            return .loadBalancer(parameters, backend: backend)
        case .appServer: return .appServer(read(AppServerSpec.self))
        case .pool: return .pool(read(PoolSpec.self))
        case .cache: return .cache(read(CacheSpec.self))
        case .database:
            var parameters = read(DatabaseSpec.self)
            for size in shardSizes { parameters.spec.shardCores[size.shard] = size.cores }
            return .database(parameters, shardSizes: shardSizes)
        case .queue:
            let parameters = read(QueueSpec.self)
            return .queue(parameters, job: job)
        case .rateLimiter: return .rateLimiter(read(RateLimiterSpec.self))
        }
    }

    /// `shard_cores`: a mapping from shard number (from 0) to the cores of that shard's primary,
    /// e.g. `{ 1: 16 }`; each key and value checked where it stands. `nil` when not a mapping.
    static func shardSizes(_ reader: NodeReader) -> [ShardSize]? {
        guard let mapping = reader.mapping("a mapping of shard number to cores, such as { 1: 16 }") else { return nil }
        var sizes: [ShardSize] = []
        for entry in mapping.entries {
            guard let shard = Int(entry.key), shard >= 0 else {
                reader.sink.report("expected a shard number (0, 1, …) as the key, found '\(entry.key)'", at: entry.keyRef)
                continue
            }
            if let cores = entry.value.integer(atLeast: 1, atMost: Bounds.servers) {
                sizes.append(ShardSize(shard: shard, cores: cores, ref: entry.keyRef))
            }
        }
        return sizes
    }
}
