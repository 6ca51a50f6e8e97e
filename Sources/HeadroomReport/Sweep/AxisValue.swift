import Foundation
import HeadroomAnalysis
import HeadroomModeling

/// A swept value as a number for a chart axis, read in the units of model files.
enum AxisValue {
    /// The number a value written in a model file stands for, in base units as
    /// `SweepGrid.baseValue` reads it, and how to label it: `900/s` is a rate, `250ms` a
    /// duration, `80%` a ratio, `8` a plain number; nil when it is not a number (`hash`,
    /// `least_connections`).
    static func parse(_ text: String) -> (value: Double, format: ValueFormat)? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let value = SweepGrid.baseValue(t, units: units), value.isFinite else { return nil }
        if Double(t.replacingOccurrences(of: "_", with: "")) != nil { return (value, .plain) }
        if t.contains("/") { return (value, .rate) }
        if t.hasSuffix("%") { return (value, .ratio) }
        if t.contains(where: \.isLetter) { return (value, .seconds) }
        return (value, .plain)
    }

    /// The unit readers of model files.
    static let units = SweepUnits(rate: Units.rate, duration: Units.duration, fraction: Units.fraction)

    /// The value `path` takes in `overrides` (`path=value`, the last one wins), or nil.
    static func value(of path: String, in overrides: [String]) -> String? {
        overrides.last { $0.hasPrefix(path + "=") }.map { String($0.dropFirst(path.count + 1)) }
    }
}
