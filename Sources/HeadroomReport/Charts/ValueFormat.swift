import Foundation
import HeadroomAnalysis

/// How a chart writes the numbers of one axis: the unit decides both the tick labels and the
/// tick steps (time axes step in whole seconds, minutes or hours).
public enum ValueFormat: Sendable, Equatable {
    /// Seconds, written with a fitting unit: `250us`, `80ms`, `2.5s`, `10m`, `1.5h`.
    case seconds
    /// Per second: `400/s`, `2.5k/s`.
    case rate
    /// A ratio in [0, 1] written as a percentage: `75%`.
    case ratio
    /// A plain number with up to four significant digits: `12`, `0.35`, `1.2e+06`.
    case plain
    /// A plain number with a unit after it: `×` for a load factor, ` cores`.
    case suffixed(String)

    /// `value` as a label (data labels and tooltips): a little more precise than ticks.
    public func label(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "–" : (value > 0 ? "∞" : "−∞") }
        switch self {
        case .seconds: return Self.duration(value)
        case .rate: return Self.compact(value, digits: 3) + "/s"
        case .ratio: return Format.percent(value)
        case .plain: return Self.compact(value, digits: 4)
        case .suffixed(let unit): return Self.compact(value, digits: 4) + unit
        }
    }

    /// A duration in seconds, in a whole unit when it is one (`5m` for 300 s, `1h`, `2d`),
    /// else as `Format.duration` writes it (`320s`, `8.31ms`).
    static func duration(_ seconds: Double) -> String {
        let a = abs(seconds)
        for (unit, size) in [("d", 86_400.0), ("h", 3_600.0), ("m", 60.0)] where a >= size {
            let count = seconds / size
            if count == count.rounded() && abs(count) < 1e6 { return String(Int(count)) + unit }
        }
        return Format.duration(seconds)
    }

    /// A tick label: `value` is a multiple of `step`, so no more digits than the step needs.
    func tick(_ value: Double, step: Double) -> String {
        let v = abs(value) < step * 1e-9 ? 0 : value
        switch self {
        case .seconds: return Self.timeTick(v, step: step)
        case .rate: return Self.compact(v, digits: 4) + "/s"
        case .ratio: return Self.trimmed(v * 100, decimals: Self.decimals(step * 100)) + "%"
        case .plain: return Self.compact(v, digits: 4)
        case .suffixed(let unit): return Self.compact(v, digits: 4) + unit
        }
    }

    /// Ticks for the range [low, high]: about `target` of them at round steps.
    func ticks(low: Double, high: Double, target: Int) -> (values: [Double], step: Double) {
        if case .seconds = self, high - low >= 120 { return NiceScale.timeTicks(low: low, high: high, target: target) }
        return NiceScale.ticks(low: low, high: high, target: target)
    }

    /// Whole-unit labels for time ticks: `90s`, `5m`, `2h`, `1.5d`, or milliseconds below 1 s.
    static func timeTick(_ value: Double, step: Double) -> String {
        if value == 0 { return "0" }
        let a = abs(value)
        if step >= 86_400 || a >= 172_800 { return trimmed(value / 86_400, decimals: decimals(step / 86_400)) + "d" }
        if step >= 3_600 || a >= 7_200 { return trimmed(value / 3_600, decimals: decimals(step / 3_600)) + "h" }
        if step >= 60 || a >= 600 { return trimmed(value / 60, decimals: decimals(step / 60)) + "m" }
        if step >= 1 || a >= 1 { return trimmed(value, decimals: decimals(step)) + "s" }
        if step >= 1e-3 { return trimmed(value * 1e3, decimals: decimals(step * 1e3)) + "ms" }
        return trimmed(value * 1e6, decimals: decimals(step * 1e6)) + "us"
    }

    /// Decimals needed to write multiples of `step` exactly (0 for 5, 1 for 0.5, 2 for 0.25).
    static func decimals(_ step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        var d = 0
        var s = step
        while d < 6 && abs(s - s.rounded()) > 1e-6 * max(1, s) {
            s *= 10
            d += 1
        }
        return d
    }

    /// `value` with at most `decimals` decimals and no trailing zeros.
    static func trimmed(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// Up to `digits` significant digits without an exponent, thousands as `k` and millions as
    /// `M` from 10,000 up: `716`, `0.85`, `2000`, `12.5k`.
    static func compact(_ value: Double, digits: Int) -> String {
        let a = abs(value)
        if a >= 1e7 { return significant(value / 1e6, digits: digits) + "M" }
        if a >= 1e4 { return significant(value / 1e3, digits: digits) + "k" }
        return significant(value, digits: digits)
    }

    /// `value` rounded to `digits` significant digits, written without an exponent and without
    /// trailing zeros (values below 1e-4 keep `%g`'s exponent: they have no short fixed form).
    static func significant(_ value: Double, digits: Int) -> String {
        let a = abs(value)
        if a == 0 { return "0" }
        if a < 1e-4 { return String(format: "%.\(digits)g", value) }
        let magnitude = Int(log10(a).rounded(.down))
        return trimmed(value, decimals: max(0, digits - 1 - magnitude))
    }
}
