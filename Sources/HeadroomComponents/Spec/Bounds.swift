/// Upper bounds on the counts a model may give, so that a typo (`replicas: 40000000`) is an error
/// rather than a run that exhausts memory or overflows the engine's 32-bit counters.
///
/// The engine allocates per replica, shard, node and key, and keeps server counts and queue
/// bounds in 32 bits; these bounds sit well above any real system and well below those limits.
/// The bounds on durations, rates, plain numbers and timer counts keep the engine's arithmetic
/// finite (no NaN or ∞ reaches the clock) and every run's event count bounded by its duration.
/// docs/model-format.md ("Valid ranges") lists them.
public enum Bounds {
    /// Servers, threads, cores, connections, workers and cache servers of one resource.
    public static let servers = 1_000_000
    /// Replicas of an app server; shards of a database.
    public static let replicas = 10_000
    /// Read replicas per database shard.
    public static let readReplicas = 100
    /// Requests or jobs that may wait in one bounded queue (`backlog`, `capacity` of a queue,
    /// `queue_capacity`).
    public static let waiting = 1_000_000_000
    /// Attempts of a job or of a client (backoff doubles per attempt, so more would overflow
    /// time); health-check thresholds (probes in a row).
    public static let attempts = 100
    /// Keys, tenants or sessions of a class (the engine keeps per-key state for caches and
    /// databases).
    public static let population = 10_000_000
    /// Points of a rate profile (`points`, rows of a CSV file): the engine searches them at every
    /// arrival and keeps them in memory.
    public static let profilePoints = 1_000_000
    /// Time-series windows of one run (`duration` / `window`): the engine keeps every metric of
    /// every window.
    public static let windows = 1_000_000

    /// The longest duration anywhere in a model, seconds (about 31.7 years). A run's clock is a
    /// `Double` of seconds: at 10⁹ s it still resolves 0.12 µs, and a sum of such durations stays
    /// far from overflow.
    public static let longestSeconds = 1e9
    /// The shortest duration other than 0, seconds (1 ns, the smallest unit a model can write).
    /// Smaller ones only reach the engine as values the clock cannot add.
    public static let shortestSeconds = 1e-9
    /// The highest rate, per second, of a class or of traffic, also at the peak of its profile:
    /// 10⁹/s. Above it arrival gaps fall below the clock's resolution within a long run.
    public static let rate = 1e9
    /// The largest plain number (profile multipliers, shape parameters, Zipf exponents, weights,
    /// costs, autoscaler targets): 10⁹.
    public static let number = 1e9
    /// The smallest plain number other than 0 where 0 is not allowed: 10⁻⁹. An autoscaler target
    /// or a shape parameter below it makes products and powers overflow.
    public static let smallestNumber = 1e-9
    /// Timer ticks of one run: `duration` over an autoscaler's or a health check's interval, and
    /// repetitions of a periodic profile times its points. Each tick is an event (or a piece of
    /// the arrival process), so a 1 ns interval would be 10⁹ events per simulated second.
    public static let ticks = 10_000_000
}
