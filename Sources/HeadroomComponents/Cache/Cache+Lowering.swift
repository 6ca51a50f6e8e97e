import HeadroomKernel

/// How cache steps lower to instructions: each operation first takes one of the cache's servers
/// for its service time, then acts on the entries.
extension Program {
    /// `cache_get`: a hit goes on into `hit`, a miss jumps to `miss`; both continue after.
    mutating func lowerCacheGet(cache: Int, hit: [Step], miss: [Step], context: String) {
        cacheOperation(cache)
        let get = instructions.count
        append(Instruction(op: .cacheGet, a: Int32(cache), b: 0))
        emit(hit, context: context)
        let jump = instructions.count
        append(Instruction(op: .jump, a: 0, b: 0))
        instructions[get].b = Int32(instructions.count)
        emit(miss, context: context)
        instructions[jump].a = Int32(instructions.count)
    }

    /// `cache_set`: store the request's key.
    mutating func lowerCacheSet(cache: Int) {
        cacheOperation(cache)
        append(Instruction(op: .cacheSet, a: Int32(cache), b: 0))
    }

    /// `invalidate`: remove the request's key.
    mutating func lowerInvalidate(cache: Int) {
        cacheOperation(cache)
        append(Instruction(op: .invalidate, a: Int32(cache), b: 0))
    }

    /// A get, set or delete takes one of the cache's servers for its service time.
    mutating func cacheOperation(_ cache: Int) {
        guard case .cache(let spec) = spec.components[cache].kind else { preconditionFailure("not a cache") }
        serve(base: layout.base[cache], register: -1, spec.service, stream: "cache/" + self.spec.components[cache].name)
    }
}
