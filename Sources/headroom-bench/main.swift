import Foundation
import HeadroomComponents
import HeadroomKernel

/// Engine micro-benchmark: runs built-in specs straight through the library (no model file, no
/// store) and prints customers and events per wall second. Release builds only:
///     swift run -c release headroom-bench [customers]
///     swift run -c release headroom-bench 1e7 mm1     # one case only
/// The whole-process figure for `headroom run` is measured by scripts/benchmark.sh.

let customers = CommandLine.arguments.count > 1 ? Double(CommandLine.arguments[1]) ?? 1e7 : 1e7
let only = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : nil

struct Case {
    let name: String
    let spec: SimulationSpec
}

let lambda = 0.8
let cases = [
    Case(name: "M/M/1 rho=0.8", spec: SimulationSpec(
        name: "mm1", duration: customers / lambda, seed: 1,
        stations: [StationSpec(name: "server")],
        classes: [ClassSpec(name: "default", rate: lambda, steps: [.visit(station: 0, service: .exponential(mean: 1))])])),
    // The same M/M/1 under a day's cycle (peak 2× trough, a "day" of 100,000 s) with a timeline
    // that scales the station's fleet: what time-varying traffic and timelines cost.
    Case(name: "M/M/1 diurnal+timeline", spec: SimulationSpec(
        name: "mm1-time", duration: customers / lambda, seed: 1,
        components: [
            ComponentSpec(name: "app", kind: .appServer(AppServerSpec(replicas: 1, threads: 1, cores: 1, maxReplicas: 2))),
        ],
        classes: [ClassSpec(name: "default", rate: lambda, steps: [.work(server: 0, service: .exponential(mean: 0.6))],
                            profile: .diurnal(peakToTrough: 2, period: 100_000))],
        timeline: [TimelineEvent(time: customers / lambda / 2, action: .scale(component: 0, count: 2))])),
    Case(name: "M/M/1 as app server", spec: SimulationSpec(
        name: "mm1-app", duration: customers / lambda, seed: 1,
        components: [
            ComponentSpec(name: "app", kind: .appServer(AppServerSpec(replicas: 1, threads: 1, cores: 1, maxReplicas: 2))),
        ],
        classes: [ClassSpec(name: "default", rate: lambda, steps: [.work(server: 0, service: .exponential(mean: 0.6))])])),
    Case(name: "tandem c=1,4,2", spec: SimulationSpec(
        name: "jackson", duration: customers / lambda, seed: 1,
        stations: [StationSpec(name: "a"), StationSpec(name: "b", servers: 4), StationSpec(name: "c", servers: 2)],
        classes: [ClassSpec(name: "default", rate: lambda, steps: [
            .visit(station: 0, service: .exponential(mean: 1)),
            .visit(station: 1, service: .exponential(mean: 4)),
            .visit(station: 2, service: .exponential(mean: 2)),
        ])])),
]

for c in cases where only == nil || c.spec.name == only {
    let start = Date()
    let result = Simulation.run(c.spec)
    let wall = Date().timeIntervalSince(start)
    let done = Double(result.requests.completed)
    print(String(format: "%@: %.0f customers in %.3f s wall: %.2f M customers/s, %.2f M events/s, mean response %.4f s",
                 c.name, done, wall, done / wall / 1e6, Double(result.events) / wall / 1e6, result.latency.mean))
}
