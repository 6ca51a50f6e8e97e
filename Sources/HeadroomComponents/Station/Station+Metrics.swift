/// What a station declares and reports: its servers; the common queueing figures only.
extension StationSpec {
    /// One resource, its servers, sized by `servers`.
    func resourceDeclarations(component name: String) -> [ResourceDeclaration] {
        [ResourceDeclaration(name: name, component: name, type: .station, role: .servers,
                             sizedBy: ResourceDeclaration.sizingKey(name, "servers"), group: "\(name).servers")]
    }

    /// More servers (and as much more room, when bounded) so that it stops being the bottleneck.
    func relaxed(by factor: Int) -> StationSpec {
        var station = self
        let extra = station.servers * (factor - 1)
        station.servers += extra
        station.capacity = station.capacity.map { $0 + extra }
        return station
    }
}

extension Engine {
    /// Per window: utilization and mean queue.
    func stationWindowMetrics(name: String, _ u: WindowUsage, span: Double, to window: inout WindowPoints) {
        window.add(name, "utilization", u.servers > 0 ? u.busy / span / u.servers : 0)
        window.add(name, "queue", u.queue / span)
    }
}

extension StationSpec {
    /// The units of a station's series: `utilization` a ratio, `queue` a mean count.
    static func metricUnit(_ key: String) -> MetricUnit {
        key == "utilization" ? .ratio : .count
    }
}
