import HeadroomComponents
import HeadroomKernel

/// Reads `components`: each component's `type` and the parameters of that type, with their kinds,
/// units, ranges and defaults. Rules that join a component to others (a load balancer's backend,
/// a step's target) are `ModelValidator`'s.
enum ComponentReader {
    /// The keys of each component type, `type` first.
    static let keys: [ComponentType: [String]] = [
        .station: ["type", "servers", "capacity", "timeout", "service"],
        .loadBalancer: ["type", "policy", "backend", "weights", "sticky", "health_check"],
        .appServer: ["type", "replicas", "threads", "cores", "backlog", "cost_per_hour"],
        .pool: ["type", "size", "acquire_timeout"],
        .cache: ["type", "ttl", "capacity", "service", "servers"],
        .database: [
            "type", "cores", "primary_cores", "replica_cores", "shard_cores", "replicas", "replication_lag", "slow_query",
            "shards", "router", "queue_capacity",
        ],
        .queue: ["type", "workers", "capacity", "failure", "attempts", "backoff", "job", "cost_per_hour"],
    ]

    /// The default `service` of a cache: one operation in 200 µs.
    static let defaultCacheService = Distribution.constant(0.0002)
    /// The default `backoff` of a queue: 1 s before the first retry.
    static let defaultBackoff = Distribution.constant(1)

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
        m.rejectUnknownKeys(allowed: keys[type]!)
        let here = m.reader.ref
        switch type {
        case .station:
            return .station(StationModel(
                servers: Field(m.value("servers")) { $0.integer(atLeast: 1, atMost: Bounds.servers) }
                    .defaulting(to: 1, at: here),
                capacity: Field(m.value("capacity")) { $0.integer(atLeast: 1) },
                timeout: Field(m.value("timeout")) { $0.duration(.positive) },
                service: Field(m.value("service"), DistributionReader.read)
            ))
        case .loadBalancer:
            let backend = m.required("backend", "the name of an app_server component")
            return .loadBalancer(LoadBalancerModel(
                policy: Field(m.value("policy")) { reader in
                    reader.choice(BalancingPolicy.allCases.map(\.rawValue), noun: "policy")
                        .flatMap(BalancingPolicy.init(rawValue:))
                }.defaulting(to: .roundRobin, at: here),
                backend: ComponentUse(
                    key: "backend", needs: .appServer,
                    name: backend?.string("the name of an app_server component"), ref: backend?.ref ?? here
                ),
                weights: Field(m.value("weights"), weights),
                sticky: Field(m.value("sticky")) { $0.boolean() }.defaulting(to: false, at: here),
                healthCheck: Field(m.value("health_check"), HealthCheckReader.read)
            ))
        case .appServer:
            return .appServer(AppServerModel(
                replicas: Field(m.value("replicas")) { $0.integer(atLeast: 1, atMost: Bounds.replicas) }
                    .defaulting(to: 1, at: here),
                threads: Field(m.value("threads")) { $0.integer(atLeast: 1, atMost: Bounds.servers) }
                    .defaulting(to: 1, at: here),
                cores: Field(m.value("cores")) { $0.integer(atLeast: 1, atMost: Bounds.servers) }
                    .defaulting(to: 1, at: here),
                backlog: Field(m.value("backlog")) { $0.integer(atLeast: 0, atMost: Bounds.waiting) },
                costPerHour: costPerHour(m)
            ))
        case .pool:
            return .pool(PoolModel(
                size: Field(required: m.required("size", "an integer ≥ 1")) {
                    $0.integer(atLeast: 1, atMost: Bounds.servers)
                },
                acquireTimeout: Field(m.value("acquire_timeout")) { $0.duration(.positive) }
            ))
        case .cache:
            return .cache(CacheModel(
                ttl: Field(required: m.required("ttl", "a duration > 0 such as 1h")) { $0.duration(.positive) },
                capacity: Field(m.value("capacity")) { $0.integer(atLeast: 1) },
                service: Field(m.value("service"), DistributionReader.read)
                    .defaulting(to: defaultCacheService, at: here),
                servers: Field(m.value("servers")) { $0.integer(atLeast: 1, atMost: Bounds.servers) }
                    .defaulting(to: 1, at: here)
            ))
        case .database:
            return .database(DatabaseModel(
                cores: Field(m.value("cores")) { $0.integer(atLeast: 1, atMost: Bounds.servers) }
                    .defaulting(to: 1, at: here),
                primaryCores: Field(m.value("primary_cores")) { $0.integer(atLeast: 1, atMost: Bounds.servers) },
                replicaCores: Field(m.value("replica_cores")) { $0.integer(atLeast: 1, atMost: Bounds.servers) },
                shardCores: Self.shardSizes(m.value("shard_cores")),
                replicas: Field(m.value("replicas")) { $0.integer(atLeast: 0, atMost: Bounds.readReplicas) }
                    .defaulting(to: 0, at: here),
                replicationLag: Field(m.value("replication_lag"), DistributionReader.read)
                    .defaulting(to: .constant(0), at: here),
                slowQuery: Field(m.value("slow_query")) { $0.duration(.positive) },
                shards: Field(m.value("shards")) { $0.integer(atLeast: 1, atMost: Bounds.replicas) }
                    .defaulting(to: 1, at: here),
                router: Field(m.value("router")) { reader in
                    reader.choice(ShardRouter.allCases.map(\.rawValue), noun: "router")
                        .flatMap(ShardRouter.init(rawValue:))
                }.defaulting(to: .hash, at: here),
                queueCapacity: Field(m.value("queue_capacity")) { $0.integer(atLeast: 0, atMost: Bounds.waiting) }
            ))
        case .queue:
            return .queue(QueueModel(
                workers: Field(required: m.required("workers", "an integer ≥ 1")) {
                    $0.integer(atLeast: 1, atMost: Bounds.servers)
                },
                capacity: Field(m.value("capacity")) { $0.integer(atLeast: 0, atMost: Bounds.waiting) },
                failure: Field(m.value("failure")) { $0.fraction(allowZero: true) }.defaulting(to: 0, at: here),
                attempts: Field(m.value("attempts")) { $0.integer(atLeast: 1, atMost: Bounds.attempts) }
                    .defaulting(to: 1, at: here),
                backoff: Field(m.value("backoff"), DistributionReader.read).defaulting(to: defaultBackoff, at: here),
                job: m.required("job", "a list of steps such as [ { delay: 300ms } ]").flatMap { StepReader.steps($0) },
                costPerHour: costPerHour(m)
            ))
        }
    }

    /// `cost_per_hour`: the price of one replica or worker for one hour, a number ≥ 0 in the
    /// model's currency (default 0: no cost reported).
    private static func costPerHour(_ m: MappingReader) -> Field<Double> {
        Field(m.value("cost_per_hour")) { $0.nonNegativeNumber() }.defaulting(to: 0, at: m.reader.ref)
    }

    /// A load balancer's `weights`: a non-empty list of numbers > 0.
    private static func weights(_ reader: NodeReader) -> [Double]? {
        guard let items = reader.list("a list of weights > 0 such as [1, 1, 2], one per replica") else { return nil }
        guard !items.isEmpty else {
            reader.error("expected at least one weight, found an empty list")
            return nil
        }
        let weights = items.map { $0.positiveNumber() }
        guard weights.allSatisfy({ $0 != nil }) else { return nil }
        return weights.map { $0! }
    }

    /// `shard_cores`: a mapping from shard number (from 0) to the cores of that shard's primary,
    /// e.g. `{ 1: 16 }`; each key and value checked where it stands.
    static func shardSizes(_ reader: NodeReader?) -> [ShardSize] {
        guard let reader, let mapping = reader.mapping("a mapping of shard number to cores, such as { 1: 16 }")
        else { return [] }
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
