/// Checks the rules of a `Model` that join several nodes, reporting each broken rule at the node
/// to fix: warmup against duration, class shares and rates, flows against classes here;
/// components against each other in `ModelValidator+Components`, steps against components in
/// `ModelValidator+Steps`, rate profiles in `ModelValidator+Profiles`, a replayed trace in
/// `ModelValidator+Replay`, the timeline in
/// `ModelValidator+Timeline`, autoscalers in `ModelValidator+Autoscaling`, the window and alerts
/// in `ModelValidator+Monitoring`.
///
/// Values that reading already rejected are skipped, so one mistake gives one diagnostic.
enum ModelValidator {
    /// How far class shares may sum from 100%.
    static let shareTolerance = 1e-9

    /// Reports every broken rule of `model` to `sink`.
    static func validate(_ model: Model, sink: DiagnosticSink) {
        if let warmup = model.warmup.value, let duration = model.duration.value, warmup >= duration,
           let ref = model.warmup.ref {
            sink.report(
                "warmup (\(Formatting.seconds(warmup))) must be shorter than duration (\(Formatting.seconds(duration)))",
                at: ref
            )
        }
        if let traffic = model.traffic, traffic.replay.isGiven {
            checkReplay(traffic, sink: sink)
        } else {
            model.traffic.map { checkTraffic($0, sink: sink) }
            model.traffic.map { checkProfiles($0, duration: model.duration.value, sink: sink) }
        }
        checkRanges(model, sink: sink)
        let components = model.components.map(ComponentList.init)
        checkMonitoring(model, components: components, sink: sink)
        if let traffic = model.traffic, !traffic.classesInvalid, let flows = model.flows {
            checkFlowsMatchClasses(traffic: traffic, flows: flows, sink: sink)
        }
        if let components {
            checkComponents(components, model: model, sink: sink)
            checkSteps(of: model, components: components, sink: sink)
            checkTimeline(model, components: components, sink: sink)
            checkAutoscaling(model, components: components, sink: sink)
        }
    }

    private static func checkTraffic(_ traffic: TrafficModel, sink: DiagnosticSink) {
        guard let classes = traffic.classes else {
            if !traffic.classesInvalid, !traffic.rate.isGiven, !traffic.profileIsCSV {
                sink.report(
                    "missing required key 'rate' (a rate > 0 such as 100/s): without classes it is the rate "
                        + "of the single class '\(ModelReader.defaultClassName)'",
                    at: traffic.ref
                )
            }
            return
        }
        var sharing: [ClassModel] = []
        // A class with a CSV profile takes its rate from it (`checkProfiles` rejects a share or
        // rate beside it).
        for c in classes where c.isReadable && !c.profileIsCSV {
            switch (c.share.isGiven, c.rate.isGiven) {
            case (false, false):
                sink.report(
                    "class '\(c.name)' needs a share of traffic.rate (share: 30%) or a rate of its own (rate: 5/s)",
                    at: c.ref
                )
            case (true, true):
                sink.report("class '\(c.name)' gives both a share and a rate; expected one of them", at: c.ref)
            case (true, false):
                sharing.append(c)
            case (false, true):
                break
            }
        }
        if !sharing.isEmpty, !traffic.rate.isGiven, !traffic.profileIsCSV {
            let names = sharing.map { "'\($0.name)'" }.joined(separator: ", ")
            sink.report(
                "missing required key 'rate' (a rate > 0 such as 100/s): classes \(names) take a share of it",
                at: traffic.ref
            )
        }
        if sharing.isEmpty, !traffic.profileIsCSV,
           classes.allSatisfy({ $0.profileIsCSV || $0.rate.isGiven && !$0.share.isGiven }), let ref = traffic.rate.ref {
            let own = classes.contains(where: \.profileIsCSV) ? "its own rate or CSV profile" : "its own rate"
            sink.report(
                "traffic.rate is unused: every class gives \(own); remove it, or give classes a share of it",
                at: ref
            )
        }
        let shares = sharing.compactMap(\.share.value)
        if !sharing.isEmpty, shares.count == sharing.count {
            let total = shares.reduce(0, +)
            if abs(total - 1) > shareTolerance {
                sink.report(
                    "class shares sum to \(Formatting.percent(total)), expected 100%",
                    at: traffic.classesRef ?? traffic.ref
                )
            }
        }
    }

    private static func checkFlowsMatchClasses(traffic: TrafficModel, flows: FlowsModel, sink: DiagnosticSink) {
        let classNames = traffic.classes?.map(\.name) ?? [ModelReader.defaultClassName]
        let listed = classNames.map { "'\($0)'" }.joined(separator: ", ")
        // Sets, not list scans: validation stays linear in the number of classes.
        let classSet = Set(classNames)
        for flow in flows.flows where !classSet.contains(flow.className) {
            let classes = traffic.classes == nil
                ? "without traffic.classes the only class is '\(ModelReader.defaultClassName)'"
                : "classes: \(listed)"
            sink.report(
                "flow '\(flow.className)' belongs to no class (\(classes))", at: flow.ref,
                suggestion: Suggestion.nearest(to: flow.className, in: classNames)
            )
        }
        let flowNames = Set(flows.flows.map(\.className))
        for name in classNames where !flowNames.contains(name) {
            sink.report("missing flow for class '\(name)'; every class needs a flow", at: flows.ref)
        }
    }
}
