import HeadroomComponents

/// The rules that join a component to others: a station's capacity against its servers, a load
/// balancer against its backend, the other balancers and the classes that reach it.
extension ModelValidator {
    /// Checks every component against the components, classes and flows it depends on.
    static func checkComponents(_ components: ComponentList, model: Model, sink: DiagnosticSink) {
        /// App server index → the load balancer in front of it.
        var balancerOf: [Int: String] = [:]
        for component in components {
            switch component.kind {
            case .station(let station)?:
                checkStation(station, sink: sink)
            case .database(let database, let sizes)?:
                checkShardSizes(sizes, of: database, sink: sink)
            case .loadBalancer(let balancer, let backend)?:
                checkLoadBalancer(
                    component.name, balancer, backend: backend, components: components, model: model,
                    balancerOf: &balancerOf, sink: sink
                )
            case .rateLimiter(let limiter)?:
                checkRateLimiter(limiter, sink: sink)
            case .appServer?, .pool?, .cache?, .queue?, nil:
                break
            }
        }
    }

    /// Every `shard_cores` key names a shard the database has.
    private static func checkShardSizes(
        _ sizes: [ShardSize], of database: ReadParameters<DatabaseSpec>, sink: DiagnosticSink
    ) {
        guard let shards = database.value("shards", \.shards) else { return }
        for size in sizes where size.shard >= shards {
            let range = shards == 1 ? "shard 0" : "shards 0–\(shards - 1)"
            sink.report(
                "shard \(size.shard) does not exist: the database has \(shards) shard\(shards == 1 ? "" : "s") (\(range)); "
                    + "expected a shard number below shards",
                at: size.ref
            )
        }
    }

    /// `max_wait` bounds how long `queue` holds a request; `reject` holds none.
    private static func checkRateLimiter(_ limiter: ReadParameters<RateLimiterSpec>, sink: DiagnosticSink) {
        if limiter.value("policy", \.policy) == .reject, let ref = limiter.ref("max_wait") {
            sink.report(
                "max_wait is used only with policy queue (policy here: reject, which holds no request); "
                    + "remove it or set policy: queue",
                at: ref
            )
        }
    }

    private static func checkStation(_ station: ReadParameters<StationSpec>, sink: DiagnosticSink) {
        if let capacity = station.value("capacity", \.capacity) ?? nil, let servers = station.value("servers", \.servers),
           capacity < servers, let ref = station.ref("capacity") {
            sink.report(
                "capacity \(capacity) is below servers \(servers); capacity counts the requests in service "
                    + "as well as those waiting, so expected capacity ≥ servers",
                at: ref
            )
        }
        guard station.value("discipline", \.discipline) == .fifo else {
            if let ref = station.ref("timeout") {
                sink.report(
                    "timeout is the longest wait in a FIFO queue, and under discipline ps nobody waits; "
                        + "remove it or set discipline: fifo",
                    at: ref
                )
            }
            return
        }
        for key in ["context_switch", "quantum"] {
            if let ref = station.ref(key) {
                sink.report(
                    "\(key) is used only with discipline ps (cores time-sliced between requests); "
                        + "remove it or set discipline: ps",
                    at: ref
                )
            }
        }
    }

    private static func checkLoadBalancer(
        _ name: String, _ balancer: ReadParameters<LoadBalancerSpec>, backend use: ComponentUse,
        components: ComponentList, model: Model, balancerOf: inout [Int: String], sink: DiagnosticSink
    ) {
        let backend = resolve(use, in: components, sink: sink)
        var replicas: Int?
        if let (index, kind) = backend, case .appServer(let app) = kind {
            replicas = app.value("replicas", \.replicas)
            if let other = balancerOf[index] {
                sink.report(
                    "app_server '\(components[index].name)' already has load balancer '\(other)' in front of it; "
                        + "expected one load_balancer per app_server",
                    at: use.ref
                )
            } else {
                balancerOf[index] = name
            }
        }
        let backendName = use.name ?? "its backend"

        switch balancer.value("policy", \.policy) {
        case .weighted?:
            if !balancer.isGiven("weights"), let ref = balancer.ref("policy") {
                let count = replicas.map { " (\($0))" } ?? ""
                sink.report(
                    "policy weighted needs 'weights', one per replica of '\(backendName)'\(count), such as [1, 1, 2]",
                    at: ref
                )
            } else if let ref = balancer.ref("weights"), let replicas, balancer.spec.weights.count != replicas {
                let weights = balancer.spec.weights
                sink.report(
                    "\(weights.count) weight\(weights.count == 1 ? "" : "s") for \(replicas) "
                        + "replica\(replicas == 1 ? "" : "s") of '\(backendName)'; expected one weight per replica",
                    at: ref
                )
            }
        case let policy?:
            if let ref = balancer.ref("weights") {
                sink.report(
                    "weights are used only with policy weighted (policy here: \(policy.rawValue)); "
                        + "remove them or set policy: weighted",
                    at: ref
                )
            }
        case nil:
            break
        }

        if balancer.value("sticky", \.sticky) == true, let ref = balancer.ref("sticky"), let backendName = use.name {
            checkSticky(backend: backendName, at: ref, model: model, sink: sink)
        }
    }

    /// Sticky sessions route by session: every class whose flow works on the backend needs
    /// `sessions`, or all its requests would share one session and one replica.
    private static func checkSticky(backend: String, at ref: SourceRef, model: Model, sink: DiagnosticSink) {
        guard let traffic = model.traffic, !traffic.classesInvalid, let flows = model.flows else { return }
        let steps = Dictionary(flows.flows.map { ($0.className, $0.steps) }, uniquingKeysWith: { first, _ in first })
        func worksOnBackend(_ className: String) -> Bool {
            guard let flow = steps[className], let flow else { return false }
            return works(on: backend, in: flow)
        }
        guard let classes = traffic.classes else {
            if worksOnBackend(ModelReader.defaultClassName) {
                sink.report(
                    "sticky sessions need sessions on every class that works on '\(backend)', but without "
                        + "traffic.classes the only class, '\(ModelReader.defaultClassName)', has none; declare it "
                        + "under traffic.classes with sessions: { count: … }",
                    at: ref
                )
            }
            return
        }
        let without = classes.filter { !$0.sessions.isGiven && worksOnBackend($0.name) }.map { "'\($0.name)'" }
        guard !without.isEmpty else { return }
        sink.report(
            "sticky sessions need sessions on every class that works on '\(backend)'; "
                + "without: \(without.joined(separator: ", ")) (add sessions: { count: … })",
            at: ref
        )
    }

    /// Whether `steps` (nested ones included) do `work` on the component named `server`.
    private static func works(on server: String, in steps: [StepModel]) -> Bool {
        steps.contains { step in
            if case .work(let use, _) = step.kind, use.name == server { return true }
            return step.children.contains { works(on: server, in: $0) }
        }
    }
}
