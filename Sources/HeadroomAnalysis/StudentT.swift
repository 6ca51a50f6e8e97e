import RealModule

/// Student's t distribution with ν degrees of freedom: its CDF and quantile function, exact to
/// about 1e−12 for any ν > 0 (not only the integers of a printed table).
///
/// The tail is the regularized incomplete beta function, P(T > t) = ½·I_x(ν/2, ½) with
/// x = ν/(ν + t²) (Abramowitz and Stegun 26.7.1), evaluated by its continued fraction (modified
/// Lentz, as in Numerical Recipes `betacf`); the quantile inverts it by bisection. Beyond
/// ν = 100,000 the quantile is the normal one corrected by the Cornish–Fisher expansion
/// (A&S 26.7.5), whose next term is below 1e−20 there.
public enum StudentT {
    /// P(T ≤ t) for ν = `degreesOfFreedom` > 0.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(nu > 0, "Student t needs ν > 0")
        if t.isNaN { return .nan }
        let tail = upperTail(abs(t), nu)
        return t >= 0 ? 1 - tail : tail
    }

    /// The p-quantile t_{p, ν}, for p in [0, 1] (±∞ at the ends) and ν > 0.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(p >= 0 && p <= 1, "a quantile needs p in [0, 1]")
        precondition(nu > 0, "Student t needs ν > 0")
        if p == 0.5 { return 0 }
        // Solve for the tail on p's own side: 1 − p is exact for p ≥ ½, but p itself carries
        // the digits when p is small.
        return p < 0.5 ? -pointWithUpperTail(p, nu) : pointWithUpperTail(1 - p, nu)
    }

    /// The t ≥ 0 with P(T > t) = `tail`, for `tail` in [0, ½].
    static func pointWithUpperTail(_ tail: Double, _ nu: Double) -> Double {
        guard tail > 0 else { return .infinity }
        if nu > 100_000 { return cornishFisher(StandardNormal.pointWithUpperTail(tail), nu) }
        // Bracket by doubling from 1, then bisect.
        var lo = 0.0
        var hi = 1.0
        while upperTail(hi, nu) > tail { lo = hi; hi *= 2 }
        while hi - lo > 1e-15 * hi {
            let mid = (lo + hi) / 2
            guard mid > lo && mid < hi else { break }
            if upperTail(mid, nu) > tail { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// The two-sided critical value for a confidence `level` in (0, 1): t_{(1 + level)/2, ν}.
    /// For ν = 9 at 95 % this is 2.262157.
    public static func twoSidedCritical(level: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(level > 0 && level < 1, "a confidence level must be in (0, 1)")
        precondition(nu > 0, "Student t needs ν > 0")
        // Each tail holds (1 − level)/2; asking for that tail keeps its digits for levels near 1.
        return pointWithUpperTail((1 - level) / 2, nu)
    }

    /// P(T > t) for t ≥ 0: ½·I_x(ν/2, ½), x = ν/(ν + t²), 1 − x = t²/(ν + t²) formed directly.
    static func upperTail(_ t: Double, _ nu: Double) -> Double {
        guard t > 0 else { return 0.5 }
        guard t.isFinite else { return 0 }
        let t2 = t * t
        let x = nu / (nu + t2)
        let y = t2 / (nu + t2)
        return 0.5 * regularizedIncompleteBeta(a: nu / 2, b: 0.5, x: x, y: y)
    }

    /// t ≈ z + g₁/ν + g₂/ν² + g₃/ν³ + g₄/ν⁴ (Abramowitz and Stegun 26.7.5).
    static func cornishFisher(_ z: Double, _ nu: Double) -> Double {
        let z2 = z * z
        let g1 = z * (z2 + 1) / 4
        let g2 = z * ((5 * z2 + 16) * z2 + 3) / 96
        let g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384
        let g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92_160
        return z + (g1 + (g2 + (g3 + g4 / nu) / nu) / nu) / nu
    }

    /// I_x(a, b), the regularized incomplete beta function, with y = 1 − x given separately so
    /// that neither loses digits. Uses the continued fraction on whichever side converges fast.
    static func regularizedIncompleteBeta(a: Double, b: Double, x: Double, y: Double) -> Double {
        if x <= 0 { return 0 }
        if y <= 0 { return 1 }
        let logFront = Double.logGamma(a + b) - Double.logGamma(a) - Double.logGamma(b)
            + a * Double.log(x) + b * Double.log(y)
        let front = Double.exp(logFront)
        if x < (a + 1) / (a + b + 2) {
            return front * betaContinuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - front * betaContinuedFraction(a: b, b: a, x: y) / b
    }

    /// The continued fraction of I_x(a, b) (Numerical Recipes `betacf`, modified Lentz).
    static func betaContinuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        func guarded(_ v: Double) -> Double { abs(v) < tiny ? tiny : v }
        var c = 1.0
        var d = 1 / guarded(1 - qab * x / qap)
        var h = d
        for step in 1...100_000 {
            let m = Double(step)
            let m2 = 2 * m
            var coefficient = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 / guarded(1 + coefficient * d)
            c = guarded(1 + coefficient / c)
            h *= d * c
            coefficient = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 / guarded(1 + coefficient * d)
            c = guarded(1 + coefficient / c)
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }
}
