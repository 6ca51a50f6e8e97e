import RealModule

extension QueueingTheory {
    /// The hit probability of one key in a TTL cache, in 0...1: requests for the key arrive as a
    /// Poisson stream of `rate` per second, a miss sets the entry for `ttl` seconds and hits do not
    /// refresh it; capacity is unlimited and nothing invalidates entries.
    ///
    /// docs/theory.md §10.1: rT/(1 + rT). Each cycle is one miss followed by rT hits on average.
    public static func ttlCacheHitRatio(rate: Double, ttl: Double) -> Double {
        precondition(rate >= 0 && ttl >= 0, "a TTL cache needs rate ≥ 0 and TTL ≥ 0")
        let hits = rate * ttl
        return hits.isInfinite ? 1 : hits / (1 + hits)
    }

    /// The hit probability of one key in a TTL cache whose entries are also invalidated by a
    /// Poisson stream of `invalidationRate` w per second, in 0...1.
    ///
    /// docs/theory.md §10.2 (TTL caches with invalidation): an entry lives τ = min(T, Exp(w)),
    /// E[τ] = (1 − e^{−wT})/w, and the hit probability is r·E[τ]/(1 + r·E[τ]); E[τ] is computed
    /// with expm1 so that w → 0 gives back rT/(1 + rT) without cancellation.
    public static func ttlCacheHitRatio(rate: Double, ttl: Double, invalidationRate: Double) -> Double {
        precondition(invalidationRate >= 0, "an invalidation rate must be ≥ 0")
        guard invalidationRate > 0 else { return ttlCacheHitRatio(rate: rate, ttl: ttl) }
        let lifetime = -Double.expMinusOne(-invalidationRate * ttl) / invalidationRate
        return ttlCacheHitRatio(rate: rate, ttl: lifetime)
    }

    /// The overall hit ratio of a TTL cache over `keys` keys with Zipf popularity, in 0...1: key i
    /// (from 1) gets the share p_i ∝ 1/i^s of `totalRate` requests per second, and the result is
    /// the request-weighted average of the per-key hit probabilities (docs/theory.md §10.3).
    /// `invalidationRate` is per key, per second. O(keys).
    public static func ttlCacheHitRatio(
        totalRate: Double, ttl: Double, keys: Int, zipfExponent s: Double, invalidationRate: Double = 0
    ) -> Double {
        precondition(keys >= 1 && totalRate >= 0 && s >= 0, "a Zipf cache needs keys ≥ 1, rate ≥ 0 and s ≥ 0")
        return zipfProbabilities(count: keys, exponent: s).reduce(0) { sum, p in
            sum + p * ttlCacheHitRatio(rate: p * totalRate, ttl: ttl, invalidationRate: invalidationRate)
        }
    }

    /// Item i's probability (i from 0) among `count` items with Zipf popularity, p ∝ 1/(i + 1)^s;
    /// s = 0 is uniform (docs/theory.md §10.3). O(count).
    public static func zipfProbabilities(count: Int, exponent s: Double) -> [Double] {
        let weights = (1...Swift.max(count, 1)).map { Double.pow(Double($0), -s) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }
}
