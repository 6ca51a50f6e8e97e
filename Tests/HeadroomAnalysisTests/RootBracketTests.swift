@testable import HeadroomAnalysis
import Foundation
import Testing

/// The saturation search's root finder on margins of known root: it must converge to the
/// tolerance, within one probe of plain bisection (counted by an independent bisection) on
/// cliffs and curved margins, and keep the secant's speed where the margin is close to linear.
@Suite struct RootBracketTests {
    /// Probes until the bracket is narrower than `tolerance` × its low end, and the estimate.
    static func solve(_ low: Double, _ high: Double, tolerance: Double = 0.005, _ margin: (Double) -> Double) -> (probes: Int, estimate: Double, bracket: RootBracket) {
        var bracket = RootBracket(low: low, lowMargin: margin(low), high: high, highMargin: margin(high))
        var probes = 0
        while !bracket.isNarrow(tolerance: tolerance), probes < 200 {
            let x = bracket.next()
            bracket.update(x, margin: margin(x))
            probes += 1
        }
        return (probes, bracket.estimate, bracket)
    }

    /// Probes plain bisection needs from [low, high] to `tolerance`, counted independently.
    static func bisectionProbes(_ low: Double, _ high: Double, root: Double, tolerance: Double = 0.005) -> Int {
        var (a, b) = (low, high)
        var probes = 0
        while b - a > tolerance * a {
            let mid = (a + b) / 2
            if mid < root { a = mid } else { b = mid }
            probes += 1
        }
        return probes
    }

    /// A cliff: far inside on one side, just outside on the other (a p99 that jumps from 47 ms
    /// to a timeout of 520 ms against a 500 ms bound). The unguarded secant crawled here.
    @Test(arguments: [3.43, 2.7, 3.9, 3.1234])
    func aLopsidedCliffNeedsAtMostOneProbeBeyondBisection(root: Double) {
        let (probes, estimate, bracket) = Self.solve(2.66, 3.99) { $0 < root ? 9.6 : -0.04 }
        #expect(bracket.low < root && root <= bracket.high, "the bracket keeps the root")
        #expect(abs(estimate - root) <= 0.005 * 2.66 + 1e-12)
        #expect(probes <= Self.bisectionProbes(2.66, 3.99, root: root) + 1, "\(probes) probes")
    }

    /// A p99-like margin, bound/p99 − 1 with p99 ∝ 1/(capacity − x), and a convex one (p99 ∝
    /// 1/(capacity − x)²): still within one probe of bisection.
    @Test(arguments: [(1.4, 1.0), (0.9, 1.0), (1.9, 1.0), (1.4, 2.0), (2.0, 2.0)])
    func aCurvedMarginStaysWithinOneProbeOfBisection(capacity: Double, power: Double) {
        let root = capacity - 0.05
        let (probes, estimate, _) = Self.solve(0.5, capacity + 0.02) {
            $0 >= capacity ? -1 : pow((capacity - $0) / 0.05, power) - 1
        }
        #expect(abs(estimate - root) <= 0.005 * root)
        #expect(probes <= Self.bisectionProbes(0.5, capacity + 0.02, root: root) + 1, "\(probes) probes")
    }

    /// A linear margin: the secant lands on the root, so far fewer probes than bisection's 9.
    @Test(arguments: [0.8, 1.3, 1.9])
    func aLinearMarginTakesTheSecantsShortcut(root: Double) {
        let (probes, estimate, _) = Self.solve(0.5, 2) { 1 - $0 / root }
        #expect(abs(estimate - root) <= 1e-6 * root)
        #expect(probes <= 4, "\(probes) probes; bisection needs \(Self.bisectionProbes(0.5, 2, root: root))")
    }

    /// Without a finite margin at an end (no errors: +∞) it bisects, and still converges.
    @Test func anInfiniteMarginBisects() {
        let root = 1.7
        let (probes, estimate, _) = Self.solve(1, 3) { $0 < root ? .infinity : -0.5 }
        #expect(abs(estimate - root) <= 0.005)
        #expect(probes == Self.bisectionProbes(1, 3, root: root))
    }
}
