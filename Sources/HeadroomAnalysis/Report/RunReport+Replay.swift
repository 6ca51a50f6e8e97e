import HeadroomComponents

extension RunReport {
    /// What the replay of a trace did, for the run summary: requests replayed, passes, when the
    /// trace ran out, and the lines it could not read (counted, the first listed with line and
    /// column), so that nothing is dropped silently.
    static func replayLines(_ s: ReplaySummary) -> [String] {
        if let error = s.error { return ["replay      \(s.file): \(error)"] }
        var first = "replay      \(Format.count(s.requests)) requests from \(s.file) (warm-up included)"
        if s.passes > 1 { first += " · \(s.passes) passes (loop)" }
        if let end = s.endedAt { first += " · the trace ran out at \(Format.duration(end))" }
        if s.reordered > 0 { first += " · \(Format.count(s.reordered)) logged out of order" }
        var lines = [first]
        if s.badLines > 0 {
            lines.append("            \(Format.count(s.badLines)) bad line\(s.badLines == 1 ? "" : "s") not replayed"
                + (s.badLines > s.problems.count ? " (the first \(s.problems.count) listed)" : "") + ":")
            for problem in s.problems { lines.append("              " + problem.description) }
        }
        return lines
    }
}
