import Foundation

/// Numbers as error messages show them: short, without noise digits.
enum Formatting {
    /// A number with up to 9 significant digits and no trailing zeros: `0.1`, `120`, `1e-06`.
    static func number(_ value: Double) -> String {
        String(format: "%.9g", value)
    }

    /// A bound such as 1e9 or 1e-9 as people write it (`%g` would print `1e+09`); other values
    /// as `number`.
    static func bound(_ value: Double) -> String {
        let exponent = value.magnitude.log10Rounded
        if value > 0, abs(exponent) >= 6, value == pow(10, Double(exponent)) { return "1e\(exponent)" }
        return number(value)
    }

    /// A duration in the unit a model file would use: `3ms`, `200us`, `1.5s`, `2m`, `2h`.
    static func seconds(_ value: Double) -> String {
        func short(_ x: Double) -> String { String(format: "%.6g", x) }
        let size = abs(value)
        switch size {
        case 0: return "0s"
        case ..<1e-3: return short(value * 1e6) + "us"
        case ..<1: return short(value * 1e3) + "ms"
        case 3600... where size.truncatingRemainder(dividingBy: 3600) == 0: return short(value / 3600) + "h"
        case 60... where size.truncatingRemainder(dividingBy: 60) == 0: return short(value / 60) + "m"
        default: return short(value) + "s"
        }
    }

    /// A fraction as a percentage: `1.2` → `120%`.
    static func percent(_ fraction: Double) -> String {
        number(fraction * 100) + "%"
    }
}

private extension Double {
    /// log10 rounded to the nearest integer (0 for 0).
    var log10Rounded: Int { self > 0 ? Int(Foundation.log10(self).rounded()) : 0 }
}
