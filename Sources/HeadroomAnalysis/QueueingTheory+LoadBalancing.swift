import RealModule

extension QueueingTheory {
    /// The mean response time under "power of d choices" load balancing, in units of the mean
    /// service time: each arrival joins the shortest of d servers picked at random, among many
    /// servers, each at utilization ρ with exponential service.
    ///
    /// docs/theory.md §9.4 (the supermarket model, Mitzenmacher; Vvedenskaya, Dobrushin
    /// and Karpelevich): E[T] = Σ_{i≥1} ρ^{(dⁱ − d)/(d − 1)}. d = 1 is random routing, the M/M/1
    /// value 1/(1 − ρ). Multiply by the mean service time for seconds. +∞ for ρ ≥ 1.
    public static func powerOfChoicesResponse(rho: Double, choices d: Int) -> Double {
        precondition(rho >= 0 && d >= 1, "power of d choices needs ρ ≥ 0 and d ≥ 1")
        guard rho < 1 else { return .infinity }
        guard d > 1 else { return 1 / (1 - rho) }
        guard rho > 0 else { return 1 }
        // The exponents (dⁱ − d)/(d − 1) = d + d² + … + d^{i−1} grow geometrically: the sum
        // converges after a handful of terms.
        var total = 0.0
        var exponent = 0.0
        var power = Double(d)
        while true {
            let term = Double.pow(rho, exponent)
            total += term
            if term < 1e-17 * total { return total }
            exponent += power
            power *= Double(d)
        }
    }
}
