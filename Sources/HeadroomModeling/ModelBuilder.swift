import HeadroomComponents
import HeadroomKernel

/// Turns a validated `Model` into the `SimulationSpec` the engine runs.
///
/// Runs only on a model that produced no diagnostics, so it checks nothing: every required
/// field has a value, every visit names a station, every class has a flow and a rate.
enum ModelBuilder {
    static func build(_ model: Model) -> SimulationSpec {
        let components = model.components ?? []
        let stationIndex = Dictionary(uniqueKeysWithValues: components.enumerated().map { ($1.name, $0) })
        let stations = components.map { component -> StationModel in
            guard case .station(let station)? = component.kind else {
                preconditionFailure("ModelBuilder ran on a model that failed validation")
            }
            return station
        }

        func build(_ steps: [StepModel]) -> [Step] {
            steps.map { step in
                switch step {
                case .visit(let visit):
                    let index = stationIndex[visit.component!]!
                    return .visit(station: index, service: visit.time.value ?? stations[index].service.checked)
                case .branch(let arms):
                    return .branch(arms.map { BranchArm(probability: $0.probability.checked, steps: build($0.steps!)) })
                case .invalid:
                    preconditionFailure("ModelBuilder ran on a model that failed validation")
                }
            }
        }

        let traffic = model.traffic!
        let flows = Dictionary(
            model.flows!.flows.map { ($0.className, $0.steps!) }, uniquingKeysWith: { first, _ in first }
        )
        let classes: [ClassSpec]
        if let declared = traffic.classes {
            classes = declared.map { c in
                let rate = c.rate.value ?? c.share.checked * traffic.rate.checked
                return ClassSpec(name: c.name, rate: rate, steps: build(flows[c.name]!))
            }
        } else {
            let name = ModelReader.defaultClassName
            classes = [ClassSpec(name: name, rate: traffic.rate.checked, steps: build(flows[name]!))]
        }

        return SimulationSpec(
            name: model.name,
            duration: model.duration.checked,
            warmup: model.warmup.checked,
            seed: model.seed.checked,
            maxInSystem: model.maxInSystem.checked,
            stations: zip(components, stations).map { component, station in
                StationSpec(
                    name: component.name, servers: station.servers.checked, capacity: station.capacity.value,
                    timeout: station.timeout.value
                )
            },
            classes: classes
        )
    }
}
