import Foundation

/// Round tick steps for chart axes (Heckbert's "nice numbers": 1, 2, 2.5 or 5 times a power of
/// ten), and whole-unit steps for time axes.
enum NiceScale {
    /// Ticks covering [low, high] at a nice step giving about `target` intervals; the first and
    /// last ticks enclose the range, so the axis ends on a labelled tick.
    static func ticks(low: Double, high: Double, target: Int) -> (values: [Double], step: Double) {
        guard low.isFinite, high.isFinite else { return ([0, 1], 1) }
        var low = low
        var high = high
        if high <= low {
            // A flat series: open a range around it.
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= low == 0 ? 0 : pad
            high += pad
        }
        let step = niceStep((high - low) / Double(max(target, 1)))
        return (values(from: (low / step).rounded(.down) * step, to: (high / step).rounded(.up) * step, step: step), step)
    }

    /// Ticks for a time axis in seconds: steps of whole seconds, minutes, hours or days.
    static func timeTicks(low: Double, high: Double, target: Int) -> (values: [Double], step: Double) {
        let steps: [Double] = [
            1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400,
            172_800, 604_800,
        ]
        let wanted = (high - low) / Double(max(target, 1))
        guard let step = steps.first(where: { $0 >= wanted * 0.8 }) else { return ticks(low: low, high: high, target: target) }
        return (values(from: (low / step).rounded(.down) * step, to: (high / step).rounded(.up) * step, step: step), step)
    }

    /// The nice number nearest above `raw`: 1, 2, 2.5, 5 or 10 times a power of ten.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let exponent = (log10(raw)).rounded(.down)
        let base = pow(10, exponent)
        let fraction = raw / base
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
        return nice * base
    }

    /// low, low + step, …, high, computed by index so that rounding errors do not pile up.
    private static func values(from low: Double, to high: Double, step: Double) -> [Double] {
        let count = Int(((high - low) / step).rounded()) + 1
        return (0..<min(max(count, 2), 60)).map { low + Double($0) * step }
    }
}
