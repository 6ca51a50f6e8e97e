/// How a queue's step and its job lower to instructions.
extension Program {
    /// `enqueue`: put a job on queue `queue` and go on at once.
    mutating func lowerEnqueue(queue: Int) {
        append(Instruction(op: .enqueue, a: Int32(queue), b: 0))
    }

    /// The job program of queue component `index`: hold a worker, run the job's steps, end the
    /// attempt (succeed, retry or dead-letter).
    mutating func lowerJob(_ component: ComponentSpec, _ queue: QueueSpec, index: Int) {
        jobEntry[index] = Int32(instructions.count)
        acquire(base: layout.base[index], register: -1)
        emit(queue.job, context: "job/" + component.name)
        append(Instruction(op: .jobEnd, a: Int32(index), b: 0))
        holding.removeLast()
    }
}
