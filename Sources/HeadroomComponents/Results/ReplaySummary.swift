/// What the replay of a trace did in a run (`traffic.replay`): requests replayed, lines that
/// could not be read (the first few with their line and column), and whether the trace ran out.
public struct ReplaySummary: Codable, Sendable, Equatable {
    /// The trace file.
    public var file: String
    /// Requests that arrived from the trace, warm-up included.
    public var requests: UInt64
    /// Lines that could not be read and were not replayed (counted over the first pass).
    public var badLines: Int
    /// The first of them, with line, column and reason.
    public var problems: [TraceLineProblem]
    /// Requests logged out of time order, replayed at the time of the line before (CSV) or
    /// within the second being read (access logs).
    public var reordered: Int
    /// Passes over the trace (more than 1 with `loop`).
    public var passes: Int
    /// Run time at which the trace ran out, seconds; nil when it lasted the whole run.
    public var endedAt: Double?
    /// Why the trace could not be replayed at all (it could not be opened when the run
    /// started); nil when it was.
    public var error: String?

    public init(
        file: String, requests: UInt64, badLines: Int, problems: [TraceLineProblem], reordered: Int, passes: Int,
        endedAt: Double?, error: String? = nil
    ) {
        self.file = file
        self.requests = requests
        self.badLines = badLines
        self.problems = problems
        self.reordered = reordered
        self.passes = passes
        self.endedAt = endedAt
        self.error = error
    }
}
