import Foundation

/// What a saturation search raises: a factor on all traffic, or one key of the model.
public struct SaturationAxis: Codable, Sendable, Equatable {
    /// The unit of the axis's values.
    public enum Unit: String, Codable, Sendable {
        /// A multiplier of every class's arrival rate (1 is the model as written).
        case factor
        /// Requests per second.
        case rate
        /// Seconds.
        case duration
        /// A plain number.
        case number
    }

    /// The model path searched along: `traffic.scale` for the traffic factor, or any key
    /// (`traffic.classes.buy.rate`).
    public var name: String
    public var unit: Unit

    public init(name: String, unit: Unit) {
        self.name = name
        self.unit = unit
    }

    /// All traffic, scaled by a factor.
    public static let load = SaturationAxis(name: "traffic.scale", unit: .factor)

    /// Whether this is the traffic factor, on which utilization is proportional to the value.
    public var isLoadFactor: Bool { unit == .factor }

    /// A value as people read it: `×2.41`, `1.2k/s`, `350ms`, `12.5`.
    public func format(_ value: Double) -> String {
        switch unit {
        case .factor: "×" + Format.number(value, digits: 3)
        case .rate: Format.number(value, digits: 4) + "/s"
        case .duration: Format.duration(value)
        case .number: Format.number(value, digits: 4)
        }
    }

    /// A value as a model file (and `--set`) spells it, in base units at full precision.
    public func modelText(_ value: Double) -> String {
        let number = "\(value)"
        switch unit {
        case .factor, .number: return number
        case .rate: return number + "/s"
        case .duration: return number + "s"
        }
    }
}
