/// The model's components with lookups by name, built once per validation so that resolving
/// every step's, event's and autoscaler's component is O(1) rather than a scan (validation stays
/// linear in the model's size: 10,000 components validate in well under a second).
struct ComponentList: RandomAccessCollection {
    /// The components, in file order.
    let all: [ComponentModel]
    /// Their names, in file order (for messages; made once, not per problem).
    let names: [String]
    /// Name → index of the first component with that name.
    private let byName: [String: Int]
    /// App-server name → the first `weighted` load balancer in front of it.
    private let weightedBalancers: [String: String]

    init(_ components: [ComponentModel]) {
        all = components
        var byName: [String: Int] = [:]
        var weighted: [String: String] = [:]
        for (index, component) in components.enumerated() {
            if byName[component.name] == nil { byName[component.name] = index }
            if case .loadBalancer(let balancer, let use)? = component.kind, balancer.value("policy", \.policy) == .weighted,
               let backend = use.name, weighted[backend] == nil {
                weighted[backend] = component.name
            }
        }
        self.byName = byName
        weightedBalancers = weighted
        names = components.map(\.name)
    }

    var startIndex: Int { all.startIndex }
    var endIndex: Int { all.endIndex }
    subscript(position: Int) -> ComponentModel { all[position] }

    /// The index of the component named `name`, if any.
    func index(named name: String) -> Int? { byName[name] }

    /// The name of a `weighted` load balancer in front of the app server named `name`, if any:
    /// its weights are one per replica, so that server's replicas cannot change.
    func weightedBalancer(of name: String) -> String? { weightedBalancers[name] }
}
