import HeadroomAnalysis
import HeadroomComponents

/// The architecture of a model as a graph: the traffic source and every component as nodes,
/// and an edge wherever a request (or a job) goes from one to the next.
///
/// Edges come from the flows, read the way an engineer draws the system: a class that does CPU
/// work on an app server enters through that server (and the load balancer in front of it), and
/// the server is the caller of everything else the class touches — its caches, pools, databases
/// and queues — even for steps written before the CPU work. A pool calls what its `with` block
/// touches (pool → database), a queue what its jobs touch. A class without an app server goes
/// from station to station (a tandem network).
public struct Topology: Sendable, Equatable {
    /// A box of the diagram.
    public struct Node: Sendable, Equatable {
        /// The component's name, or `traffic` for the source.
        public var name: String
        /// The component's type as model files spell it, or `traffic`.
        public var kind: String
        /// One line of sizing: `4 × 2 cores, 32 threads`, `TTL 10m`, `20 connections`.
        public var detail: String
        /// Index into the spec's components; nil for the traffic source.
        public var component: Int?
    }

    /// A call from one node to another.
    public struct Edge: Sendable, Equatable, Hashable {
        public var from: Int
        public var to: Int
        /// An enqueue: the request does not wait for it (drawn dashed).
        public var async: Bool
    }

    /// Node 0 is the traffic source; node i + 1 is component i.
    public var nodes: [Node]
    /// In the order first met while walking the flows (so the layout is stable).
    public var edges: [Edge]

    public init(spec: SimulationSpec) {
        let totalRate = spec.classes.reduce(0) { $0 + $1.rate }
        var nodes = [Node(
            name: "traffic", kind: "traffic",
            detail: ValueFormat.rate.label(totalRate) + (spec.classes.count > 1 ? " · \(spec.classes.count) classes" : ""),
            component: nil)]
        for (index, component) in spec.components.enumerated() {
            nodes.append(Node(name: component.name, kind: component.kind.typeName,
                              detail: Self.detail(component.kind, spec: spec), component: index))
        }
        self.nodes = nodes
        var builder = EdgeBuilder(spec: spec)
        for cls in spec.classes { builder.walkClass(cls) }
        // A balancer always feeds its backend, even when no flow reaches it.
        for (index, component) in spec.components.enumerated() {
            if case .loadBalancer(let lb) = component.kind { builder.add(index + 1, lb.backend + 1) }
        }
        edges = builder.edges
    }

    /// The sizing line of a component's box.
    static func detail(_ kind: ComponentKind, spec: SimulationSpec) -> String {
        switch kind {
        case .station(let s):
            var text = s.servers == 1 ? "1 server" : "\(s.servers) servers"
            if let k = s.capacity { text += ", K \(k)" }
            return text
        case .loadBalancer(let lb):
            return lb.policy.rawValue.replacingOccurrences(of: "_", with: " ") + (lb.sticky ? ", sticky" : "")
        case .appServer(let app):
            return "\(app.replicas) × \(app.cores) core\(app.cores == 1 ? "" : "s"), \(app.threads) threads"
        case .pool(let pool):
            return "\(pool.size) connection\(pool.size == 1 ? "" : "s")"
        case .cache(let cache):
            return "TTL " + ValueFormat.duration(cache.ttl) + (cache.capacity.map { ", \(Format.count($0)) keys" } ?? "")
        case .database(let db):
            let primary = db.cores(shard: 0, node: 0)
            var parts = ["\(primary) core\(primary == 1 ? "" : "s")" + (db.shardCores.isEmpty ? "" : " (shards sized apart)")]
            if db.replicas > 0, db.cores(shard: 0, node: 1) != primary {
                parts.append("replicas \(db.cores(shard: 0, node: 1)) cores")
            }
            if db.replicas > 0 { parts.append("\(db.replicas) replica\(db.replicas == 1 ? "" : "s")") }
            if db.shards > 1 { parts.append("\(db.shards) shards") }
            return parts.joined(separator: ", ")
        case .queue(let queue):
            return "\(queue.workers) worker\(queue.workers == 1 ? "" : "s")"
        case .rateLimiter(let limiter):
            return ValueFormat.significant(limiter.rate, digits: 4) + "/s, burst \(limiter.burst), " + limiter.policy.rawValue
        }
    }
}

/// Walks the flows and collects the edges (node indexes: component i is node i + 1).
private struct EdgeBuilder {
    let spec: SimulationSpec
    private(set) var edges: [Topology.Edge] = []
    private var seen: Set<Topology.Edge> = []
    private var walkedQueues: Set<Int> = []

    init(spec: SimulationSpec) { self.spec = spec }

    mutating func add(_ from: Int, _ to: Int, async: Bool = false) {
        guard from != to else { return }
        let edge = Topology.Edge(from: from, to: to, async: async)
        if seen.insert(edge).inserted { edges.append(edge) }
    }

    /// The load balancer (node) in front of app server `app` (component index), if any.
    func balancer(of app: Int) -> Int? {
        spec.components.firstIndex {
            if case .loadBalancer(let lb) = $0.kind { return lb.backend == app }
            return false
        }.map { $0 + 1 }
    }

    mutating func walkClass(_ cls: ClassSpec) {
        if let home = Self.firstAppServer(cls.steps) {
            enter(home, from: 0)
            walk(cls.steps, context: home + 1, servers: [home], tandem: false)
        } else {
            walk(cls.steps, context: 0, servers: [], tandem: true)
        }
    }

    /// Edges from `from` into app server `app`, through its balancer when coming from outside.
    mutating func enter(_ app: Int, from: Int) {
        if let lb = balancer(of: app), lb != from {
            add(from, lb)
            add(lb, app + 1)
        } else {
            add(from, app + 1)
        }
    }

    /// `context` is the node that calls the steps; `servers` the app servers the request is on;
    /// `tandem` moves the context along plain stations. Returns the context after the steps.
    @discardableResult
    mutating func walk(_ steps: [Step], context: Int, servers: Set<Int>, tandem: Bool) -> Int {
        var context = context
        var servers = servers
        for step in steps {
            switch step {
            case .work(let server, _):
                if !servers.contains(server) {
                    enter(server, from: context)
                    servers.insert(server)
                    context = server + 1
                }
            case .visit(let station, _):
                add(context, station + 1)
                if tandem { context = station + 1 }
            case .delay:
                break
            case .hold(let pool, let inner):
                add(context, pool + 1)
                walk(inner, context: pool + 1, servers: servers, tandem: false)
            case .cacheGet(let cache, let hit, let miss):
                add(context, cache + 1)
                walk(hit, context: context, servers: servers, tandem: tandem)
                walk(miss, context: context, servers: servers, tandem: tandem)
            case .cacheSet(let cache), .invalidate(let cache):
                add(context, cache + 1)
            case .read(let db, _, _), .write(let db, _), .crossShard(let db, _):
                add(context, db + 1)
            case .limit(let limiter):
                // What follows the limiter is what it lets through.
                add(context, limiter + 1)
                context = limiter + 1
            case .enqueue(let queue):
                add(context, queue + 1, async: true)
                if walkedQueues.insert(queue).inserted, case .queue(let q) = spec.components[queue].kind {
                    walk(q.job, context: queue + 1, servers: [], tandem: false)
                }
            case .parallel(let arms):
                for arm in arms { walk(arm, context: context, servers: servers, tandem: tandem) }
            case .branch(let arms):
                for arm in arms { walk(arm.steps, context: context, servers: servers, tandem: tandem) }
            }
        }
        return context
    }

    /// The first app server a class does CPU work on, depth first: its entry point.
    static func firstAppServer(_ steps: [Step]) -> Int? {
        for step in steps {
            if case .work(let server, _) = step { return server }
            for inner in step.nested { if let s = firstAppServer(inner) { return s } }
        }
        return nil
    }
}
