import HeadroomKernel

// The component registry: the one place that lists the component kinds.
//
// Every concern that differs by kind is one `switch` over `ComponentKind` (or, for lowering,
// over the steps each kind owns) here, with no `default:`, so a new kind that misses a concern
// does not compile. Each case forwards to the kind's own function in its folder
// (`Sources/HeadroomComponents/<Kind>/`): `<Kind>+Runtime.swift` (resources, run-time state,
// handlers), `<Kind>+Lowering.swift` (its steps), `<Kind>+Metrics.swift` (declarations,
// relaxation, metrics). Everything is static dispatch on plain values: nothing here runs per
// event (the interpreter calls the handlers directly, see `Engine+Interpreter.swift`).

// MARK: Resources and run-time state

extension Layout {
    /// Appends component `index`'s resources to the table.
    mutating func addResources(of component: ComponentSpec, index: Int) {
        switch component.kind {
        case .station(let station): addStation(station, index: index)
        case .loadBalancer(let balancer): addLoadBalancer(balancer, index: index)
        case .appServer(let app): addAppServer(app, index: index)
        case .pool(let pool): addPool(pool, index: index)
        case .cache(let cache): addCache(cache, index: index)
        case .database(let db): addDatabase(db, index: index)
        case .queue(let queue): addQueue(queue, index: index)
        case .rateLimiter: break  // no resource: it holds no server
        }
    }
}

extension ComponentTables {
    /// Sets up component `index`'s run-time state (and asks for its random streams).
    mutating func add(_ component: ComponentSpec, index: Int) {
        switch component.kind {
        case .station, .loadBalancer, .pool: break  // nothing beyond their resources (a balancer's is its app server's)
        case .appServer: addAppServer(component, index: index)
        case .cache(let cache): addCache(cache, index: index)
        case .database(let db): addDatabase(component, db, index: index)
        case .queue(let queue): addQueue(component, queue, index: index)
        case .rateLimiter(let limiter): addRateLimiter(limiter, index: index)
        }
    }
}

extension Engine {
    /// Starts component `index`'s fleet (replicas, workers) once the engine exists.
    mutating func setUpFleet(of component: ComponentSpec, index: Int) {
        switch component.kind {
        case .station, .loadBalancer, .pool, .cache, .database, .rateLimiter: break
        case .appServer(let app): setUpReplicas(server: index, app)
        case .queue(let queue): setUpWorkers(queue: index, queue)
        }
    }

    /// Schedules the first events a component makes on its own (a balancer's health checks).
    mutating func scheduleFirstEvents(of component: ComponentSpec) {
        switch component.kind {
        case .loadBalancer(let balancer): startHealthChecks(balancer)
        case .station, .appServer, .pool, .cache, .database, .queue, .rateLimiter: break
        }
    }
}

// MARK: Scaling

extension Engine {
    /// Sets component `c`'s fleet to `count`: an app server's replicas or a queue's workers
    /// (the timeline's `scale`, autoscalers); other kinds do not scale.
    mutating func scale(component c: Int, to count: Int) {
        switch spec.components[c].kind {
        case .appServer: scaleReplicas(server: c, to: count)
        case .queue: scaleWorkers(queue: c, to: count)
        case .station, .loadBalancer, .pool, .cache, .database, .rateLimiter: break
        }
    }

    /// The fleet an autoscaler of component `c` counts (running and ordered); nil for kinds
    /// without one.
    func fleetSize(_ c: Int) -> Int? {
        switch spec.components[c].kind {
        case .appServer: replicaFleetSize(server: c)
        case .queue: workerFleetSize(queue: c)
        case .station, .loadBalancer, .pool, .cache, .database, .rateLimiter: nil
        }
    }

    /// `count` replicas or workers an autoscaler of component `c` ordered are ready.
    mutating func finishProvisioning(server c: Int, count: Int) {
        switch spec.components[c].kind {
        case .appServer: finishProvisioningReplicas(server: c, count: count)
        case .queue: finishProvisioningWorkers(queue: c, count: count)
        case .station, .loadBalancer, .pool, .cache, .database, .rateLimiter:
            break  // autoscalers order only the two above
        }
    }
}

// MARK: Lowering

extension Program {
    /// Lowers one step: each kind lowers its own steps; `delay`, `parallel` and `branch` belong
    /// to no kind.
    mutating func emit(_ step: Step, context: String) {
        switch step {
        case .visit(let station, let service): lowerVisit(station: station, service: service)
        case .work(let server, let service): lowerWork(server: server, service: service)
        case .hold(let pool, let steps): lowerHold(pool: pool, steps: steps, context: context)
        case .cacheGet(let cache, let hit, let miss): lowerCacheGet(cache: cache, hit: hit, miss: miss, context: context)
        case .cacheSet(let cache): lowerCacheSet(cache: cache)
        case .invalidate(let cache): lowerInvalidate(cache: cache)
        case .read(let database, let service, let consistent):
            lowerRead(database: database, service: service, consistent: consistent)
        case .write(let database, let service): lowerWrite(database: database, service: service)
        case .crossShard(let database, let service): lowerCrossShard(database: database, service: service)
        case .enqueue(let queue): lowerEnqueue(queue: queue)
        case .limit(let limiter): lowerLimit(limiter: limiter)
        case .delay(let duration): lowerDelay(duration, context: context)
        case .parallel(let arms): lowerParallel(arms, context: context)
        case .branch(let arms): lowerBranch(arms, context: context)
        }
    }

    /// Lowers the programs a component runs of its own accord (a queue's job).
    mutating func lowerPrograms(of component: ComponentSpec, index: Int) {
        switch component.kind {
        case .queue(let queue): lowerJob(component, queue, index: index)
        case .station, .loadBalancer, .appServer, .pool, .cache, .database, .rateLimiter: break
        }
    }
}

// MARK: Type, declarations, relaxation, cost

extension ComponentKind {
    /// The component's kind without its parameters.
    public var type: ComponentType {
        switch self {
        case .station: .station
        case .loadBalancer: .loadBalancer
        case .appServer: .appServer
        case .pool: .pool
        case .cache: .cache
        case .database: .database
        case .queue: .queue
        case .rateLimiter: .rateLimiter
        }
    }

    /// The resources a component called `component` of this kind declares, in table order.
    func resourceDeclarations(component name: String) -> [ResourceDeclaration] {
        switch self {
        case .station(let station): station.resourceDeclarations(component: name)
        case .loadBalancer: []
        case .appServer(let app): app.resourceDeclarations(component: name)
        case .pool(let pool): pool.resourceDeclarations(component: name)
        case .cache(let cache): cache.resourceDeclarations(component: name)
        case .database(let db): db.resourceDeclarations(component: name)
        case .queue(let queue): queue.resourceDeclarations(component: name)
        case .rateLimiter: []
        }
    }

    /// This kind with the resources sized like `resource` given `factor` times their servers
    /// (``SimulationSpec/relaxing(_:by:)``); nil for a kind without resources.
    func relaxed(_ resource: ResourceDeclaration, by factor: Int) -> ComponentKind? {
        switch self {
        case .station(let station): .station(station.relaxed(by: factor))
        case .loadBalancer: nil
        case .appServer(let app): .appServer(app.relaxed(resource, by: factor))
        case .pool(let pool): .pool(pool.relaxed(by: factor))
        case .cache(let cache): .cache(cache.relaxed(by: factor))
        case .database(let db): .database(db.relaxed(resource, by: factor))
        case .queue(let queue): .queue(queue.relaxed(by: factor))
        case .rateLimiter: nil
        }
    }

    /// Price of one replica or worker for one hour under `prices` (the `cost:` section), in the
    /// model's currency: the component's own `cost_per_hour` plus the section's per-replica (and
    /// per-core) or per-worker price; 0 for kinds without a fleet.
    func unitCostPerHour(_ prices: CostSpec) -> Double {
        switch self {
        case .appServer(let app): app.costPerHour + prices.appReplica + Double(app.cores) * prices.appCore
        case .queue(let queue): queue.costPerHour + prices.queueWorker
        case .station, .loadBalancer, .pool, .cache, .database, .rateLimiter: 0
        }
    }

    /// Price for one hour of what the component has whatever its fleet: database nodes by role
    /// and their cores, a cache and its servers, a pool's connections, a station's servers; 0
    /// for kinds priced per replica or worker and for a load balancer.
    func fixedCostPerHour(_ prices: CostSpec) -> Double {
        switch self {
        case .database(let db): db.costPerHour(prices)
        case .cache(let cache): prices.cacheNode + Double(cache.servers) * prices.cacheServer
        case .pool(let pool): Double(pool.size) * prices.poolConnection
        case .station(let station): Double(station.servers) * prices.stationServer
        case .appServer, .queue, .loadBalancer, .rateLimiter: 0
        }
    }

    /// The replicas or workers a kind with a fleet starts with; 0 for other kinds.
    var startingFleet: Int {
        switch self {
        case .appServer(let app): app.replicas
        case .queue(let queue): queue.workers
        case .station, .loadBalancer, .pool, .cache, .database, .rateLimiter: 0
        }
    }
}

// MARK: Metrics

extension Engine {
    /// Component `index`'s own metrics, and its headline `load` where the kind sees it otherwise
    /// than the sum of its resources.
    func addMetrics(of component: ComponentSpec, index: Int, mine: [ResourceResult], all: [ResourceResult],
                    load: inout ResourceResult, metrics: inout [String: Double]) {
        switch component.kind {
        case .station: break
        case .loadBalancer(let lb):
            loadBalancerMetrics(lb, name: component.name, all: all, load: &load, metrics: &metrics)
        case .appServer: appServerMetrics(name: component.name, mine: mine, load: &load, metrics: &metrics)
        case .pool(let pool): poolMetrics(pool, load: load, metrics: &metrics)
        case .cache: cacheMetrics(index, metrics: &metrics)
        case .database(let db): databaseMetrics(db, index, mine: mine, metrics: &metrics)
        case .queue: queueMetrics(index, load: load, metrics: &metrics)
        case .rateLimiter(let limiter):
            rateLimiterMetrics(limiter, index, span: max(calendar.now - spec.warmup, 0), metrics: &metrics)
        }
    }

    /// Component `index`'s series points for the window that ends now, from its resources'
    /// `usage` over the window's `span` seconds.
    mutating func addWindowMetrics(of component: ComponentSpec, index c: Int, _ usage: WindowUsage, span: Double,
                                   to window: inout WindowPoints) {
        let name = component.name
        switch component.kind {
        case .station: stationWindowMetrics(name: name, usage, span: span, to: &window)
        case .loadBalancer: break
        case .appServer: appServerWindowMetrics(c, name: name, usage, span: span, to: &window)
        case .pool: poolWindowMetrics(name: name, usage, span: span, to: &window)
        case .cache: cacheWindowMetrics(c, name: name, usage, span: span, to: &window)
        case .database: databaseWindowMetrics(name: name, usage, span: span, to: &window)
        case .queue: queueWindowMetrics(c, name: name, usage, span: span, to: &window)
        case .rateLimiter: rateLimiterWindowMetrics(c, name: name, span: span, to: &window)
        }
    }
}

// MARK: Metric units

extension ComponentType {
    /// The unit of metric `key` of a component of this type (its run metrics and its series),
    /// as the kind declares it.
    public func unit(ofMetric key: String) -> MetricUnit {
        switch self {
        case .station: StationSpec.metricUnit(key)
        case .loadBalancer: LoadBalancerSpec.metricUnit(key)
        case .appServer: AppServerSpec.metricUnit(key)
        case .pool: PoolSpec.metricUnit(key)
        case .cache: CacheSpec.metricUnit(key)
        case .database: DatabaseSpec.metricUnit(key)
        case .queue: QueueSpec.metricUnit(key)
        case .rateLimiter: RateLimiterSpec.metricUnit(key)
        }
    }
}

// MARK: Parameter tables

extension ComponentType {
    /// The parameter table of this type's spec, as the docs and the schema read it.
    public var table: ParameterTableDescription {
        switch self {
        case .station: ParameterTableDescription(StationSpec.self)
        case .loadBalancer: ParameterTableDescription(LoadBalancerSpec.self)
        case .appServer: ParameterTableDescription(AppServerSpec.self)
        case .pool: ParameterTableDescription(PoolSpec.self)
        case .cache: ParameterTableDescription(CacheSpec.self)
        case .database: ParameterTableDescription(DatabaseSpec.self)
        case .queue: ParameterTableDescription(QueueSpec.self)
        case .rateLimiter: ParameterTableDescription(RateLimiterSpec.self)
        }
    }
}
