/// How a rate limiter's step lowers to instructions.
extension Program {
    /// `limit`: one instruction; the interpreter goes on, holds the request or rejects it.
    mutating func lowerLimit(limiter: Int) {
        append(Instruction(op: .limit, a: Int32(limiter), b: 0))
    }
}
