import Foundation
import HeadroomModeling

/// A swept value as a number for a chart axis, read in the units of model files.
enum AxisValue {
    /// The number a value written in a model file stands for, and how to label it: `900/s` is a
    /// rate, `250ms` a duration, `80%` a ratio, `8` a plain number; nil when it is not a number
    /// (`hash`, `least_connections`).
    static func parse(_ text: String) -> (value: Double, format: ValueFormat)? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.contains("/"), let rate = Units.rate(t) { return (rate, .rate) }
        if t.hasSuffix("%"), let fraction = Units.fraction(t) { return (fraction, .ratio) }
        if let plain = Double(t.replacingOccurrences(of: "_", with: "")), plain.isFinite { return (plain, .plain) }
        if let seconds = Units.duration(t) { return (seconds, .seconds) }
        return nil
    }

    /// The value `path` takes in `overrides` (`path=value`, the last one wins), or nil.
    static func value(of path: String, in overrides: [String]) -> String? {
        overrides.last { $0.hasPrefix(path + "=") }.map { String($0.dropFirst(path.count + 1)) }
    }
}
