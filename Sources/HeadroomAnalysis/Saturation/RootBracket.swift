/// Finds where a decreasing, noisy-but-smooth function crosses zero, inside a bracket.
///
/// The Illinois variant of regula falsi: each step probes where the straight line between the
/// bracket's ends crosses zero, and when the same end survives twice its value is halved, so
/// the bracket shrinks from both sides. A non-finite value at an end (a run with no errors has
/// an infinite error margin) falls back to bisection. Steps are kept 1 % of the width away from
/// the ends so that each probe shrinks the bracket.
///
/// The function is evaluated at most `maxSteps` times; the search stops sooner when the bracket
/// is narrower than `tolerance` times its low end.
struct RootBracket {
    /// Highest value known to meet (margin > 0).
    var low: Double
    var lowMargin: Double
    /// Lowest value known to miss (margin ≤ 0).
    var high: Double
    var highMargin: Double

    /// Which end the last step moved, for Illinois' halving.
    private var lastMoved: End?
    private var lowWeight = 1.0
    private var highWeight = 1.0

    private enum End { case low, high }

    init(low: Double, lowMargin: Double, high: Double, highMargin: Double) {
        precondition(low < high, "a bracket's low end is below its high end")
        self.low = low
        self.lowMargin = lowMargin
        self.high = high
        self.highMargin = highMargin
    }

    /// Whether the bracket is narrower than `tolerance` relative to its low end.
    func isNarrow(tolerance: Double) -> Bool { high - low <= tolerance * abs(low) }

    /// The next value to probe.
    func next() -> Double {
        let width = high - low
        let a = lowMargin * lowWeight
        let b = highMargin * highWeight
        guard a.isFinite, b.isFinite, a > b else { return low + width / 2 }
        let x = low + width * a / (a - b)
        return Swift.min(Swift.max(x, low + 0.01 * width), high - 0.01 * width)
    }

    /// Takes the margin measured at `value` (a value inside the bracket).
    mutating func update(_ value: Double, margin: Double) {
        if margin > 0 {
            low = value
            lowMargin = margin
            lowWeight = 1
            if lastMoved == .low { highWeight /= 2 }
            lastMoved = .low
        } else {
            high = value
            highMargin = margin
            highWeight = 1
            if lastMoved == .high { lowWeight /= 2 }
            lastMoved = .high
        }
    }

    /// The best estimate of the crossing: where the line between the ends (true margins)
    /// crosses zero, or the middle when a margin is not finite.
    var estimate: Double {
        guard lowMargin.isFinite, highMargin.isFinite, lowMargin > highMargin else { return (low + high) / 2 }
        let x = low + (high - low) * lowMargin / (lowMargin - highMargin)
        return Swift.min(Swift.max(x, low), high)
    }
}
