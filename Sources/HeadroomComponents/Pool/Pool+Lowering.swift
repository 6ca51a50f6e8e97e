/// How a pool's step lowers to instructions.
extension Program {
    /// `with`: hold one of the pool's connections around `steps`.
    mutating func lowerHold(pool: Int, steps: [Step], context: String) {
        acquire(base: layout.base[pool], register: -1)
        emit(steps, context: context)
        release()
    }
}
