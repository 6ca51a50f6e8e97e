import RealModule

/// A rate that changes over time: a multiplier of a base rate, piecewise linear between points,
/// optionally repeating with a period. Arrivals under it form a non-homogeneous Poisson process.
///
/// Every traffic shape is a list of points: constant (none), a ramp (two), a step (two at the
/// same time), a spike (four), a day's cycle (a sampled sinusoid, repeating every 24 h), or a
/// table read from a CSV file. Times in seconds, multipliers ≥ 0.
public struct RateProfile: Sendable, Equatable, Codable {
    /// Times of the points, non-decreasing, seconds (two equal times make a step).
    public var times: [Double]
    /// Multipliers at those times (≥ 0).
    public var values: [Double]
    /// When non-nil, the profile repeats every `period` seconds (times within [0, period]).
    public var period: Double?

    public init(times: [Double], values: [Double], period: Double? = nil) {
        precondition(times.count == values.count && !times.isEmpty, "a profile needs points")
        self.times = times
        self.values = values
        self.period = period
    }

    /// Always `multiplier`.
    public static func constant(_ multiplier: Double) -> RateProfile {
        RateProfile(times: [0], values: [multiplier])
    }

    /// From `from` at `start` to `to` at `end`, linearly; flat before and after.
    public static func ramp(from: Double, to: Double, start: Double, end: Double) -> RateProfile {
        RateProfile(times: [start, end], values: [from, to])
    }

    /// `from` until `at`, then `to`.
    public static func step(from: Double = 1, to: Double, at: Double) -> RateProfile {
        RateProfile(times: [at, at], values: [from, to])
    }

    /// A flash crowd: 1 until `start`, up to `factor` over `rise` seconds, held for `duration`,
    /// back to 1 over `rise`.
    public static func spike(start: Double, duration: Double, factor: Double, rise: Double = 0) -> RateProfile {
        RateProfile(
            times: [start, start + rise, start + rise + duration, start + 2 * rise + duration],
            values: [1, factor, factor, 1])
    }

    /// A day's cycle: a sinusoid with mean 1 whose peak is `peakToTrough` times its trough,
    /// peaking at `peakAt` seconds into each `period` (default 24 h); sampled at 96 points a
    /// period (every 15 minutes of a day), linear in between.
    public static func diurnal(peakToTrough: Double, peakAt: Double = 14 * 3600, period: Double = 86_400)
        -> RateProfile
    {
        // mean 1, max 1 + a, min 1 − a, (1 + a)/(1 − a) = ratio.
        let a = (peakToTrough - 1) / (peakToTrough + 1)
        let n = 96
        var times: [Double] = []
        var values: [Double] = []
        for i in 0...n {
            let t = period * Double(i) / Double(n)
            times.append(t)
            values.append(1 + a * Double.cos(2 * Double.pi * (t - peakAt) / period))
        }
        return RateProfile(times: times, values: values, period: period)
    }

    /// The multiplier at time `t`.
    public func value(at t: Double) -> Double {
        let local = localTime(t)
        if local <= times[0] { return values[0] }
        if local >= times[times.count - 1] { return values[values.count - 1] }
        var i = segment(containing: local)
        // A step: at the step time itself the new value holds.
        while i + 1 < times.count - 1 && times[i + 1] == local && times[i + 2] == local { i += 1 }
        let span = times[i + 1] - times[i]
        guard span > 0 else { return values[i + 1] }
        return values[i] + (values[i + 1] - values[i]) * (local - times[i]) / span
    }

    /// The largest multiplier anywhere.
    public var maximum: Double { values.max()! }

    /// The integral of the multiplier from `a` to `b` (seconds of base-rate traffic), exact for
    /// the piecewise-linear shape; used by tests and for expected arrival counts.
    public func integral(from a: Double, to b: Double) -> Double {
        guard b > a else { return 0 }
        // Integrate piecewise over the breakpoints (and period boundaries) between a and b.
        var cuts = [a, b]
        if let period {
            var k = (a / period).rounded(.down)
            while k * period < b {
                for t in times where k * period + t > a && k * period + t < b { cuts.append(k * period + t) }
                if k * period > a { cuts.append(k * period) }
                k += 1
            }
        } else {
            for t in times where t > a && t < b { cuts.append(t) }
        }
        cuts.sort()
        var total = 0.0
        for i in 0..<(cuts.count - 1) {
            let lo = cuts[i], hi = cuts[i + 1]
            guard hi > lo else { continue }
            // Linear on (lo, hi): the trapezoid rule is exact; sample just inside the ends so
            // that a step at an end takes the value on this side.
            let eps = (hi - lo) * 1e-12
            total += (value(at: lo + eps) + value(at: hi - eps)) / 2 * (hi - lo)
        }
        return total
    }

    /// One linear piece of the profile in absolute time: the multiplier goes from `startValue`
    /// at `start` to `endValue` at `end` (flat when `end` is +∞).
    public struct Piece: Sendable, Equatable {
        public var start: Double
        public var end: Double
        public var startValue: Double
        public var endValue: Double

        public init(start: Double, end: Double, startValue: Double, endValue: Double) {
            self.start = start
            self.end = end
            self.startValue = startValue
            self.endValue = endValue
        }

        /// The multiplier at `t` within the piece.
        @inlinable
        public func value(at t: Double) -> Double {
            guard start.isFinite, end.isFinite, end > start else { return startValue }
            return startValue + (endValue - startValue) * (t - start) / (end - start)
        }

        /// The largest multiplier on the piece.
        @inlinable public var maximum: Double { Swift.max(startValue, endValue) }
    }

    /// The piece that contains `t`; its end is always after `t`, so walking piece by piece
    /// always moves forward. O(log points).
    public func piece(at t: Double) -> Piece {
        var offset = 0.0
        var local = t
        if let period {
            offset = (t / period).rounded(.down) * period
            local = t - offset
            if local >= period {
                offset += period
                local -= period
            } else if local < 0 {
                offset -= period
                local += period
            }
        }
        var piece: Piece
        if local < times[0] {
            piece = Piece(start: -.infinity, end: offset + times[0], startValue: values[0], endValue: values[0])
        } else if local >= times[times.count - 1] {
            let last = values[values.count - 1]
            let end = period.map { offset + $0 } ?? .infinity
            piece = Piece(start: offset + times[times.count - 1], end: end, startValue: last, endValue: last)
        } else {
            // The last point at or before `local`: steps (equal times) resolve to their new value.
            var lo = 0
            var hi = times.count - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if times[mid] <= local { lo = mid } else { hi = mid }
            }
            piece = Piece(start: offset + times[lo], end: offset + times[hi], startValue: values[lo], endValue: values[hi])
        }
        if !(piece.end > t) { piece.end = t.nextUp }
        return piece
    }

    private func localTime(_ t: Double) -> Double {
        guard let period else { return t }
        let r = t.truncatingRemainder(dividingBy: period)
        return r < 0 ? r + period : r
    }

    private func segment(containing t: Double) -> Int {
        var lo = 0
        var hi = times.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if times[mid] <= t { lo = mid } else { hi = mid }
        }
        return lo
    }
}
