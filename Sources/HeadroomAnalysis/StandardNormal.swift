import RealModule

/// The standard normal distribution N(0, 1): its CDF and quantile function.
public enum StandardNormal {
    /// Φ(x) = ½·erfc(−x/√2).
    public static func cdf(_ x: Double) -> Double { 0.5 * Double.erfc(-x / 2.0.squareRoot()) }

    /// 1 − Φ(x) = ½·erfc(x/√2), accurate in the far upper tail where 1 − Φ would cancel.
    public static func upperTail(_ x: Double) -> Double { 0.5 * Double.erfc(x / 2.0.squareRoot()) }

    /// z_p = Φ⁻¹(p) for p in [0, 1] (±∞ at the ends); z_0.975 = 1.959963984540054.
    ///
    /// Bisection on the upper tail, to full double precision (about 60 halvings): slower than a
    /// rational approximation but with nothing to get wrong, and it is called once per interval.
    public static func quantile(_ p: Double) -> Double {
        precondition(p >= 0 && p <= 1, "a quantile needs p in [0, 1]")
        if p == 0.5 { return 0 }
        // Solve for the tail on p's own side: 1 − p is exact for p ≥ ½, but p itself carries
        // the digits when p is small.
        return p < 0.5 ? -pointWithUpperTail(p) : pointWithUpperTail(1 - p)
    }

    /// The x ≥ 0 with 1 − Φ(x) = `tail`, for `tail` in [0, ½].
    static func pointWithUpperTail(_ tail: Double) -> Double {
        guard tail > 0 else { return .infinity }
        // The tail at 39 is below the smallest double, so the root lies in [0, 39].
        var lo = 0.0
        var hi = 39.0
        while hi - lo > 1e-16 * hi {
            let mid = (lo + hi) / 2
            guard mid > lo && mid < hi else { break }
            if upperTail(mid) > tail { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
