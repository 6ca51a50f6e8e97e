import HeadroomComponents
import HeadroomKernel

/// Turns a validated `Model` into the `SimulationSpec` the engine runs.
///
/// Runs only on a model that produced no diagnostics, so it checks nothing: every required
/// field has a value, every step and time feature names a component of the right type, every
/// class has a flow and a rate (its own, a share of `traffic.rate`, or the mean of a CSV profile).
/// The time features are built in `ModelBuilder+Time`.
enum ModelBuilder {
    /// The spec of `model`, which must have passed reading and validation without a diagnostic.
    static func build(_ model: Model) -> SimulationSpec {
        let components = model.components ?? []
        let builder = StepBuilder(components: components)

        let duration = model.duration.checked
        let traffic = model.traffic!
        let flows = Dictionary(
            model.flows!.flows.map { ($0.className, $0.steps!) }, uniquingKeysWith: { first, _ in first }
        )
        // `traffic.profile` applies to every class without a profile of its own; a CSV one gives
        // the rate that shares are taken of.
        let trafficProfile = traffic.profile.value.map { build($0, duration: duration) }
        let trafficRate = traffic.rate.value ?? trafficProfile?.rate
        var classes: [ClassSpec]
        let replay = traffic.replay.value.map { replaySpec($0, traffic: traffic) }
        if let replay {
            classes = replayedClasses(
                replay, rates: traffic.replay.checked.classRates, traffic: traffic, steps: { builder.build(flows[$0]!) })
        } else if let declared = traffic.classes {
            classes = declared.map { c in
                let own = c.profile.value.map { build($0, duration: duration) }
                return ClassSpec(
                    name: c.name, rate: own?.rate ?? c.rate.value ?? c.share.checked * trafficRate!,
                    steps: builder.build(flows[c.name]!), keys: c.keys.value, tenants: c.tenants.value,
                    sessions: c.sessions.value, profile: (own ?? trafficProfile)?.profile, client: c.client.value
                )
            }
        } else {
            let name = ModelReader.defaultClassName
            classes = [ClassSpec(
                name: name, rate: trafficRate!, steps: builder.build(flows[name]!), profile: trafficProfile?.profile
            )]
        }

        let targets = model.replicaTargets()
        var spec = SimulationSpec(
            name: model.name,
            duration: duration,
            warmup: model.warmup.checked,
            seed: model.seed.checked,
            maxInSystem: model.maxInSystem.checked,
            components: components.indices.map { index in
                ComponentSpec(
                    name: components[index].name,
                    kind: build(components[index], maxReplicas: model.maxReplicas(ofComponent: index, targets: targets), builder: builder)
                )
            },
            classes: classes,
            window: model.window.value,
            slo: model.slo.value,
            alerts: alerts(model),
            timeline: timeline(model, indices: builder.indices),
            autoscalers: autoscalers(model, indices: builder.indices)
        )
        spec.replay = replay
        let scale = traffic.scale.value ?? 1
        return scale == 1 ? spec : spec.scalingLoad(by: scale)
    }

    /// The engine's kind of `component`, with defaults already in the model; `maxReplicas` is
    /// the most replicas an app server may run (`Model.maxReplicas(ofComponent:targets:)`).
    private static func build(_ component: ComponentModel, maxReplicas: Int?, builder: StepBuilder) -> ComponentKind {
        guard let kind = component.kind else { preconditionFailure("ModelBuilder ran on a model that failed validation") }
        switch kind {
        case .station(let station):
            var spec = station.spec
            spec.name = component.name
            return .station(spec)
        case .loadBalancer(let balancer, let backend):
            var spec = balancer.spec
            spec.backend = builder.index(backend)
            if spec.policy != .weighted { spec.weights = [] }
            return .loadBalancer(spec)
        case .appServer(let app):
            var spec = app.spec
            spec.maxReplicas = max(maxReplicas ?? spec.replicas, spec.replicas)
            return .appServer(spec)
        case .pool(let pool):
            return .pool(pool.spec)
        case .cache(let cache):
            return .cache(cache.spec)
        case .database(let database, _):
            return .database(database.spec)
        case .queue(let queue, let job):
            var spec = queue.spec
            spec.job = builder.build(job!)
            return .queue(spec)
        case .rateLimiter(let limiter):
            return .rateLimiter(limiter.spec)
        }
    }
}

/// Builds the engine's `Step`s from validated step models, naming components by index.
struct StepBuilder {
    let components: [ComponentModel]
    let indices: [String: Int]

    init(components: [ComponentModel]) {
        self.components = components
        indices = Dictionary(uniqueKeysWithValues: components.enumerated().map { ($1.name, $0) })
    }

    /// The index of the component `use` names.
    func index(_ use: ComponentUse) -> Int {
        indices[use.name!]!
    }

    /// The steps, in order, nested lists included.
    func build(_ steps: [StepModel]) -> [Step] {
        steps.map(build)
    }

    private func build(_ step: StepModel) -> Step {
        switch step.kind {
        case .visit(let use, let time):
            let station = index(use)
            guard case .station(let model)? = components[station].kind, let service = time.value ?? model.spec.service
            else { invalid() }
            return .visit(station: station, service: service)
        case .work(let use, let time):
            return .work(server: index(use), service: time.checked)
        case .delay(let duration):
            return .delay(duration.checked)
        case .hold(let use, let steps):
            return .hold(pool: index(use), steps: build(steps!))
        case .cacheGet(let use, let hit, let miss):
            return .cacheGet(cache: index(use), hit: build(hit!), miss: build(miss!))
        case .cacheSet(let use):
            return .cacheSet(cache: index(use))
        case .invalidate(let use):
            return .invalidate(cache: index(use))
        case .read(let use, let time, let consistent):
            return .read(database: index(use), service: time.checked, consistent: consistent.checked)
        case .write(let use, let time):
            return .write(database: index(use), service: time.checked)
        case .crossShard(let use, let time):
            return .crossShard(database: index(use), service: time.checked)
        case .enqueue(let use):
            return .enqueue(queue: index(use))
        case .limit(let use):
            return .limit(limiter: index(use))
        case .parallel(let arms):
            return .parallel(arms.map { build($0!) })
        case .branch(let arms):
            return .branch(arms.map { BranchArm(probability: $0.probability.checked, steps: build($0.steps!)) })
        case .invalid:
            invalid()
        }
    }

    private func invalid() -> Never {
        preconditionFailure("ModelBuilder ran on a model that failed validation")
    }
}
