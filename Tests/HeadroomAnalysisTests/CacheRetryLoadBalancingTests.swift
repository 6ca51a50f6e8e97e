import Foundation
import HeadroomAnalysis
import HeadroomKernel
import Testing

/// Relative agreement within `tolerance` (absolute near 0).
private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= tolerance * Swift.max(abs(a), abs(b), 1)
}

@Suite("TTL caches")
struct CacheTheoryTests {
    @Test func withoutInvalidation() {
        // rT/(1 + rT): 10 requests/s, TTL 1 s → 10/11.
        #expect(close(QueueingTheory.ttlCacheHitRatio(rate: 10, ttl: 1), 10.0 / 11))
        #expect(QueueingTheory.ttlCacheHitRatio(rate: 0, ttl: 60) == 0)
        #expect(QueueingTheory.ttlCacheHitRatio(rate: 5, ttl: .infinity) == 1)
    }

    @Test func withInvalidation() {
        // r = 10, T = 1, w = 0.5: E[τ] = (1 − e^{−0.5})/0.5 = 0.786939, hit = 0.8872526 (mpmath).
        #expect(close(QueueingTheory.ttlCacheHitRatio(rate: 10, ttl: 1, invalidationRate: 0.5), 0.887_252_634_043_200_88))
        // w → 0 gives back rT/(1 + rT) smoothly; w = 0 is exactly it.
        #expect(close(QueueingTheory.ttlCacheHitRatio(rate: 10, ttl: 1, invalidationRate: 1e-12), 10.0 / 11, 1e-11))
        let noInvalidation = QueueingTheory.ttlCacheHitRatio(rate: 10, ttl: 1, invalidationRate: 0)
        #expect(noInvalidation == QueueingTheory.ttlCacheHitRatio(rate: 10, ttl: 1))
        // No TTL: entries live Exp(w), hit = (r/w)/(1 + r/w).
        #expect(close(QueueingTheory.ttlCacheHitRatio(rate: 4, ttl: .infinity, invalidationRate: 2), 2.0 / 3))
    }

    /// The model simulated directly — Poisson requests at r, an entry set on a miss for T, killed
    /// earlier by a Poisson invalidation at w — over 200,000 requests; the hit fraction must be
    /// within 5 standard errors of the formula.
    ///
    /// The requests form renewal cycles of one miss and N hits, N Poisson with mean r·τ given the
    /// entry's life τ = min(T, Exp(w)). With m = 1 + r·E[τ] and Var N = r·E[τ] + r²·Var τ, the
    /// miss fraction over n requests has standard error √(Var N/(n·m³)) (renewal CLT), and
    /// E[τ²] = 2(1 − e^{−wT}(1 + wT))/w² (T² when w = 0).
    @Test func agreesWithADirectSimulation() {
        for (r, ttl, w) in [(10.0, 1.0, 0.0), (2.0, 0.5, 1.0)] {
            var rng = RandomStream(seed: 17, name: "ttl-cache")
            var now = 0.0
            var expiresAt = -1.0
            var hits = 0
            let n = 200_000
            for _ in 0..<n {
                now += Distribution.exponential(mean: 1 / r).sample(&rng)
                if now < expiresAt {
                    hits += 1
                } else {
                    let invalidatedAfter = w > 0 ? Distribution.exponential(mean: 1 / w).sample(&rng) : .infinity
                    expiresAt = now + Swift.min(ttl, invalidatedAfter)
                }
            }
            let expected = QueueingTheory.ttlCacheHitRatio(rate: r, ttl: ttl, invalidationRate: w)
            let sampled = Double(hits) / Double(n)
            let life = w > 0 ? -expm1(-w * ttl) / w : ttl
            let lifeSquared = w > 0 ? 2 * (1 - exp(-w * ttl) * (1 + w * ttl)) / (w * w) : ttl * ttl
            let cycle = 1 + r * life
            let hitsVariance = r * life + r * r * (lifeSquared - life * life)
            let tolerance = 5 * (hitsVariance / (Double(n) * cycle * cycle * cycle)).squareRoot()
            #expect(abs(sampled - expected) <= tolerance, "r \(r) T \(ttl) w \(w): \(sampled) vs \(expected)")
        }
    }

    @Test func zipfWeightedAverage() {
        // One key is the single-key formula; s = 0 spreads the rate evenly over the keys.
        #expect(close(QueueingTheory.ttlCacheHitRatio(totalRate: 10, ttl: 1, keys: 1, zipfExponent: 1), 10.0 / 11))
        #expect(close(QueueingTheory.ttlCacheHitRatio(totalRate: 100, ttl: 1, keys: 10, zipfExponent: 0), 10.0 / 11))
        // Two keys, s = 1: shares ⅔ and ⅓ of 3/s → rates 2 and 1 → ⅔·⅔ + ⅓·½ = 0.6111.
        #expect(close(QueueingTheory.ttlCacheHitRatio(totalRate: 3, ttl: 1, keys: 2, zipfExponent: 1), 4.0 / 9 + 1.0 / 6))
        // Skew helps: the same traffic concentrated on fewer keys hits more.
        let flat = QueueingTheory.ttlCacheHitRatio(totalRate: 1000, ttl: 1, keys: 10_000, zipfExponent: 0)
        let skewed = QueueingTheory.ttlCacheHitRatio(totalRate: 1000, ttl: 1, keys: 10_000, zipfExponent: 1.1)
        #expect(skewed > flat)
    }
}

@Suite("Retries and load balancing")
struct RetryAndLoadBalancingTests {
    @Test func expectedAttempts() {
        #expect(close(QueueingTheory.expectedAttempts(failureProbability: 0.5, maxAttempts: 3), 1.75))
        #expect(QueueingTheory.expectedAttempts(failureProbability: 0, maxAttempts: 5) == 1)
        #expect(QueueingTheory.expectedAttempts(failureProbability: 1, maxAttempts: 4) == 4)
        #expect(close(QueueingTheory.expectedAttempts(failureProbability: 0.1, maxAttempts: 1), 1))
        // Close to 1 the closed form is 0/0; the limit is n.
        #expect(close(QueueingTheory.expectedAttempts(failureProbability: 1 - 1e-12, maxAttempts: 3), 3, 1e-10))
    }

    /// Σ_{i≥1} ρ^{(dⁱ − d)/(d − 1)} summed with mpmath `nsum` to 30 digits.
    @Test func powerOfChoices() {
        #expect(close(QueueingTheory.powerOfChoicesResponse(rho: 0.9, choices: 1), 10))
        #expect(close(QueueingTheory.powerOfChoicesResponse(rho: 0.9, choices: 2), 2.614_057_377_323_875_8))
        #expect(close(QueueingTheory.powerOfChoicesResponse(rho: 0.99, choices: 2), 5.431_996_579_161_878_7))
        #expect(close(QueueingTheory.powerOfChoicesResponse(rho: 0.9, choices: 3), 2.027_855_968_995_278_8))
        #expect(QueueingTheory.powerOfChoicesResponse(rho: 0, choices: 2) == 1)
        #expect(QueueingTheory.powerOfChoicesResponse(rho: 1, choices: 2) == .infinity)
    }
}
