import HeadroomKernel

/// How a station's step lowers to instructions.
extension Program {
    /// `visit`: at a FIFO station, take one of its servers, hold it for a draw of `service` (plus
    /// the wake-up cost when it found a server idle), give it back; at a processor-sharing
    /// station, join the requests sharing its cores with that draw as work.
    mutating func lowerVisit(station: Int, service: Distribution) {
        let base = layout.base[station]
        let name = "service/" + spec.components[station].name
        guard case .station(let stationSpec) = spec.components[station].kind else {
            preconditionFailure("a visit names a station")
        }
        switch stationSpec.discipline {
        case .fifo:
            guard stationSpec.wakeup != nil else {
                serve(base: base, register: -1, service, stream: name)
                return
            }
            acquire(base: base, register: -1)
            let index = addDistribution(service)
            append(Instruction(op: .serveWithWakeup, a: index, b: stream(name), c: holding.last!.depth))
            release()
        case .ps:
            let index = addDistribution(service)
            append(Instruction(op: .share, a: index, b: stream(name), c: base))
        }
    }
}
