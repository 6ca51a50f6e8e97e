import HeadroomComponents

/// What the model says about one component whose service times can be calibrated: its servers,
/// its visits and its service demand per request (from ``Explanation``).
///
/// Calibrated kinds are those whose `utilization` is busy servers over servers, the busy time
/// being draws of the model's service times: a station (its `service` and the `time` of its
/// visits), an app server (the `time` of its `work` steps, on its cores), a database (the `time`
/// of reads, writes and cross-shard queries, on all its nodes' cores) and a cache (its
/// `service`). A pool, a queue and a rate limiter are not: a pool's connection and a queue's
/// worker are held for the time of other steps (calibrate the components those visit), a rate
/// limiter holds nothing.
public struct CalibrationTarget: Sendable, Equatable, Codable {
    public var component: String
    public var kind: ComponentType
    /// Servers the utilization is a share of, in the model: a station's or cache's servers, an
    /// app server's cores over its starting replicas, a database's cores over all its nodes.
    public var servers: Double
    /// An app server's cores per replica: with an observed `in_rotation`, a window's servers are
    /// in_rotation × this (the engine's utilization is over the replicas in rotation).
    public var serversPerReplica: Double?
    /// Visits per request (all classes, weighted by rate).
    public var visits: Double
    /// The model's service demand per request D = Σ V·S, seconds.
    public var demand: Double
    /// How many service-time distributions of the model feed it (its `service` and its steps'
    /// `time`s); percentiles can replace a distribution only when there is exactly one.
    public var sites: Int

    public init(component: String, kind: ComponentType, servers: Double, serversPerReplica: Double? = nil,
                visits: Double, demand: Double, sites: Int = 1) {
        self.component = component
        self.kind = kind
        self.servers = servers
        self.serversPerReplica = serversPerReplica
        self.visits = visits
        self.demand = demand
        self.sites = sites
    }

    /// Whether calibration fits components of this kind (see the type's summary).
    public static func isCalibrated(_ kind: ComponentType) -> Bool {
        switch kind {
        case .station, .appServer, .database, .cache: true
        case .loadBalancer, .pool, .queue, .rateLimiter: false
        }
    }

    /// Why a component of `kind` is not calibrated, in words.
    public static func reasonNotCalibrated(_ kind: ComponentType) -> String {
        switch kind {
        case .pool: "a pool's connections are held for the time of the steps inside `with` (calibrate the components they visit)"
        case .queue: "a queue's workers are held for the time of its job's steps (calibrate the components they visit)"
        case .rateLimiter: "a rate limiter holds no server"
        case .loadBalancer: "a load balancer holds no server"
        case .station, .appServer, .database, .cache: ""
        }
    }

    /// The calibrated components of `spec`, in model order, from its explanation (the model's
    /// demands, visits and servers); `sites` counts each one's service-time distributions;
    /// `hitRates` are caches' observed hit rates, used instead of the TTL estimate (what misses
    /// send on to the database decides its demand per request).
    public static func targets(of spec: SimulationSpec, sites: [String: Int] = [:], hitRates: [String: Double] = [:])
        -> [CalibrationTarget]
    {
        let explanation = Explanation(spec: spec, observedHitRates: hitRates)
        var out: [CalibrationTarget] = []
        for component in spec.components where isCalibrated(component.kind.type) {
            let mine = explanation.resources.filter { $0.component == component.name }
            var servers = 0.0
            var perReplica: Double?
            switch component.kind {
            case .appServer(let app):
                servers = Double(app.replicas * app.cores)
                perReplica = Double(app.cores)
            case .station, .cache, .database, .loadBalancer, .pool, .queue, .rateLimiter:
                servers = mine.reduce(0) { $0 + Double($1.servers * $1.members) }
            }
            out.append(CalibrationTarget(
                component: component.name, kind: component.kind.type, servers: servers, serversPerReplica: perReplica,
                visits: mine.reduce(0) { $0 + $1.visits }, demand: mine.reduce(0) { $0 + $1.demand },
                sites: sites[component.name] ?? 1))
        }
        return out
    }
}
