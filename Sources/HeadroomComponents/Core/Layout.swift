import HeadroomKernel

/// Where each component's resources sit in the engine's flat resource table, and the static
/// facts the interpreter needs about them. Built once per run from the spec.
///
/// Resources per component: a station, pool, cache or queue has one; an app server has two per
/// replica (threads at `base + 2r`, cores at `base + 2r + 1`); a database has one per node, shard
/// by shard (`base + shard·(1 + replicas) + node`, node 0 the primary); a load balancer none.
struct Layout {
    /// First resource of each component.
    var base: [Int32] = []
    /// Every resource, in table order.
    var resources: [ResourceState] = []
    /// Each resource as its component declares it (name, role, place, sizing key), in table
    /// order: ``SimulationSpec/resourceDeclarations``.
    var declarations: [ResourceDeclaration] = []
    /// Name of each resource (`db.shard1.replica2`), for traces and results.
    var resourceNames: [String] = []
    /// The component each resource belongs to.
    var resourceComponent: [Int] = []
    /// For each app server component, the load balancer in front of it (index), if any.
    var balancerOf: [Int: Int] = [:]
    /// Register holding the chosen replica offset, per app server component.
    var replicaRegister: [Int: Int32] = [:]
    /// Per-request registers in all: key, tenant, session, node (temporary), then one per app server.
    var registerCount: Int32 = 4

    static let keyRegister: Int32 = 0
    static let tenantRegister: Int32 = 1
    static let sessionRegister: Int32 = 2
    /// Scratch register for a database step's node offset (set and used within one step).
    static let nodeRegister: Int32 = 3

    init(_ spec: SimulationSpec) {
        for (index, component) in spec.components.enumerated() {
            base.append(Int32(resources.count))
            addResources(of: component, index: index)
        }
        declarations = spec.resourceDeclarations
        precondition(declarations.count == resources.count, "every resource is declared once")
        resourceNames = declarations.map(\.name)
    }

    /// Appends one resource of component `component` to the table.
    mutating func add(_ state: ResourceState, _ component: Int) {
        resources.append(state)
        resourceComponent.append(component)
    }
}
