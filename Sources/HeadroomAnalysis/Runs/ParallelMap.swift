import Dispatch
import Foundation

/// Work spread over threads with results in index order, so that what is computed never
/// depends on how many threads ran it.
public enum Parallel {
    /// `body(0) … body(count − 1)` on up to `jobs` threads. Each thread takes the next index
    /// as it frees up (tasks differ in length, and a fixed split leaves a thread idle);
    /// `finished` is told, from any thread, how many are done after each one.
    public static func map<T: Sendable>(
        _ count: Int, jobs: Int, finished: (@Sendable (Int) -> Void)? = nil, _ body: @Sendable (Int) -> T
    ) -> [T] {
        let slots = Slots<T>(count)
        let lanes = Swift.max(1, Swift.min(jobs, count))
        DispatchQueue.concurrentPerform(iterations: lanes) { _ in
            while let index = slots.claim() {
                let done = slots.store(index, body(index))
                finished?(done)
            }
        }
        return slots.values
    }

    /// The results written by several threads, each to its own index. Storage grows as indices
    /// are claimed, not up front: a count far beyond what will run (an interrupted or failing
    /// batch) costs nothing until it runs.
    private final class Slots<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private let count: Int
        private var storage: [T?] = []
        private var done = 0

        init(_ count: Int) { self.count = count }

        /// The next index no thread has taken yet, or nil when all are taken.
        func claim() -> Int? {
            lock.withLock {
                guard storage.count < count else { return nil }
                storage.append(nil)
                return storage.count - 1
            }
        }

        /// Stores a result; returns how many are stored.
        func store(_ index: Int, _ value: T) -> Int {
            lock.withLock {
                storage[index] = value
                done += 1
                return done
            }
        }

        var values: [T] { lock.withLock { storage.map { $0! } } }
    }
}
