import HeadroomKernel

/// The per-kind run-time tables an engine starts with, filled component by component (each
/// kind's `add…` in its `<Kind>+Runtime.swift`, called from the registry) before the engine
/// exists: Swift wants every stored property of `Engine` set before `self` is used.
///
/// Every table is indexed by component (a cache's entry at a database's index is unused), except
/// `weights` (balancer weights, each balancer's from its `weightsOffset`) and the per-key and
/// per-tenant shard columns (`keySpace` and `tenantSpace` entries per database).
struct ComponentTables {
    let spec: SimulationSpec
    let layout: Layout
    /// Keys and tenants any class draws from (at least 1): the size of each cache's and
    /// database's block of the per-key columns.
    let keySpace: Int
    let tenantSpace: Int
    /// Names of the random streams: the program's first, then the components' as they ask.
    var streamNames: [String]
    var balancers: [BalancerState]
    var weights: [Double] = []
    var caches: [CacheState]
    var databases: [DatabaseState]
    var jobQueues: [QueueState]
    var limiters: [RateLimiterState]
    var cacheCount = 0
    var databaseCount = 0
    var keyShard: [Int32] = []
    var tenantShard: [Int32] = []
    /// Per component: the replication lag of a database (`.constant(0)` for the rest).
    var replicationLags: [Distribution]

    init(spec: SimulationSpec, layout: Layout, streamNames: [String], keySpace: Int, tenantSpace: Int) {
        self.spec = spec
        self.layout = layout
        self.streamNames = streamNames
        self.keySpace = keySpace
        self.tenantSpace = tenantSpace
        balancers = Array(repeating: BalancerState(), count: spec.components.count)
        caches = Array(repeating: CacheState(), count: spec.components.count)
        databases = Array(repeating: DatabaseState(), count: spec.components.count)
        jobQueues = Array(repeating: QueueState(), count: spec.components.count)
        limiters = Array(repeating: RateLimiterState(), count: spec.components.count)
        replicationLags = Array(repeating: .constant(0), count: spec.components.count)
        for (index, component) in spec.components.enumerated() {
            add(component, index: index)
        }
    }

    /// The index of the random stream called `name`, added if new.
    mutating func stream(_ name: String) -> Int32 {
        if let index = streamNames.firstIndex(of: name) { return Int32(index) }
        streamNames.append(name)
        return Int32(streamNames.count - 1)
    }
}
