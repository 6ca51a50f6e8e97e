/// Nearest-name suggestions for typos ("did you mean 'servers'?").
enum Suggestion {
    /// The candidate closest to `word` by edit distance, when it is close enough to be a typo:
    /// at most one edit for short names, up to a third of the name's length for long ones.
    /// Ties go to the earlier candidate. Case differences alone always qualify.
    static func nearest(to word: String, in candidates: [String]) -> String? {
        var best: (name: String, distance: Int)?
        let lowered = word.lowercased()
        for candidate in candidates where candidate != word {
            // The edit distance is at least the difference in length, and at most 3 qualifies.
            guard abs(candidate.count - word.count) <= 3 else { continue }
            if candidate.lowercased() == lowered { return candidate }
            let distance = editDistance(word, candidate)
            let allowed = max(1, min(3, candidate.count / 3))
            guard distance <= allowed else { continue }
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        return best?.name
    }

    /// `names` for a message: all of them up to `limit`, else the first `limit` and how many
    /// there are (a model of 10,000 components must not repeat all of them in every message).
    static func listed(_ names: [String], limit: Int = 20) -> String {
        guard names.count > limit else { return names.joined(separator: ", ") }
        return names.prefix(limit).joined(separator: ", ") + ", … (\(names.count) in all)"
    }

    /// Nearest-name suggestions computed per load: each costs a pass over the candidates, so a
    /// file with thousands of misspelt references stays linear; the first ones get suggestions.
    static let perLoad = 100

    /// The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
    /// two neighbours each cost 1. O(|a|·|b|) time.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
