/// A station at run time is one resource of the engine's table (c servers, a FIFO queue, an
/// optional capacity and queue timeout); `visit` steps use the engine's acquire and release as
/// they are, so a station has no state or handler of its own.
extension Layout {
    /// A station's one resource.
    mutating func addStation(_ station: StationSpec, index: Int) {
        add(ResourceState(servers: station.servers, capacity: station.capacity, timeout: station.timeout), index)
    }
}
