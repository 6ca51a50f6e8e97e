/// A pool at run time is one resource of the engine's table, its connections, whose queue
/// timeout is a pool timeout (an error of its own kind); `with` steps use the engine's acquire
/// and release as they are.
extension Layout {
    /// A pool's connections.
    mutating func addPool(_ pool: PoolSpec, index: Int) {
        var state = ResourceState(servers: pool.size, capacity: nil, timeout: pool.acquireTimeout)
        state.timeoutIsPoolTimeout = true
        add(state, index)
    }
}
