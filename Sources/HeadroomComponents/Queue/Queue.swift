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

extension QueueSpec: ComponentParameters {
    public static var componentType: ComponentType { .queue }
    public static var summary: String { "an async job queue with workers, retries and a dead-letter queue" }
    /// `job` is the builder's to fill in (steps naming components by index).
    public static var template: QueueSpec { QueueSpec(workers: 1, job: []) }
    public static var parameters: [Parameter<QueueSpec>] {
        [
            Parameter("workers", .integer(\.workers, 1...Bounds.servers), .required, "jobs run at once"),
            Parameter("capacity", .optionalInteger(\.capacity, 0...Bounds.waiting), .optional(meaning: "unbounded"),
                      "jobs that may wait; a job enqueued on a full queue is dropped and counted as rejected"),
            Parameter("failure", .fraction(\.failure), .defaulted(), "probability that one attempt fails"),
            Parameter("attempts", .integer(\.attempts, 1...Bounds.attempts), .defaulted(),
                      "attempts in all; 1 is no retry"),
            Parameter("backoff", .distribution(\.backoff), .defaulted(), "base wait before the first retry"),
            Parameter("job", .structured(.steps), .required,
                      "what a worker does; see [steps in a queue's job](#steps-in-a-queues-job)"),
            Parameter("cost_per_hour", .price(\.costPerHour), .defaulted(note: "no cost reported"),
                      "price of one worker for one hour, in the model's currency"),
        ]
    }
}
