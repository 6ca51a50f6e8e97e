import HeadroomAnalysis
import HeadroomComponents

/// What `headroom trace-stats --json` prints: the figures of the readable report, times in
/// seconds, rates per second, shares 0 … 1; every key present, null where the trace says
/// nothing (no keys mapped, too short for a burstiness window, no recorded durations).
struct TraceStatsDocument: Encodable {
    struct Popularity: Encodable {
        var distinct: Int
        var zipf: Double
        var topShare: Double
        init(_ p: TraceStatistics.Popularity) {
            distinct = p.distinct
            zipf = p.zipf
            topShare = p.topShare
        }
    }

    struct ClassMix: Encodable {
        var name: String
        var requests: Int
        var share: Double
        var keys: Popularity?
        var tenants: Popularity?

        enum CodingKeys: String, CodingKey { case name, requests, share, keys, tenants }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(requests, forKey: .requests)
            try c.encode(share, forKey: .share)
            try c.encode(keys, forKey: .keys)
            try c.encode(tenants, forKey: .tenants)
        }
    }

    struct RatePoint: Encodable {
        var offset: Double
        var requests: Int
        var rate: Double
    }

    struct Burstiness: Encodable {
        var window: Double
        var windows: Int
        var index: Double
    }

    struct Durations: Encodable {
        var mean: Double
        var p50: Double
        var p99: Double
    }

    var file: String
    var format: String
    var requests: Int
    var badLines: Int
    var problems: [TraceLineProblem]
    var reordered: Int
    var start: Double
    var span: Double
    var meanRate: Double
    var window: Double
    var rateOverTime: [RatePoint]
    var rateVaries: Bool
    var classes: [ClassMix]
    var keys: Popularity?
    var tenants: Popularity?
    var sessions: Int?
    var burstiness: [Burstiness]
    var durations: Durations?

    enum CodingKeys: String, CodingKey {
        case file, format, requests, badLines, problems, reordered, start, span, meanRate, window, rateOverTime
        case rateVaries, classes, keys, tenants, sessions, burstiness, durations
    }

    init(_ s: TraceStatistics) {
        file = s.file
        format = s.format.rawValue
        requests = s.requests
        badLines = s.badLines
        problems = s.problems
        reordered = s.reordered
        start = s.start
        span = s.span
        meanRate = s.meanRate
        window = s.window
        rateOverTime = s.rateOverTime.map { RatePoint(offset: $0.offset, requests: $0.requests, rate: $0.rate) }
        rateVaries = s.rateVaries
        classes = s.classes.map {
            ClassMix(name: $0.name, requests: $0.requests, share: $0.share, keys: $0.keys.map(Popularity.init),
                     tenants: $0.tenants.map(Popularity.init))
        }
        keys = s.keys.map(Popularity.init)
        tenants = s.tenants.map(Popularity.init)
        sessions = s.sessions
        burstiness = s.burstiness.map { Burstiness(window: $0.window, windows: $0.windows, index: $0.index) }
        durations = s.durations.map { Durations(mean: $0.mean, p50: $0.p50, p99: $0.p99) }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(format, forKey: .format)
        try c.encode(requests, forKey: .requests)
        try c.encode(badLines, forKey: .badLines)
        try c.encode(problems, forKey: .problems)
        try c.encode(reordered, forKey: .reordered)
        try c.encode(start, forKey: .start)
        try c.encode(span, forKey: .span)
        try c.encode(meanRate, forKey: .meanRate)
        try c.encode(window, forKey: .window)
        try c.encode(rateOverTime, forKey: .rateOverTime)
        try c.encode(rateVaries, forKey: .rateVaries)
        try c.encode(classes, forKey: .classes)
        try c.encode(keys, forKey: .keys)
        try c.encode(tenants, forKey: .tenants)
        try c.encode(sessions, forKey: .sessions)
        try c.encode(burstiness, forKey: .burstiness)
        try c.encode(durations, forKey: .durations)
    }
}
