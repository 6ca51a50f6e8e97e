/// What a rate limiter does with a request that finds the bucket empty.
public enum RateLimitPolicy: String, Sendable, Equatable, Codable, CaseIterable {
    /// Reject it at once (HTTP 429 Too Many Requests).
    case reject
    /// Hold it until a token is free (a leaky-bucket shaper), or reject it when that would take
    /// longer than `maxWait`.
    case queue
}

/// A token-bucket rate limiter in front of whatever follows its `limit` step: tokens accrue at
/// `rate` per second up to `burst`; a request takes one. Without a token it is rejected or held
/// until one accrues, by `policy`. The seed's "rate limit" data (a counter with a 1-minute TTL)
/// enforces the same long-run rate.
///
/// Implemented as the generic cell rate algorithm (GCRA), the token bucket's exact equivalent:
/// one theoretical arrival time per limiter, no per-token events, nothing allocated per request.
public struct RateLimiterSpec: Sendable, Equatable, Codable {
    /// Tokens per second: the long-run most requests per second it lets through (> 0).
    public var rate: Double
    /// Bucket size: requests it lets through at once after a quiet spell (≥ 1).
    public var burst: Int
    /// What happens to a request that finds no token.
    public var policy: RateLimitPolicy
    /// With `queue`: the longest a request may be held for a token, seconds; one that would wait
    /// longer is rejected. `nil`: no limit (the held requests form an M/D/1-like queue).
    public var maxWait: Double?

    public init(rate: Double, burst: Int = 1, policy: RateLimitPolicy = .reject, maxWait: Double? = nil) {
        self.rate = rate
        self.burst = burst
        self.policy = policy
        self.maxWait = maxWait
    }
}

extension RateLimiterSpec: ComponentParameters {
    public static var componentType: ComponentType { .rateLimiter }
    public static var summary: String { "a token bucket that rejects or holds requests above a rate" }
    public static var template: RateLimiterSpec { RateLimiterSpec(rate: 1) }
    public static var parameters: [Parameter<RateLimiterSpec>] {
        [
            Parameter("rate", .rate(\.rate), .required, "tokens per unit of time: the long-run most requests let through"),
            Parameter("burst", .integer(\.burst, 1...Bounds.waiting), .defaulted(),
                      "bucket size: requests let through at once after a quiet spell"),
            Parameter("policy", .choice(ParameterChoice(\.policy)), .defaulted(),
                      "`reject`: a request without a token fails at once as rejected (HTTP 429); `queue`: it is "
                          + "held until a token accrues"),
            Parameter("max_wait", .optionalDuration(\.maxWait), .optional(meaning: "none (hold as long as it takes)"),
                      "with `queue`: longest a request is held; one that would wait longer is rejected"),
        ]
    }
}
