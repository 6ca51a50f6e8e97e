import HeadroomKernel

/// How a station's step lowers to instructions.
extension Program {
    /// `visit`: take one of the station's servers, hold it for a draw of `service`, give it back.
    mutating func lowerVisit(station: Int, service: Distribution) {
        serve(base: layout.base[station], register: -1, service, stream: "service/" + spec.components[station].name)
    }
}
