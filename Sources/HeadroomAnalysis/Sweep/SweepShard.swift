/// One of N fixed partitions of a sweep's grid (`--shard I/N`), so that N machines can each run
/// a part and `headroom merge` can put the parts back together.
///
/// The partition is round robin by point index: shard I of N holds the points p (counted from 0,
/// in grid order) with `p mod N = I − 1`. Round robin rather than contiguous blocks because a
/// grid usually grows costlier along its first axis (higher rates simulate more events), and
/// dealing points out in turn gives every shard a similar mix. It depends only on the point
/// index and N, never on the machine or on `--jobs`, so shards run anywhere agree.
public struct SweepShard: Sendable, Equatable, CustomStringConvertible {
    /// Which partition, from 1 to ``count``.
    public let index: Int
    /// How many partitions the grid is cut into (≥ 1).
    public let count: Int

    /// A shard; nil unless `1 ≤ index ≤ count`.
    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `I/N`, e.g. `3/8`.
    ///
    /// - throws: ``SweepGridError`` worded for the user when the text is not two whole numbers
    ///   with `1 ≤ I ≤ N`.
    public static func parse(_ text: String) throws -> SweepShard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw SweepGridError("--shard '\(text)' is not I/N (two whole numbers, e.g. 2/8)")
        }
        guard count >= 1 else { throw SweepGridError("--shard '\(text)': N must be at least 1") }
        guard let shard = SweepShard(index: index, count: count) else {
            throw SweepGridError("--shard '\(text)': I must be between 1 and \(count)")
        }
        return shard
    }

    /// Whether the grid point with this index (from 0) belongs to the shard.
    public func contains(point: Int) -> Bool {
        point % count == index - 1
    }

    /// The indexes (from 0, ascending) of the shard's points in a grid of `total` points; empty
    /// when the grid has fewer points than shards and this one gets none.
    public func points(of total: Int) -> [Int] {
        Array(stride(from: index - 1, to: total, by: count))
    }

    /// The shard a point belongs to when the grid is cut into `count` parts.
    public static func of(point: Int, count: Int) -> SweepShard {
        SweepShard(index: point % count + 1, count: count)!
    }

    /// `I/N`.
    public var description: String { "\(index)/\(count)" }
}
