import HeadroomComponents
import HeadroomKernel

/// One step of a flow or of a queue's job, as read.
struct StepModel {
    /// The step mapping (for an unreadable step, the node that should have been one).
    var ref: SourceRef
    /// What the step does.
    var kind: Kind

    /// The step kinds with what each one read.
    enum Kind {
        /// `visit: station`, with an optional `time`.
        case visit(ComponentUse, time: Field<Distribution>)
        /// `work: app_server` with a required `time` (CPU on a core).
        case work(ComponentUse, time: Field<Distribution>)
        /// `delay: distribution`: an external call, holding nothing new.
        case delay(Field<Distribution>)
        /// `with: pool`, `do: steps`: hold a connection around the steps.
        case hold(ComponentUse, steps: [StepModel]?)
        /// `cache_get: cache` with `on_hit` and `on_miss` step lists (each may be empty).
        case cacheGet(ComponentUse, hit: [StepModel]?, miss: [StepModel]?)
        /// `cache_set: cache`.
        case cacheSet(ComponentUse)
        /// `invalidate: cache`.
        case invalidate(ComponentUse)
        /// `read: database` with a required `time` and `consistent` (default false).
        case read(ComponentUse, time: Field<Distribution>, consistent: Field<Bool>)
        /// `write: database` with a required `time`.
        case write(ComponentUse, time: Field<Distribution>)
        /// `cross_shard: database` with a required `time`.
        case crossShard(ComponentUse, time: Field<Distribution>)
        /// `enqueue: queue`.
        case enqueue(ComponentUse)
        /// `limit: rate_limiter`.
        case limit(ComponentUse)
        /// `parallel`: arms run at once; an arm is `nil` when unreadable (reported).
        case parallel([[StepModel]?])
        /// `branch: [arms]`.
        case branch([ArmModel])
        /// A step that could not be read (reported).
        case invalid
    }

    /// The component the step names, if it names one.
    var use: ComponentUse? {
        switch kind {
        case .visit(let use, _), .work(let use, _), .hold(let use, _), .cacheGet(let use, _, _),
             .cacheSet(let use), .invalidate(let use), .read(let use, _, _), .write(let use, _),
             .crossShard(let use, _), .enqueue(let use), .limit(let use):
            use
        case .delay, .parallel, .branch, .invalid:
            nil
        }
    }

    /// The step lists nested in this step that could be read, in file order.
    var children: [[StepModel]] {
        switch kind {
        case .hold(_, let steps): [steps].compactMap { $0 }
        case .cacheGet(_, let hit, let miss): [hit, miss].compactMap { $0 }
        case .parallel(let arms): arms.compactMap { $0 }
        case .branch(let arms): arms.compactMap(\.steps)
        case .visit, .work, .delay, .cacheSet, .invalidate, .read, .write, .crossShard, .enqueue, .limit, .invalid: []
        }
    }
}

/// The step keywords, as model files write them; each step has exactly one.
enum StepKeyword: String, CaseIterable {
    case visit
    case work
    case delay
    case with
    case cacheGet = "cache_get"
    case cacheSet = "cache_set"
    case invalidate
    case read
    case write
    case crossShard = "cross_shard"
    case enqueue
    case limit
    case parallel
    case branch

    /// The keywords in the order messages list them.
    static let names = allCases.map(\.rawValue)

    /// The type of component the keyword names, for the keywords that name one.
    var needs: ComponentType? {
        switch self {
        case .visit: .station
        case .work: .appServer
        case .with: .pool
        case .cacheGet, .cacheSet, .invalidate: .cache
        case .read, .write, .crossShard: .database
        case .enqueue: .queue
        case .limit: .rateLimiter
        case .delay, .parallel, .branch: nil
        }
    }

    /// The keys a step of this kind may have besides the keyword.
    var otherKeys: [String] {
        switch self {
        case .visit, .work, .write, .crossShard: ["time"]
        case .read: ["time", "consistent"]
        case .with: ["do"]
        case .cacheGet: ["on_hit", "on_miss"]
        case .delay, .cacheSet, .invalidate, .enqueue, .limit, .parallel, .branch: []
        }
    }
}

/// A component named in the model (a step's target, a load balancer's backend), with the type
/// it must have.
struct ComponentUse {
    /// The key that names it, as written (`work`, `with`, `backend`).
    var key: String
    /// The type the named component must have.
    var needs: ComponentType
    /// The name, or `nil` when unreadable (reported).
    var name: String?
    /// The value that names it (the key's mapping when the key is missing).
    var ref: SourceRef
}

/// One arm of a `branch` step.
struct ArmModel {
    /// `p`, in [0, 1].
    var probability: Field<Double>
    /// `do`, or `nil` when unreadable (reported).
    var steps: [StepModel]?
}
