import HeadroomKernel

/// One instruction of a compiled request program.
///
/// Flows are nested `Step` trees in the spec; the engine runs them as a flat list of small
/// instructions so that a request's whole state is a program counter. 12 bytes.
@usableFromInline
struct Instruction: Sendable {
    @usableFromInline enum Op: UInt8, Sendable {
        /// Take a server of station `a`, or wait in its queue.
        case acquire
        /// Hold for a draw of distribution `a` from random stream `b`.
        case delay
        /// Give back the server of station `a`.
        case release
        /// Jump to the arm chosen by a draw from the class's routing stream; `a` is the first
        /// entry in the branch table, `b` the number of entries.
        case branch
        /// Continue at instruction `a`.
        case jump
        /// The request is complete.
        case done
    }
    @usableFromInline var op: Op
    @usableFromInline var a: Int32
    @usableFromInline var b: Int32
}

/// One entry of a branch table: take the arm at `target` when the uniform draw is below
/// `cumulative` (entries ascend; the last one leads past the branch with cumulative 2).
@usableFromInline
struct BranchEntry: Sendable {
    @usableFromInline var cumulative: Double
    @usableFromInline var target: Int32
}

/// The programs of every class, compiled into one instruction list.
struct Program: Sendable {
    var instructions: [Instruction] = []
    var branches: [BranchEntry] = []
    /// Every distribution named by a `delay`, by index.
    var distributions: [Distribution] = []
    /// Where each class's program starts.
    var entry: [Int32] = []

    /// Compiles the steps of every class. A visit becomes acquire, delay (drawn from the
    /// station's own stream), release.
    init(classes: [ClassSpec]) {
        for spec in classes {
            entry.append(Int32(instructions.count))
            emit(spec.steps)
            instructions.append(Instruction(op: .done, a: 0, b: 0))
        }
    }

    private mutating func emit(_ steps: [Step]) {
        for step in steps {
            switch step {
            case .visit(let station, let service):
                let distribution = Int32(distributions.count)
                distributions.append(service)
                instructions.append(Instruction(op: .acquire, a: Int32(station), b: 0))
                instructions.append(Instruction(op: .delay, a: distribution, b: Int32(station)))
                instructions.append(Instruction(op: .release, a: Int32(station), b: 0))
            case .branch(let arms):
                let table = branches.count
                let branchAt = instructions.count
                instructions.append(Instruction(op: .branch, a: Int32(table), b: Int32(arms.count + 1)))
                branches.append(contentsOf: repeatElement(BranchEntry(cumulative: 0, target: 0), count: arms.count + 1))
                var cumulative = 0.0
                var jumps: [Int] = []
                for (i, arm) in arms.enumerated() {
                    cumulative += arm.probability
                    branches[table + i] = BranchEntry(cumulative: cumulative, target: Int32(instructions.count))
                    emit(arm.steps)
                    jumps.append(instructions.count)
                    instructions.append(Instruction(op: .jump, a: 0, b: 0))
                }
                let end = Int32(instructions.count)
                branches[table + arms.count] = BranchEntry(cumulative: 2, target: end)
                for j in jumps { instructions[j].a = end }
                _ = branchAt
            }
        }
    }
}
