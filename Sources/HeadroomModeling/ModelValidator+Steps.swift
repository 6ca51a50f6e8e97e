/// The rules that join steps to components: every named component exists and has the type the
/// step needs, a visit has a service time, a queue's job neither does app-server `work` nor
/// enqueues jobs that lead back to its own queue.
extension ModelValidator {
    /// One `enqueue` inside a queue's job: an edge of the graph of queues feeding queues.
    private struct Feed {
        /// Index of the queue whose job enqueues.
        var from: Int
        /// Index of the queue it enqueues.
        var to: Int
        /// The `enqueue` value.
        var ref: SourceRef
    }

    /// Checks the steps of every flow and of every queue's job.
    static func checkSteps(of model: Model, components: [ComponentModel], sink: DiagnosticSink) {
        var feeds: [Feed] = []
        for flow in model.flows?.flows ?? [] {
            flow.steps.map { checkSteps($0, job: nil, components: components, feeds: &feeds, sink: sink) }
        }
        for (index, component) in components.enumerated() {
            guard case .queue(let queue)? = component.kind, let job = queue.job else { continue }
            checkSteps(job, job: index, components: components, feeds: &feeds, sink: sink)
        }
        checkFeedCycles(feeds, components: components, sink: sink)
    }

    /// Checks `steps` and those nested in them; `job` is the index of the queue whose job they
    /// are, `nil` in a flow.
    private static func checkSteps(
        _ steps: [StepModel], job: Int?, components: [ComponentModel], feeds: inout [Feed], sink: DiagnosticSink
    ) {
        for step in steps {
            if case .work = step.kind, let job {
                sink.report(
                    "'work' cannot run in the job of queue '\(components[job].name)': jobs run on the queue's "
                        + "workers, not on app_server threads; use 'delay' or 'visit' for the job's processing time",
                    at: step.ref
                )
            } else if let use = step.use, let (index, kind) = resolve(use, in: components, sink: sink) {
                switch (step.kind, kind) {
                case (.visit(_, let time), .station(let station)):
                    if !time.isGiven, !station.service.isGiven {
                        let name = components[index].name
                        sink.report(
                            "the visit to '\(name)' has no service time: give this step a 'time' "
                                + "or component '\(name)' a 'service'",
                            at: step.ref
                        )
                    }
                case (.enqueue, _):
                    if let job { feeds.append(Feed(from: job, to: index, ref: use.ref)) }
                default:
                    break
                }
            }
            for child in step.children {
                checkSteps(child, job: job, components: components, feeds: &feeds, sink: sink)
            }
        }
    }

    /// Reports every `enqueue` that closes a cycle of queues feeding queues: each job would add
    /// another without end. A cycle through several queues is reported once, at the enqueue in
    /// the job of its first queue in model order; a queue feeding itself always.
    private static func checkFeedCycles(_ feeds: [Feed], components: [ComponentModel], sink: DiagnosticSink) {
        let targets = Dictionary(grouping: feeds, by: \.from).mapValues { $0.map(\.to) }
        /// The queues from `start` to `goal` along feeds (both included), breadth first.
        func path(from start: Int, to goal: Int) -> [Int]? {
            var previous: [Int: Int] = [start: start]
            var frontier = [start]
            while !frontier.isEmpty {
                var next: [Int] = []
                for queue in frontier {
                    if queue == goal {
                        var path = [queue]
                        while path[0] != start { path.insert(previous[path[0]]!, at: 0) }
                        return path
                    }
                    for target in targets[queue] ?? [] where previous[target] == nil {
                        previous[target] = queue
                        next.append(target)
                    }
                }
                frontier = next
            }
            return nil
        }
        for feed in feeds {
            let name = components[feed.from].name
            if feed.to == feed.from {
                sink.report(
                    "the job of queue '\(name)' enqueues onto '\(name)' itself: every job would add another "
                        + "without end; enqueue another queue, or use 'attempts' for retries",
                    at: feed.ref
                )
                continue
            }
            guard let back = path(from: feed.to, to: feed.from) else { continue }
            // The first queue (in model order) of the cycle's strongly connected part reports it.
            let cycleMembers = components.indices.filter { path(from: feed.from, to: $0) != nil && path(from: $0, to: feed.from) != nil }
            guard feed.from == cycleMembers.min() else { continue }
            let cycle = ([feed.from] + back).map { components[$0].name }.joined(separator: " → ")
            sink.report(
                "enqueueing '\(components[feed.to].name)' from the job of queue '\(name)' closes a cycle "
                    + "\(cycle): every job would add another without end",
                at: feed.ref
            )
        }
    }
}
