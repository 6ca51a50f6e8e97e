import HeadroomComponents

/// A model file read into typed values with defaults applied: the stage between the YAML tree and
/// the `SimulationSpec`.
///
/// Reading has already rejected what one node alone can show to be wrong (kinds, units, ranges,
/// distribution parameters); `ModelValidator` checks the rules that join several nodes, and
/// `ModelBuilder` turns a model without diagnostics into a spec. Times are in seconds, rates in
/// requests per second. Every element keeps its `SourceRef` so that later checks can point at it.
struct Model {
    /// The document's root mapping.
    var ref: SourceRef
    /// `name`, or the file name without extension.
    var name: String
    /// `duration`, seconds (required, > 0).
    var duration: Field<Double>
    /// `warmup`, seconds (default 0).
    var warmup: Field<Double>
    /// `seed` (default 1).
    var seed: Field<UInt64>
    /// `limits.max_in_system` (default 1 000 000).
    var maxInSystem: Field<Int>
    /// `traffic`, or `nil` when it is missing or not a mapping (reported).
    var traffic: TrafficModel?
    /// `components` in file order, or `nil` when missing, empty or not a mapping (reported).
    var components: [ComponentModel]?
    /// `flows`, or `nil` when missing, empty or not a mapping (reported).
    var flows: FlowsModel?
    /// `window`, seconds of one time-series window (absent: the spec's default for the duration).
    var window: Field<Double>
    /// `slo`, the service level the run is judged against (absent: none).
    var slo: Field<ServiceLevel>
    /// `alerts`, the readable rules in file order (empty when absent).
    var alerts: [AlertModel]
    /// `alert_defaults` (default true): whether the seed's alerts come before `alerts`.
    var alertDefaults: Field<Bool>
    /// `timeline`, the readable events in file order (empty when absent).
    var timeline: [TimelineEventModel]
    /// `autoscaling`, the readable policies in file order (empty when absent).
    var autoscaling: [AutoscalerModel]
    /// `cost`, prices per hour (absent: none; components' own `cost_per_hour` still count).
    var cost: Field<CostSpec>
    /// `plan.vary`, the design space of `headroom plan` (empty when absent).
    var plan: [PlanVary]
}

/// One field of the model: absent from the file, present but wrong (already reported), or read.
enum Field<Value> {
    /// Not in the file (nor given a default).
    case absent
    /// In the file, but wrong; a diagnostic has been reported.
    case invalid
    /// Read, at `ref` (for a default, the ref of the mapping that lacks the key).
    case value(Value, SourceRef)

    /// Reads an optional key: absent when `reader` is `nil`.
    init(_ reader: NodeReader?, _ read: (NodeReader) -> Value?) {
        guard let reader else {
            self = .absent
            return
        }
        self.init(required: reader, read)
    }

    /// Reads a required key whose absence `MappingReader.required` has already reported.
    init(required reader: NodeReader?, _ read: (NodeReader) -> Value?) {
        guard let reader, let value = read(reader) else {
            self = .invalid
            return
        }
        self = .value(value, reader.ref)
    }

    /// The value, if read.
    var value: Value? {
        if case .value(let value, _) = self { return value }
        return nil
    }

    /// Where the value was read, if read.
    var ref: SourceRef? {
        if case .value(_, let ref) = self { return ref }
        return nil
    }

    /// Whether the key was in the file, valid or not.
    var isGiven: Bool {
        if case .absent = self { return false }
        return true
    }

    /// This field with `value` put in when absent.
    func defaulting(to value: Value, at ref: SourceRef) -> Field {
        if case .absent = self { return .value(value, ref) }
        return self
    }

    /// The value of a field that validation passed. Only `ModelBuilder` uses it, and only on a
    /// model without diagnostics, where every required field has a value.
    var checked: Value {
        guard case .value(let value, _) = self else {
            preconditionFailure("ModelBuilder ran on a model that failed validation")
        }
        return value
    }
}

/// `traffic`: the total rate and the request classes.
struct TrafficModel {
    /// The `traffic` mapping.
    var ref: SourceRef
    /// `traffic.rate`, requests per second.
    var rate: Field<Double>
    /// `traffic.scale`: a multiplier of every class's arrival rate (default 1), so that one
    /// override scales all traffic (`--set traffic.scale=2`) and a load search has a model key.
    var scale: Field<Double>
    /// `traffic.profile`: how the rate of every class without a profile of its own changes.
    var profile: Field<ProfileModel>
    /// Whether `traffic.profile` is a CSV profile, readable or not: then it gives the rate.
    var profileIsCSV: Bool
    /// `traffic.classes` in file order; `nil` when the key is absent (one class named `default`)
    /// or invalid (reported; then `classesInvalid`).
    var classes: [ClassModel]?
    /// Whether `traffic.classes` was given but could not be read.
    var classesInvalid: Bool
    /// The `traffic.classes` mapping, when given.
    var classesRef: SourceRef?
    /// `traffic.replay`: recorded requests that replace the synthetic arrivals.
    var replay: Field<ReplayModel> = .absent
}

/// One entry of `traffic.classes`.
struct ClassModel {
    /// The class name (its key).
    var name: String
    /// The key.
    var ref: SourceRef
    /// `share`: fraction of `traffic.rate`, in (0, 1].
    var share: Field<Double>
    /// `rate`: the class's own rate, requests per second.
    var rate: Field<Double>
    /// `keys`: how requests pick the key they work on (absent: every request uses key 0).
    var keys: Field<Popularity>
    /// `tenants`: how requests pick their tenant (absent: every request is tenant 0).
    var tenants: Field<Popularity>
    /// `sessions`: how requests pick their session (absent: none; sticky balancing needs it).
    var sessions: Field<Popularity>
    /// `profile`: how the class's rate changes over time (absent: `traffic.profile`, if any).
    var profile: Field<ProfileModel>
    /// Whether `profile` is a CSV profile, readable or not: then it gives the class's rate.
    var profileIsCSV: Bool
    /// `client`: the client's timeout and retries (absent: none).
    var client: Field<ClientSpec>
    /// Whether the class's value was a mapping; when not (reported), every field is invalid and
    /// the rules about shares and rates skip the class.
    var isReadable = true
}

/// `flows`: one program of steps per class.
struct FlowsModel {
    /// The `flows` mapping.
    var ref: SourceRef
    /// The flows in file order.
    var flows: [FlowModel]
}

/// One entry of `flows`.
struct FlowModel {
    /// The class it belongs to (its key).
    var className: String
    /// The key.
    var ref: SourceRef
    /// The steps, or `nil` when they could not be read (reported).
    var steps: [StepModel]?
}
