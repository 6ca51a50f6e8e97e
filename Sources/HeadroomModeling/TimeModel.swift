import HeadroomComponents
import HeadroomKernel

/// How a rate changes over time, as read from a `profile`.
enum ProfileModel {
    /// A multiplier of the base rate (every form but `csv`), dimensionless, over time in seconds.
    case multiplier(RateProfile)
    /// Absolute rates read from a CSV file: requests per second over time in seconds. The builder
    /// divides them by their mean over the run (`CSVRates.mean`) to get the multiplier.
    case csv(CSVRates)

    /// The CSV rates, for a `csv` profile.
    var csv: CSVRates? {
        if case .csv(let rates) = self { return rates }
        return nil
    }
}

/// The rates of a CSV profile file.
struct CSVRates {
    /// The file as diagnostics name it: the model file's directory joined with the path given.
    var file: String
    /// Requests per second (≥ 0) at times in seconds, piecewise linear, optionally periodic.
    var rates: RateProfile

    /// The mean rate over the run, from 0 to `duration` seconds, requests per second: the base
    /// rate that a CSV profile gives its level (`traffic` or a class).
    func mean(over duration: Double) -> Double {
        rates.integral(from: 0, to: duration) / duration
    }

    /// The multiplier profile: the rates divided by `mean`.
    func multiplier(mean: Double) -> RateProfile {
        RateProfile(times: rates.times, values: rates.values.map { $0 / mean }, period: rates.period)
    }
}

/// A component named by a time feature (a timeline event, an autoscaler, an alert), with the
/// types it may have.
struct ComponentTarget {
    /// The key that names it, as written (`crash`, `scale`, `component`).
    var key: String
    /// The types the named component may have (any of them).
    var needs: [ComponentType]
    /// The name, or `nil` when unreadable (reported).
    var name: String?
    /// The value that names it (the event's or entry's mapping when the key is missing).
    var ref: SourceRef
}

/// One entry of `timeline`.
struct TimelineEventModel {
    /// The event mapping.
    var ref: SourceRef
    /// `at`, seconds from the start (required, in [0, duration)).
    var at: Field<Double>
    /// The component the action names.
    var target: ComponentTarget
    /// What happens, with its parameters.
    var action: TimelineActionModel
}

/// The action of a timeline event with its parameters, as read.
enum TimelineActionModel {
    /// `crash: app, replica: N`.
    case crash(replica: Field<Int>)
    /// `recover: app, replica: N`.
    case recover(replica: Field<Int>)
    /// `shutdown: app, replica: N` (graceful).
    case shutdown(replica: Field<Int>)
    /// `rolling_deploy: app, restart: 30s`: seconds each replica is down.
    case rollingDeploy(restart: Field<Double>)
    /// `resize: app, cores: N, downtime: 2m`: seconds every replica is down.
    case resize(cores: Field<Int>, downtime: Field<Double>)
    /// `flush: cache`.
    case flush
    /// `replication_lag: db, lag: distribution` (seconds).
    case replicationLag(lag: Field<Distribution>)
    /// `failover: db, for: 30s`: seconds the primary is unavailable.
    case failover(duration: Field<Double>)
    /// `scale: app_or_queue, to: N`: replicas or workers from now on.
    case scale(to: Field<Int>)

    /// The replica a crash, recover or shutdown names.
    var replica: Field<Int>? {
        switch self {
        case .crash(let replica), .recover(let replica), .shutdown(let replica): replica
        default: nil
        }
    }
}

/// One entry of `autoscaling`.
struct AutoscalerModel {
    /// The entry mapping.
    var ref: SourceRef
    /// `component`: the app server or queue it scales (required).
    var component: ComponentTarget
    /// `metric` (required).
    var metric: Field<AutoscaleMetric>
    /// `target`, in the metric's unit: a fraction for cpu, jobs per worker for queue_depth,
    /// seconds for p99 (required, > 0).
    var target: Field<Double>
    /// `interval`, seconds between decisions (default 1 min).
    var interval: Field<Double>
    /// `provisioning`, seconds before a new replica or worker serves (default 90 s).
    var provisioning: Field<Double>
    /// `cooldown`, seconds after a change before the next (default 5 min).
    var cooldown: Field<Double>
    /// `min`, fewest replicas or workers (default 1).
    var min: Field<Int>
    /// `max`, most replicas or workers (required, ≥ min).
    var max: Field<Int>
}

/// One entry of `alerts`.
struct AlertModel {
    /// The entry mapping.
    var ref: SourceRef
    /// `name`, for people (absent: built from component, metric and `above`).
    var name: Field<String>
    /// `component` whose metric is watched; `nil` when absent (a run-wide metric).
    var component: ComponentTarget?
    /// `metric`, a snake_case time-series name (required).
    var metric: Field<String>
    /// `above`, the threshold in the metric's unit: a number, a percentage as a fraction, a
    /// duration in seconds, a rate per second (required).
    var threshold: Field<Double>
    /// `above` as written, for the default name.
    var thresholdText: String?
    /// `for`, seconds the condition must hold (default 0).
    var holdFor: Field<Double>
}
