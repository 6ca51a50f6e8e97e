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
    static func checkSteps(of model: Model, components: ComponentList, sink: DiagnosticSink) {
        var feeds: [Feed] = []
        for flow in model.flows?.flows ?? [] {
            flow.steps.map { checkSteps($0, job: nil, components: components, feeds: &feeds, sink: sink) }
        }
        for (index, component) in components.enumerated() {
            guard case .queue(_, let job?)? = component.kind else { continue }
            checkSteps(job, job: index, components: components, feeds: &feeds, sink: sink)
        }
        checkFeedCycles(feeds, components: components, sink: sink)
    }

    /// Checks `steps` and those nested in them; `job` is the index of the queue whose job they
    /// are, `nil` in a flow.
    private static func checkSteps(
        _ steps: [StepModel], job: Int?, components: ComponentList, feeds: inout [Feed], sink: DiagnosticSink
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
                    if !time.isGiven, !station.isGiven("service") {
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
    private static func checkFeedCycles(_ feeds: [Feed], components: ComponentList, sink: DiagnosticSink) {
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
        // Strongly connected parts of the feed graph, once (Tarjan, iterative): a feed closes a
        // cycle when both its ends are in one part. Linear in queues and feeds; the path for the
        // message is searched only for the feeds reported.
        let part = stronglyConnectedParts(targets)
        /// The first queue (in model order) of each part.
        var firstOfPart: [Int: Int] = [:]
        for (queue, p) in part { firstOfPart[p] = Swift.min(firstOfPart[p] ?? queue, queue) }
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
            guard let p = part[feed.from], part[feed.to] == p else { continue }
            // The first queue (in model order) of the cycle's strongly connected part reports it.
            guard feed.from == firstOfPart[p], let back = path(from: feed.to, to: feed.from) else { continue }
            let cycle = ([feed.from] + back).map { components[$0].name }.joined(separator: " → ")
            sink.report(
                "enqueueing '\(components[feed.to].name)' from the job of queue '\(name)' closes a cycle "
                    + "\(cycle): every job would add another without end",
                at: feed.ref
            )
        }
    }

    /// Each node's strongly connected part (a number) in the graph `edges` (node → targets),
    /// by Tarjan's algorithm without recursion (a long chain of queues must not overflow the
    /// stack).
    private static func stronglyConnectedParts(_ edges: [Int: [Int]]) -> [Int: Int] {
        var nodes = Set(edges.keys)
        for targets in edges.values { nodes.formUnion(targets) }
        var index: [Int: Int] = [:], low: [Int: Int] = [:], part: [Int: Int] = [:]
        var stack: [Int] = [], onStack = Set<Int>()
        var counter = 0, parts = 0
        for root in nodes.sorted() where index[root] == nil {
            // Frames: (node, position of the next edge to follow).
            var frames: [(node: Int, next: Int)] = [(root, 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack.insert(root)
            while let (node, next) = frames.last {
                let targets = edges[node] ?? []
                if next < targets.count {
                    frames[frames.count - 1].next += 1
                    let target = targets[next]
                    if index[target] == nil {
                        index[target] = counter; low[target] = counter; counter += 1
                        stack.append(target); onStack.insert(target)
                        frames.append((target, 0))
                    } else if onStack.contains(target) {
                        low[node] = Swift.min(low[node]!, index[target]!)
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last?.node { low[parent] = Swift.min(low[parent]!, low[node]!) }
                if low[node] == index[node] {
                    while let member = stack.popLast() {
                        onStack.remove(member)
                        part[member] = parts
                        if member == node { break }
                    }
                    parts += 1
                }
            }
        }
        return part
    }
}
