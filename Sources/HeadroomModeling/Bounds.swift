/// Upper bounds on the counts a model may give, so that a typo (`replicas: 40000000`) is an error
/// rather than a run that exhausts memory or overflows the engine's 32-bit counters.
///
/// The engine allocates per replica, shard, node and key, and keeps server counts and queue
/// bounds in 32 bits; these bounds sit well above any real system and well below those limits.
enum Bounds {
    /// Servers, threads, cores, connections, workers and cache servers of one resource.
    static let servers = 1_000_000
    /// Replicas of an app server; shards of a database.
    static let replicas = 10_000
    /// Read replicas per database shard.
    static let readReplicas = 100
    /// Requests or jobs that may wait in one bounded queue (`backlog`, `capacity` of a queue,
    /// `queue_capacity`).
    static let waiting = 1_000_000_000
    /// Attempts of a job or of a client (backoff doubles per attempt, so more would overflow
    /// time); health-check thresholds (probes in a row).
    static let attempts = 100
    /// Keys, tenants or sessions of a class (the engine keeps per-key state for caches and
    /// databases).
    static let population = 10_000_000
    /// Points of a rate profile (`points`, rows of a CSV file): the engine searches them at every
    /// arrival and keeps them in memory.
    static let profilePoints = 1_000_000
    /// Time-series windows of one run (`duration` / `window`): the engine keeps every metric of
    /// every window.
    static let windows = 1_000_000
}
