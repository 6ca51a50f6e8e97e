import HeadroomKernel

/// Runs simulations: the library's entry point for one run.
public enum Simulation {
    /// Runs `spec` to its duration (or until the stability guard stops it) and returns the
    /// result. Deterministic: the same spec gives the same result on every machine.
    public static func run(_ spec: SimulationSpec) -> RunResult {
        var engine = Engine(spec: spec)
        engine.run()
        return engine.result()
    }

    /// Runs `spec` and returns every state change in order, with the result. For tests of
    /// small scenarios (the trace grows with the run; use short runs).
    public static func trace(_ spec: SimulationSpec) -> (trace: [TraceRecord], result: RunResult) {
        var engine = Engine(spec: spec)
        engine.trace = []
        engine.run()
        return (engine.trace ?? [], engine.result())
    }
}
