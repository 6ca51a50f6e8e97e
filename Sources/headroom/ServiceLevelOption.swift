import HeadroomComponents
import HeadroomModeling

/// `--slo p99=500ms,errors=1%`: the service level a search judges runs against (`saturate`,
/// `plan`), else the model's `slo`.
enum ServiceLevelOption {
    /// The level `text` gives, else the model's; `modelFile` names the model in the message when
    /// neither gives one.
    static func parse(_ text: String?, model: ServiceLevel?, modelFile: String) throws -> ServiceLevel {
        guard let text else {
            guard let model, !model.isEmpty else {
                throw Failure("\(modelFile): the model has no `slo`; give one with --slo p99=500ms,errors=1%")
            }
            return model
        }
        var level = ServiceLevel()
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw Failure("--slo: expected KEY=VALUE such as p99=500ms, found '\(item)'") }
            switch parts[0] {
            case "p99":
                guard let value = Units.duration(parts[1]), value > 0, value <= Bounds.longestSeconds else {
                    throw Failure("--slo: p99 must be a duration above 0 and at most \(Int(Bounds.longestSeconds))s "
                        + "such as 500ms, found '\(parts[1])'")
                }
                level.p99 = value
            case "errors", "error_rate":
                guard let value = Units.fraction(parts[1]), value > 0, value < 1 else {
                    throw Failure("--slo: errors must be a fraction above 0 and below 1 such as 1%, found '\(parts[1])'")
                }
                level.errorRate = value
            default:
                throw Failure("--slo: unknown objective '\(parts[0])'; expected p99 or errors")
            }
        }
        guard !level.isEmpty else { throw Failure("--slo: give p99=DURATION and/or errors=FRACTION") }
        return level
    }
}
