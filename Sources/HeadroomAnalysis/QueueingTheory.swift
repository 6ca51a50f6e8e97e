import RealModule

/// Closed forms from queueing theory that are not tied to one queue type: Erlang's formulas,
/// networks, caches, retries and load balancing, as stated in docs/theory.md (the queues themselves
/// are `MM1`, `MMc`, `MM1K`, `MMcK` and `MG1`).
///
/// Everything here is a pure function of its arguments. Units: rates per second, times in
/// seconds, offered load in Erlangs (a = λ/μ).
public enum QueueingTheory {
    /// Erlang B, the probability that an arrival to an M/M/c/c loss system finds all `c` servers
    /// busy and is lost, for an offered load of `a` Erlangs.
    ///
    /// docs/theory.md §4 (Erlang B): B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)). The recursion
    /// stays in [0, 1] and never forms a^c or c!, so it is exact to rounding for any c.
    /// Complexity O(c).
    public static func erlangB(c: Int, a: Double) -> Double {
        precondition(c >= 0 && a >= 0, "Erlang B needs c ≥ 0 servers and a load a ≥ 0")
        var b = 1.0
        if c > 0 {
            for k in 1...c { b = a * b / (Double(k) + a * b) }
        }
        return b
    }

    /// Erlang C, the probability that an arrival to an M/M/c queue has to wait, for `c` servers
    /// and an offered load of `a` Erlangs; 1 when a ≥ c (the queue is unstable and grows).
    ///
    /// docs/theory.md §3.1, computed from Erlang B (§3.2) as C = B / (1 − ρ(1 − B)), ρ = a/c,
    /// which avoids the a^c/c! terms of the textbook form. Complexity O(c).
    public static func erlangC(c: Int, a: Double) -> Double {
        precondition(c >= 1 && a >= 0, "Erlang C needs c ≥ 1 servers and a load a ≥ 0")
        let rho = a / Double(c)
        guard rho < 1 else { return 1 }
        let b = erlangB(c: c, a: a)
        return b / (1 - rho * (1 - b))
    }
}
