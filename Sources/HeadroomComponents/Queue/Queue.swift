import HeadroomKernel

/// An async job queue: jobs wait (FIFO, optionally bounded) for one of `workers`, run `job`
/// steps, fail with probability `failure`, are retried up to `attempts` in all after a backoff
/// (base × 2^(attempt−1), with the base drawn from `backoff`), and land in the dead-letter queue
/// after the last failed attempt.
public struct QueueSpec: Sendable, Equatable, Codable {
    public var workers: Int
    /// Most jobs waiting; an enqueue that finds it full is rejected. `nil` is unbounded.
    public var capacity: Int?
    /// The job's steps, run while it holds a worker.
    public var job: [Step]
    /// Probability that one attempt fails, in [0, 1].
    public var failure: Double
    /// Attempts in all (≥ 1); 1 means no retry.
    public var attempts: Int
    /// Base backoff before a retry, seconds.
    public var backoff: Distribution
    /// Price of one worker for one hour, in the model's currency (0: no cost reported).
    public var costPerHour: Double

    public init(
        workers: Int, capacity: Int? = nil, job: [Step], failure: Double = 0, attempts: Int = 1,
        backoff: Distribution = .constant(1), costPerHour: Double = 0
    ) {
        self.workers = workers
        self.capacity = capacity
        self.job = job
        self.failure = failure
        self.attempts = attempts
        self.backoff = backoff
        self.costPerHour = costPerHour
    }
}
