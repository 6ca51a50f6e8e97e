/// The text of the progress a long command shows on standard error (`run --replications`,
/// `whatif`, `sweep`, `saturate`, `plan`): done out of total, the share, and the time left at
/// the pace so far. Pure functions of the counts and the elapsed time, so they are tested
/// without a clock; the CLI's reporter decides when to draw and where.
public enum ProgressLine {
    /// Seconds left at the pace so far, elapsed / done × (total − done): nil before the first
    /// step, or when the total is not known in advance.
    public static func secondsLeft(done: Int, total: Int?, elapsed: Double) -> Double? {
        guard let total, done > 0, elapsed.isFinite, elapsed >= 0 else { return nil }
        return elapsed / Double(done) * Double(max(total - done, 0))
    }

    /// The bar: `width` cells, the done share filled with `#`, the rest `.`.
    public static func bar(done: Int, total: Int, width: Int = 20) -> String {
        let share = total > 0 ? min(max(Double(done) / Double(total), 0), 1) : 0
        let filled = Int((share * Double(width)).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }

    /// A terminal's updating line, cut to `columns` characters so that it never wraps:
    /// `[########............]  12/30 points  40%  ETA 36s  detail`. Without a known total:
    /// `12 runs  1m 04s elapsed  detail`.
    public static func terminal(
        done: Int, total: Int?, unit: String, elapsed: Double, detail: String, width: Int = 20, columns: Int = 100
    ) -> String {
        var parts: [String]
        if let total {
            let percent = total > 0 ? Int((Double(done) / Double(total) * 100).rounded(.down)) : 0
            let left = secondsLeft(done: done, total: total, elapsed: elapsed).map(clock) ?? "?"
            parts = [bar(done: done, total: total, width: width), "\(done)/\(total) \(unit)", "\(percent)%", "ETA \(left)"]
        } else {
            parts = ["\(done) \(unit)", "\(clock(elapsed)) elapsed"]
        }
        if !detail.isEmpty { parts.append(detail) }
        let line = parts.joined(separator: "  ")
        return line.count <= columns ? line : String(line.prefix(max(columns - 1, 0))) + "…"
    }

    /// A line of its own for a log or a pipe: `detail [12/30 points, 24s elapsed, ETA 36s]`
    /// (without a known total: `detail [12 runs, 24s elapsed]`).
    public static func plain(done: Int, total: Int?, unit: String, elapsed: Double, detail: String) -> String {
        var counts = total.map { "\(done)/\($0) \(unit)" } ?? "\(done) \(unit)"
        counts += ", \(clock(elapsed)) elapsed"
        if let left = secondsLeft(done: done, total: total, elapsed: elapsed) { counts += ", ETA \(clock(left))" }
        return detail.isEmpty ? "[\(counts)]" : "\(detail) [\(counts)]"
    }

    /// A span of wall time for people: `7s`, `1m 04s`, `2h 05m` (whole seconds, rounded).
    public static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let total = Int(max(seconds, 0).rounded())
        let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60)
        if h > 0 { return "\(h)h " + (m < 10 ? "0" : "") + "\(m)m" }
        if m > 0 { return "\(m)m " + (s < 10 ? "0" : "") + "\(s)s" }
        return "\(s)s"
    }
}
