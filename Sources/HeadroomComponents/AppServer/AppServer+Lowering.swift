import HeadroomKernel

/// How app-server steps lower to instructions: a request takes a thread of every app server its
/// flow uses before its first step and keeps them to the end; `work` runs on a core of the
/// replica chosen then.
extension Program {
    /// Picks a replica of, and takes a thread on, every app server `steps` use, in order of
    /// first use; returns how many (for ``releaseThreads(_:)``). Taken first and kept to the end,
    /// so what a request holds at each instruction is known here, not tracked at run time.
    mutating func takeThreads(for steps: [Step]) -> Int {
        let servers = Program.appServers(in: steps)
        for server in servers {
            let register = layout.replicaRegister[server]!
            append(Instruction(op: .pick, a: Int32(server), b: register))
            acquire(base: layout.base[server], register: register)
        }
        return servers.count
    }

    /// Gives back the `count` threads ``takeThreads(for:)`` took, innermost first.
    mutating func releaseThreads(_ count: Int) {
        for _ in 0..<count { release() }
    }

    /// `work`: CPU on the request's replica of app server `server`.
    mutating func lowerWork(server: Int, service: Distribution) {
        // Cores sit one after the threads of the same replica.
        serve(base: layout.base[server] + 1, register: layout.replicaRegister[server]!, service,
              stream: "cpu/" + spec.components[server].name)
    }

    /// The app servers a flow works on, in order of first use (parallel arms and branches too).
    static func appServers(in steps: [Step]) -> [Int] {
        var found: [Int] = []
        func scan(_ steps: [Step]) {
            for step in steps {
                if case .work(let server, _) = step, !found.contains(server) { found.append(server) }
                step.nested.forEach(scan)
            }
        }
        scan(steps)
        return found
    }
}
