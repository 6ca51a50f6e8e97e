import RealModule

extension QueueingTheory {
    /// The mean number of attempts a request makes when each attempt fails independently with
    /// probability `failureProbability` f and a request makes at most `maxAttempts` n attempts.
    ///
    /// docs/theory.md §11.1: Σ_{i<n} fⁱ = (1 − fⁿ)/(1 − f), n at f = 1. The offered load on the
    /// callee is this many times the request rate.
    public static func expectedAttempts(failureProbability f: Double, maxAttempts n: Int) -> Double {
        precondition(f >= 0 && f <= 1 && n >= 1, "retries need f in [0, 1] and at least one attempt")
        guard f < 1 else { return Double(n) }
        guard f > 0 else { return 1 }
        // 1 − fⁿ as −expm1(n·ln f): keeps its digits when f is close to 1.
        return -Double.expMinusOne(Double(n) * Double.log(f)) / (1 - f)
    }
}
