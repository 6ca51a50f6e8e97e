/// Finds where a decreasing, noisy-but-smooth function crosses zero, inside a bracket.
///
/// The Illinois variant of regula falsi: each step probes where the straight line between the
/// bracket's ends crosses zero, and when the same end survives twice its value is halved, so
/// the bracket shrinks from both sides. A non-finite value at an end (a run with no errors has
/// an infinite error margin) falls back to bisection. Steps are kept 1 % of the width away from
/// the ends so that each probe shrinks the bracket.
///
/// Safeguard: once a secant step neither halves the bracket nor lands at a margin at most half
/// the smaller of the ends' (close to the root), the margins have shown they do not locate the
/// root and every later step bisects. Margins near a saturation cliff are
/// lopsided (p99 47 ms, far inside the bound, on one side; a run stopped at 2 % over it on the
/// other), so the secant point lands next to the failing end again and again: on `full-saas`'s
/// next-bottleneck search that crawl took 13 probes where bisection needs 7. A margin close to
/// linear keeps the secant's speed (a probe on the root shrinks the bracket from one side only,
/// hence the margin test).
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
    /// Every step bisects from now on: a secant step shrank the bracket by less than half.
    private var bisecting = false

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
    func next() -> Double { secantPoint ?? low + (high - low) / 2 }

    /// Where the weighted secant crosses zero, kept 1 % of the width inside the bracket; nil when
    /// the next step bisects (a margin is not finite, or the safeguard has tripped).
    private var secantPoint: Double? {
        let width = high - low
        let a = lowMargin * lowWeight
        let b = highMargin * highWeight
        guard !bisecting, a.isFinite, b.isFinite, a > b else { return nil }
        let x = low + width * a / (a - b)
        return Swift.min(Swift.max(x, low + 0.01 * width), high - 0.01 * width)
    }

    /// Takes the margin measured at `value` (a value inside the bracket).
    mutating func update(_ value: Double, margin: Double) {
        let widthBefore = high - low
        let wasSecant = secantPoint != nil
        let nearRoot = abs(margin) <= 0.5 * Swift.min(abs(lowMargin), abs(highMargin))
        defer { if wasSecant && high - low > widthBefore / 2 && !nearRoot { bisecting = true } }
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
