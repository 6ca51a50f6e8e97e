import HeadroomComponents

/// The rules of `autoscaling`: each policy names an app server or a queue that suits its metric,
/// at most one per component; min ≤ max, and the component's replicas or workers lie within
/// them; no autoscaling behind a weighted load balancer.
extension ModelValidator {
    /// Checks every autoscaler against the components and the others.
    static func checkAutoscaling(_ model: Model, components: ComponentList, sink: DiagnosticSink) {
        /// Component index → the path of its first autoscaler.
        var scaled: [Int: String] = [:]
        for scaler in model.autoscaling {
            guard let (index, kind) = resolve(scaler.component, in: components, sink: sink) else { continue }
            let name = components[index].name
            if let first = scaled[index] {
                sink.report(
                    "'\(name)' already has an autoscaler (\(first)); expected at most one per component",
                    at: scaler.component.ref
                )
                continue
            }
            scaled[index] = scaler.ref.path

            let current: Int?
            let noun: String
            switch kind {
            case .appServer(let app):
                current = app.value("replicas", \.replicas)
                noun = "replicas"
                if let balancer = components.weightedBalancer(of: name) {
                    reportWeighted(balancer: balancer, server: name, at: scaler.component.ref, sink: sink)
                }
                if let max = scaler.max.value, max > Bounds.replicas, let ref = scaler.max.ref {
                    sink.report(
                        "expected an integer ≤ \(Bounds.replicas) (the most replicas of an app_server), found \(max)",
                        at: ref
                    )
                    continue
                }
            case .queue(let queue, _):
                current = queue.value("workers", \.workers)
                noun = "workers"
            case .station, .loadBalancer, .pool, .cache, .database, .rateLimiter:
                continue
            }
            checkMetric(scaler, of: name, type: kind.type, sink: sink)
            checkInterval(scaler, model: model, sink: sink)

            guard let min = scaler.min.value, let max = scaler.max.value, let minRef = scaler.min.ref,
                  let maxRef = scaler.max.ref
            else { continue }
            guard min <= max else {
                sink.report("max (\(max)) is below min (\(min)); expected min ≤ max", at: maxRef)
                continue
            }
            guard let current else { continue }
            if current < min {
                sink.report(
                    "min (\(min)) is above the \(noun) of '\(name)' (\(current)); expected min ≤ \(noun) ≤ max "
                        + "(the autoscaler starts from the \(noun))",
                    at: minRef
                )
            } else if current > max {
                sink.report(
                    "max (\(max)) is below the \(noun) of '\(name)' (\(current)); expected min ≤ \(noun) ≤ max "
                        + "(the autoscaler starts from the \(noun))",
                    at: maxRef
                )
            }
        }
    }

    /// A metric read from the time series (`cpu`, `p99`) needs a window to end in every interval:
    /// an interval shorter than the window would see no window in most decisions, and read no
    /// CPU (or no p99) at all. The window is the model's `window`, or its default for the run.
    private static func checkInterval(_ scaler: AutoscalerModel, model: Model, sink: DiagnosticSink) {
        guard let metric = scaler.metric.value, let interval = scaler.interval.value, let ref = scaler.interval.ref,
              let duration = model.duration.value
        else { return }
        switch metric {
        case .cpu, .p99: break
        case .queueDepth: return
        }
        let window = model.window.value ?? SimulationSpec.defaultWindow(duration: duration)
        guard interval < window else { return }
        let given = model.window.value == nil ? "the default window for a \(Formatting.seconds(duration)) run" : "window"
        sink.report(
            "interval (\(Formatting.seconds(interval))) is shorter than the time-series window "
                + "(\(Formatting.seconds(window)), \(given)): metric \(metric.rawValue) is read per window, so most "
                + "decisions would see none; expected interval ≥ window (set `window: \(Formatting.seconds(interval))` "
                + "or a longer interval)",
            at: ref
        )
    }

    /// The metric must suit the component: `cpu` an app server, `queue_depth` a queue.
    private static func checkMetric(_ scaler: AutoscalerModel, of name: String, type: ComponentType, sink: DiagnosticSink) {
        guard let metric = scaler.metric.value, let ref = scaler.metric.ref else { return }
        let needs: ComponentType
        switch metric {
        case .cpu: needs = .appServer
        case .queueDepth: needs = .queue
        case .p99: return
        }
        guard type != needs else { return }
        let fitting = AutoscaleMetric.allCases.filter { $0 != metric }.map(\.rawValue)
        sink.report(
            "metric \(metric.rawValue) needs \(needs.withArticle), but '\(name)' is \(type.withArticle) "
                + "(metrics for \(type.withArticle): \(fitting.joined(separator: ", ")))",
            at: ref,
            suggestion: fitting.first
        )
    }
}
