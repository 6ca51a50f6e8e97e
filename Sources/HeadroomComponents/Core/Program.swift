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
        /// Take a token of rate limiter component `a`: go on, be held, or be rejected.
        case limit
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
        /// Join processor-sharing station resource `c` with a draw of distribution `a` from
        /// random stream `b` as work; go on when it is done.
        case share
        /// As `delay` at a FIFO station with a wake-up cost (the resource taken by the `acquire`
        /// just before): plus the wake-up when the request did not wait; `c` is the holding depth.
        case serveWithWakeup
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

    var heldIndex: [[HeldResource]: Int32] = [[]: 0]
    var streamIndex: [String: Int32] = [:]
    var holding: [HeldResource] = []
    let spec: SimulationSpec
    let layout: Layout

    /// Compiles every class's flow and every component's own programs (a queue's job).
    init(spec: SimulationSpec, layout: Layout) {
        self.spec = spec
        self.layout = layout
        for classSpec in spec.classes {
            entry.append(Int32(instructions.count))
            let context = "class/" + classSpec.name
            let servers = takeThreads(for: classSpec.steps)
            emit(classSpec.steps, context: context)
            releaseThreads(servers)
            append(Instruction(op: .done, a: 0, b: 0))
        }
        for (index, component) in spec.components.enumerated() {
            lowerPrograms(of: component, index: index)
        }
    }

    // MARK: Emission

    mutating func append(_ instruction: Instruction) {
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

    mutating func acquire(base: Int32, register: Int32) {
        let depth = Int32(holding.count)
        append(Instruction(op: .acquire, a: base, b: register, c: depth))
        holding.append(HeldResource(base: base, register: register, depth: depth))
        maxDepth = max(maxDepth, holding.count)
    }

    /// Gives back the innermost held resource. The release instruction's held set still
    /// contains it: a request killed while it waits out the delay before the release (a crash)
    /// must give it back too.
    mutating func release() {
        let held = holding.last!
        append(Instruction(op: .release, a: held.base, b: held.register, c: held.depth))
        holding.removeLast()
    }

    mutating func stream(_ name: String) -> Int32 {
        if let known = streamIndex[name] { return known }
        let index = Int32(streamNames.count)
        streamNames.append(name)
        streamIndex[name] = index
        return index
    }

    mutating func delay(_ distribution: Distribution, stream name: String, query database: Int? = nil) {
        let index = Int32(distributions.count)
        distributions.append(distribution)
        fastDistributions.append(FastDistribution(distribution))
        let op: Instruction.Op = database == nil ? .delay : .query
        append(Instruction(op: op, a: index, b: stream(name), c: Int32(database ?? -1)))
    }

    /// Adds a distribution to the program's table; its index.
    mutating func addDistribution(_ distribution: Distribution) -> Int32 {
        distributions.append(distribution)
        fastDistributions.append(FastDistribution(distribution))
        return Int32(distributions.count - 1)
    }

    /// Work on one resource: take it, hold it for a draw, give it back.
    mutating func serve(base: Int32, register: Int32, _ distribution: Distribution, stream name: String,
                                query database: Int? = nil) {
        acquire(base: base, register: register)
        delay(distribution, stream: name, query: database)
        release()
    }

    mutating func emit(_ steps: [Step], context: String) {
        for step in steps { emit(step, context: context) }
    }

    /// Emits a fork of `count` children: the parent waits at the fork; each child's code (from
    /// `body`) runs with nothing held and ends with `childDone`; the parent goes on after it.
    mutating func fork(count: Int, body: (inout Program, Int) -> Void) {
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

    // MARK: Steps of no component kind

    /// `delay`: wait without holding anything new (an external call).
    mutating func lowerDelay(_ duration: Distribution, context: String) {
        delay(duration, stream: "delay/" + context)
    }

    /// `parallel`: one fork child per arm.
    mutating func lowerParallel(_ arms: [[Step]], context: String) {
        fork(count: arms.count) { program, child in
            program.emit(arms[child], context: context)
        }
    }

    /// `branch`: a table of cumulative probabilities; each arm jumps past the others.
    mutating func lowerBranch(_ arms: [BranchArm], context: String) {
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
