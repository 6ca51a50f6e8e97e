/// What an app server declares and reports: per replica its threads and its cores.
extension AppServerSpec {
    /// Threads then cores of every replica there is room for, named `app.r.threads` (just
    /// `app.threads` with room for one), grouped over replicas.
    func resourceDeclarations(component name: String) -> [ResourceDeclaration] {
        var out: [ResourceDeclaration] = []
        for r in 0..<maxReplicas {
            let label = maxReplicas == 1 ? name : "\(name).\(r)"
            out.append(.init(name: label + ".threads", component: name, type: .appServer, role: .threads, replica: r,
                             sizedBy: ResourceDeclaration.sizingKey(name, "threads"), group: "\(name).threads"))
            out.append(.init(name: label + ".cores", component: name, type: .appServer, role: .cores, replica: r,
                             sizedBy: ResourceDeclaration.sizingKey(name, "cores"), group: "\(name).cores"))
        }
        return out
    }

    /// `factor` times the threads or the cores, whichever `resource` is.
    func relaxed(_ resource: ResourceDeclaration, by factor: Int) -> AppServerSpec {
        var app = self
        if resource.role == .threads { app.threads *= factor } else { app.cores *= factor }
        return app
    }
}

extension Engine {
    /// Headline: requests as the threads see them, utilization of the CPU; CPU and thread
    /// utilization, threads in use, backlog, CPU queue, and each replica's CPU utilization.
    func appServerMetrics(name: String, mine: [ResourceResult], load: inout ResourceResult,
                          metrics: inout [String: Double]) {
        let threads = mine.filter { $0.declaration?.role == .threads }
        let cores = mine.filter { $0.declaration?.role == .cores }
        let t = ResourceResult.combined(name, threads)
        let c = ResourceResult.combined(name, cores)
        load = t
        load.utilization = c.utilization
        load.meanBusy = c.meanBusy
        load.servers = c.servers
        metrics["cpu_utilization"] = c.utilization
        metrics["thread_utilization"] = t.utilization
        metrics["threads_in_use"] = t.meanBusy
        metrics["backlog_mean"] = t.meanQueue
        metrics["backlog_max"] = Double(t.maxQueue)
        metrics["cpu_queue_mean"] = c.meanQueue
        for (r, replica) in cores.enumerated() { metrics["replica\(r)_cpu_utilization"] = replica.utilization }
    }

    /// Per window: CPU utilization over the replicas in rotation, replicas, replicas in
    /// rotation, and the thread backlog.
    func appServerWindowMetrics(_ c: Int, name: String, _ u: WindowUsage, span: Double, to window: inout WindowPoints) {
        let lb = balancers[c]
        // Replicas that were running the whole window serve; utilization is over them.
        let running = Double(max(lb.rotationCount, 1))
        window.add(name, "utilization", u.servers > 0 ? u.busy / span / (running * Double(appCores(c))) : 0)
        window.add(name, "replicas", Double(lb.provisioned))
        window.add(name, "in_rotation", Double(lb.rotationCount))
        window.add(name, "backlog", u.queue / span)
    }
}

extension AppServerSpec {
    /// The units of an app server's metrics: utilizations ratios; backlogs, queues, threads in
    /// use and replicas counts.
    static func metricUnit(_ key: String) -> MetricUnit {
        key.hasSuffix("utilization") ? .ratio : .count
    }
}
