import HeadroomComponents
import HeadroomKernel

/// Builds the time features of a validated `Model`: rate profiles with the base rates CSV files
/// give, timeline events in time order, autoscalers and alert rules.
extension ModelBuilder {
    /// `profile` as the engine takes it, a multiplier of the base rate, with the base rate a CSV
    /// profile gives (requests per second: the CSV's mean rate over the run of `duration` seconds).
    static func build(_ profile: ProfileModel, duration: Double) -> (profile: RateProfile, rate: Double?) {
        switch profile {
        case .multiplier(let multiplier):
            return (multiplier, nil)
        case .csv(let csv):
            let mean = csv.mean(over: duration)
            return (csv.multiplier(mean: mean), mean)
        }
    }

    /// The timeline's events, sorted by time; events at the same time keep file order.
    static func timeline(_ model: Model, indices: [String: Int]) -> [TimelineEvent] {
        let events = model.timeline.map { event -> TimelineEvent in
            let component = indices[event.target.name!]!
            let action: TimelineAction
            switch event.action {
            case .crash(let replica):
                action = .crash(component: component, replica: replica.checked)
            case .recover(let replica):
                action = .recover(component: component, replica: replica.checked)
            case .shutdown(let replica):
                action = .shutdown(component: component, replica: replica.checked)
            case .rollingDeploy(let restart):
                action = .rollingDeploy(component: component, restart: restart.checked)
            case .resize(let cores, let downtime):
                action = .resize(component: component, cores: cores.checked, downtime: downtime.checked)
            case .flush:
                action = .flushCache(component: component)
            case .replicationLag(let lag):
                action = .setReplicationLag(component: component, lag: lag.checked)
            case .failover(let duration):
                action = .failover(component: component, duration: duration.checked)
            case .scale(let to):
                action = .scale(component: component, count: to.checked)
            }
            return TimelineEvent(time: event.at.checked, action: action)
        }
        return events.enumerated()
            .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map(\.element)
    }

    /// The autoscalers, in file order.
    static func autoscalers(_ model: Model, indices: [String: Int]) -> [AutoscalerSpec] {
        model.autoscaling.map { scaler in
            AutoscalerSpec(
                component: indices[scaler.component.name!]!, metric: scaler.metric.checked,
                target: scaler.target.checked, interval: scaler.interval.checked,
                provisioning: scaler.provisioning.checked, cooldown: scaler.cooldown.checked,
                min: scaler.min.checked, max: scaler.max.checked
            )
        }
    }

    /// The seed's default alerts (for the model's pools and queues, in model order) unless
    /// `alert_defaults: false`, then the model's own, in file order.
    static func alerts(_ model: Model) -> [AlertRule] {
        let components = model.components ?? []
        func names(_ type: ComponentType) -> [String] {
            components.filter { $0.kind?.type == type }.map(\.name)
        }
        let defaults = model.alertDefaults.checked
            ? AlertRule.seedDefaults(pools: names(.pool), queues: names(.queue)) : []
        return defaults + model.alerts.map { alert in
            let scope = alert.component?.name ?? ""
            let metric = alert.metric.checked
            let subject = scope.isEmpty ? metric : "\(scope).\(metric)"
            return AlertRule(
                name: alert.name.value ?? "\(subject) above \(alert.thresholdText ?? Formatting.number(alert.threshold.checked))",
                scope: scope, metric: metric, threshold: alert.threshold.checked, holdFor: alert.holdFor.checked
            )
        }
    }
}
