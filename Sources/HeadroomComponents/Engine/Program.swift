import HeadroomKernel

/// One instruction of a compiled request program. 16 bytes.
///
/// Flows are nested `Step` trees in the spec; the engine runs them as a flat list of small
/// instructions, so a request's whole control state is a program counter plus a few registers.
@usableFromInline
struct Instruction: Sendable, BitwiseCopyable {
    @usableFromInline enum Op: UInt8, Sendable, BitwiseCopyable {
        /// Take a server of resource `a + regs[b]` (b < 0: `a`), or wait in its queue; `c` is the
        /// holding depth (which stamp slot records the times).
        case acquire
        /// Give back the server of resource `a + regs[b]`; `c` is the holding depth.
        case release
        /// Hold for a draw of distribution `a` from random stream `b`.
        case delay
        /// As `delay`, a database query of database component `c` (counts slow queries).
        case query
        /// Jump to the arm chosen by a draw from the class's routing stream; `a` is the first
        /// entry in the branch table, `b` the number of entries.
        case branch
        /// Continue at instruction `a`.
        case jump
        /// A top-level request is complete.
        case done
        /// A fan-out child is complete: tell the parent.
        case childDone
        /// Choose a replica of app server `a` (by its load balancer) into register `b`.
        case pick
        /// Look the key up in cache component `a`: hit goes on, miss jumps to `b`.
        case cacheGet
        /// Store the key in cache component `a`.
        case cacheSet
        /// Remove the key from cache component `a`.
        case invalidate
        /// Route to a node of database component `a` into the node register: `b` is the access
        /// (`Engine.replicaRead`, `consistentRead` or `write`).
        case route
        /// The write to database component `a` is done: it reaches replicas after the lag.
        case replicate
        /// Start the `b` children whose entries are at `forks[a ..< a + b]`, and wait for all.
        case fork
        /// Put a job on queue component `a`; go on at once.
        case enqueue
        /// The job of queue component `a` has run: succeed, or retry, or dead-letter.
        case jobEnd
        /// Set the node register to `a` (a cross-shard child's shard).
        case setNode
    }
    @usableFromInline var op: Op
    @usableFromInline var a: Int32
    @usableFromInline var b: Int32
    @usableFromInline var c: Int32 = 0
}

/// One entry of a branch table: take the arm at `target` when the uniform draw is below
/// `cumulative` (entries ascend; the last one leads past the branch with cumulative 2).
@usableFromInline
struct BranchEntry: Sendable {
    @usableFromInline var cumulative: Double
    @usableFromInline var target: Int32
}

/// The two distributions that dominate service and arrival times, kept as plain values so the
/// hot loop draws them without copying a `Distribution` (whose array-carrying cases make every
/// copy a retain and release: a quarter of the M/M/1 loop, measured with callgrind).
@usableFromInline
struct FastDistribution: Sendable, BitwiseCopyable {
    /// 0 constant `value`; 1 exponential with mean `value`; 2 anything else (the full form).
    @usableFromInline var kind: UInt8
    @usableFromInline var value: Double

    init(_ distribution: Distribution) {
        switch distribution {
        case .constant(let v): kind = 0; value = v
        case .exponential(let mean): kind = 1; value = mean
        default: kind = 2; value = 0
        }
    }
}

/// A resource held at some point of a program: `base + regs[register]` (register < 0: `base`).
struct HeldResource: Hashable, Sendable {
    var base: Int32
    var register: Int32
    var depth: Int32
}

/// The programs of every class and every queue's job, compiled into one instruction list.
struct Program {
    var instructions: [Instruction] = []
    var branches: [BranchEntry] = []
    /// Entry points of fork children.
    var forks: [Int32] = []
    /// Every distribution named by a `delay` or `query`, by index, and its fast form.
    var distributions: [Distribution] = []
    var fastDistributions: [FastDistribution] = []
    /// Names of the random streams that delays draw from, by index.
    var streamNames: [String] = []
    /// Where each class's program starts.
    var entry: [Int32] = []
    /// Where each queue component's job program starts (by component index).
    var jobEntry: [Int: Int32] = [:]
    /// Per instruction: index into `heldSets` of what a request holds there, released in reverse
    /// order when it fails at that instruction.
    var heldAt: [Int32] = []
    var heldSets: [[HeldResource]] = [[]]
    /// Deepest holding, so the engine sizes its per-request stamp slots.
    var maxDepth = 1

    private var heldIndex: [[HeldResource]: Int32] = [[]: 0]
    private var streamIndex: [String: Int32] = [:]
    private var holding: [HeldResource] = []
    private let spec: SimulationSpec
    private let layout: Layout

    /// Compiles every class's flow and every queue's job.
    init(spec: SimulationSpec, layout: Layout) {
        self.spec = spec
        self.layout = layout
        for classSpec in spec.classes {
            entry.append(Int32(instructions.count))
            let context = "class/" + classSpec.name
            // Threads of every app server the flow uses are taken first and kept to the end, so
            // what a request holds at each instruction is known here, not tracked at run time.
            let servers = Program.appServers(in: classSpec.steps)
            for server in servers {
                let register = layout.replicaRegister[server]!
                append(Instruction(op: .pick, a: Int32(server), b: register))
                acquire(base: layout.base[server], register: register)
            }
            emit(classSpec.steps, context: context)
            for _ in servers { release() }
            append(Instruction(op: .done, a: 0, b: 0))
        }
        for (index, component) in spec.components.enumerated() {
            guard case .queue(let queue) = component.kind else { continue }
            jobEntry[index] = Int32(instructions.count)
            acquire(base: layout.base[index], register: -1)
            emit(queue.job, context: "job/" + component.name)
            append(Instruction(op: .jobEnd, a: Int32(index), b: 0))
            holding.removeLast()
        }
    }

    /// The app servers a flow works on, in order of first use (parallel arms and branches too).
    static func appServers(in steps: [Step]) -> [Int] {
        var found: [Int] = []
        func scan(_ steps: [Step]) {
            for step in steps {
                switch step {
                case .work(let server, _): if !found.contains(server) { found.append(server) }
                case .hold(_, let inner): scan(inner)
                case .cacheGet(_, let hit, let miss): scan(hit); scan(miss)
                case .parallel(let arms): arms.forEach(scan)
                case .branch(let arms): arms.forEach { scan($0.steps) }
                default: break
                }
            }
        }
        scan(steps)
        return found
    }

    // MARK: Emission

    private mutating func append(_ instruction: Instruction) {
        instructions.append(instruction)
        if let known = heldIndex[holding] {
            heldAt.append(known)
        } else {
            let index = Int32(heldSets.count)
            heldSets.append(holding)
            heldIndex[holding] = index
            heldAt.append(index)
        }
    }

    private mutating func acquire(base: Int32, register: Int32) {
        let depth = Int32(holding.count)
        append(Instruction(op: .acquire, a: base, b: register, c: depth))
        holding.append(HeldResource(base: base, register: register, depth: depth))
        maxDepth = max(maxDepth, holding.count)
    }

    /// Gives back the innermost held resource. The release instruction's held set still
    /// contains it: a request killed while it waits out the delay before the release (a crash)
    /// must give it back too.
    private mutating func release() {
        let held = holding.last!
        append(Instruction(op: .release, a: held.base, b: held.register, c: held.depth))
        holding.removeLast()
    }

    private mutating func stream(_ name: String) -> Int32 {
        if let known = streamIndex[name] { return known }
        let index = Int32(streamNames.count)
        streamNames.append(name)
        streamIndex[name] = index
        return index
    }

    private mutating func delay(_ distribution: Distribution, stream name: String, query database: Int? = nil) {
        let index = Int32(distributions.count)
        distributions.append(distribution)
        fastDistributions.append(FastDistribution(distribution))
        let op: Instruction.Op = database == nil ? .delay : .query
        append(Instruction(op: op, a: index, b: stream(name), c: Int32(database ?? -1)))
    }

    /// Work on one resource: take it, hold it for a draw, give it back.
    private mutating func serve(base: Int32, register: Int32, _ distribution: Distribution, stream name: String,
                                query database: Int? = nil) {
        acquire(base: base, register: register)
        delay(distribution, stream: name, query: database)
        release()
    }

    private mutating func emit(_ steps: [Step], context: String) {
        for step in steps { emit(step, context: context) }
    }

    private mutating func emit(_ step: Step, context: String) {
        switch step {
        case .visit(let station, let service):
            serve(base: layout.base[station], register: -1, service, stream: "service/" + spec.components[station].name)
        case .work(let server, let service):
            // Cores sit one after the threads of the same replica.
            serve(base: layout.base[server] + 1, register: layout.replicaRegister[server]!, service,
                  stream: "cpu/" + spec.components[server].name)
        case .delay(let duration):
            delay(duration, stream: "delay/" + context)
        case .hold(let pool, let steps):
            acquire(base: layout.base[pool], register: -1)
            emit(steps, context: context)
            release()
        case .cacheGet(let cache, let hit, let miss):
            cacheOperation(cache)
            let get = instructions.count
            append(Instruction(op: .cacheGet, a: Int32(cache), b: 0))
            emit(hit, context: context)
            let jump = instructions.count
            append(Instruction(op: .jump, a: 0, b: 0))
            instructions[get].b = Int32(instructions.count)
            emit(miss, context: context)
            instructions[jump].a = Int32(instructions.count)
        case .cacheSet(let cache):
            cacheOperation(cache)
            append(Instruction(op: .cacheSet, a: Int32(cache), b: 0))
        case .invalidate(let cache):
            cacheOperation(cache)
            append(Instruction(op: .invalidate, a: Int32(cache), b: 0))
        case .read(let database, let service, let consistent):
            append(Instruction(op: .route, a: Int32(database), b: consistent ? Engine.consistentRead : Engine.replicaRead))
            serve(base: layout.base[database], register: Layout.nodeRegister, service,
                  stream: "db/" + spec.components[database].name, query: database)
        case .write(let database, let service):
            append(Instruction(op: .route, a: Int32(database), b: Engine.write))
            serve(base: layout.base[database], register: Layout.nodeRegister, service,
                  stream: "db/" + spec.components[database].name, query: database)
            append(Instruction(op: .replicate, a: Int32(database), b: 0))
        case .crossShard(let database, let service):
            guard case .database(let db) = spec.components[database].kind else { preconditionFailure("not a database") }
            fork(count: db.shards) { program, shard in
                program.append(Instruction(op: .setNode, a: Int32(shard * (1 + db.replicas)), b: 0))
                program.serve(base: program.layout.base[database], register: Layout.nodeRegister, service,
                              stream: "db/" + program.spec.components[database].name, query: database)
            }
        case .enqueue(let queue):
            append(Instruction(op: .enqueue, a: Int32(queue), b: 0))
        case .parallel(let arms):
            fork(count: arms.count) { program, child in
                program.emit(arms[child], context: context)
            }
        case .branch(let arms):
            let table = branches.count
            append(Instruction(op: .branch, a: Int32(table), b: Int32(arms.count + 1)))
            branches.append(contentsOf: repeatElement(BranchEntry(cumulative: 0, target: 0), count: arms.count + 1))
            var cumulative = 0.0
            var jumps: [Int] = []
            for (i, arm) in arms.enumerated() {
                cumulative += arm.probability
                branches[table + i] = BranchEntry(cumulative: cumulative, target: Int32(instructions.count))
                emit(arm.steps, context: context)
                jumps.append(instructions.count)
                append(Instruction(op: .jump, a: 0, b: 0))
            }
            let end = Int32(instructions.count)
            branches[table + arms.count] = BranchEntry(cumulative: 2, target: end)
            for j in jumps { instructions[j].a = end }
        }
    }

    /// A get, set or delete takes one of the cache's servers for its service time.
    private mutating func cacheOperation(_ cache: Int) {
        guard case .cache(let spec) = spec.components[cache].kind else { preconditionFailure("not a cache") }
        serve(base: layout.base[cache], register: -1, spec.service, stream: "cache/" + self.spec.components[cache].name)
    }

    /// Emits a fork of `count` children: the parent waits at the fork; each child's code (from
    /// `body`) runs with nothing held and ends with `childDone`; the parent goes on after it.
    private mutating func fork(count: Int, body: (inout Program, Int) -> Void) {
        let table = forks.count
        forks.append(contentsOf: repeatElement(0, count: count))
        append(Instruction(op: .fork, a: Int32(table), b: Int32(count)))
        let skip = instructions.count
        append(Instruction(op: .jump, a: 0, b: 0))
        let parentHolding = holding
        holding = []
        for child in 0..<count {
            forks[table + child] = Int32(instructions.count)
            body(&self, child)
            append(Instruction(op: .childDone, a: 0, b: 0))
        }
        holding = parentHolding
        instructions[skip].a = Int32(instructions.count)
    }
}
