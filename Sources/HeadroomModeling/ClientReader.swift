import HeadroomComponents

/// Reads a class's `client`: how long the client waits for one attempt, how often it tries, how
/// long it backs off between attempts and how much retrying the budget allows.
enum ClientReader {
    /// The keys of `client`, each optional.
    static let keys = ["timeout", "attempts", "backoff", "jitter", "budget"]

    /// Reads `{ timeout: 2s, attempts: 3, backoff: 100ms, jitter: 50%, budget: 10% }`:
    /// `timeout` seconds > 0 (absent: the client waits for as long as it takes), `attempts` in all
    /// from 1 to 100 (default 1), `backoff` seconds ≥ 0 before the first retry (default 100 ms,
    /// doubled at each further one), `jitter` a fraction in [0, 1] (default 0), `budget` retries
    /// as a fraction of first attempts in (0, 1] (absent: no budget). `nil` after reporting.
    static func read(_ reader: NodeReader) -> ClientSpec? {
        guard let m = reader.mapping(
            "a client such as { timeout: 2s, attempts: 3, backoff: 100ms, jitter: 50%, budget: 10% }"
        ) else { return nil }
        m.rejectUnknownKeys(allowed: keys)
        let defaults = ClientSpec()
        let here = m.reader.ref
        let timeout = Field(m.value("timeout")) { $0.duration(.positive) }
        let attempts = Field(m.value("attempts")) { $0.integer(atLeast: 1, atMost: Bounds.attempts) }
            .defaulting(to: defaults.attempts, at: here)
        let backoff = Field(m.value("backoff")) { $0.duration(.nonNegative) }.defaulting(to: defaults.backoff, at: here)
        let jitter = Field(m.value("jitter")) { $0.fraction(allowZero: true) }.defaulting(to: defaults.jitter, at: here)
        let budget = Field(m.value("budget")) { $0.fraction(allowZero: false) }
        guard timeout.value != nil || !timeout.isGiven, budget.value != nil || !budget.isGiven,
              let attempts = attempts.value, let backoff = backoff.value, let jitter = jitter.value
        else { return nil }
        return ClientSpec(
            timeout: timeout.value, attempts: attempts, backoff: backoff, jitter: jitter, budget: budget.value
        )
    }
}
