/// Recorded requests replayed instead of Poisson arrivals (`traffic.replay` in a model file).
///
/// Plain data, validated by the modelling layer: the engine opens `file` when the run starts and
/// streams it (`ReplayFeed`), so a trace of any length replays in a fixed amount of memory.
/// Trace time is the timestamps' own (seconds); run time 0 is the start of the second of the
/// trace's first request, plus `from`; a request at trace offset `t` (seconds after that start)
/// arrives at run time `(t − from) / speed` in the first pass, one loop period later in each
/// further pass.
public struct ReplaySpec: Sendable, Equatable, Codable {
    /// The trace file, as the engine opens it (already resolved against the model's directory).
    public var file: String
    /// How lines are written.
    public var format: TraceFormat
    /// Names of the request classes, in the run's class order: a CSV `class` column names one
    /// of them; class rules point into this list.
    public var classNames: [String]
    /// Access logs: which class a request belongs to, by method and path; the first rule that
    /// matches wins. Empty: every request is the first class.
    public var rules: [TraceClassRule]
    /// Where the key of a request comes from, and how many keys the run has (nil: key 0).
    public var key: TraceField?
    /// Where the tenant of a request comes from (nil: tenant 0).
    public var tenant: TraceField?
    /// Where the session of a request comes from (nil: none).
    public var session: TraceField?
    /// Start of the replayed window, seconds of trace time after the start of the first
    /// request's second (≥ 0).
    public var from: Double
    /// End of the replayed window, seconds of trace time after the same start (> `from`);
    /// nil: the end of the trace.
    public var to: Double?
    /// How many times faster than recorded the trace is replayed (> 0): 3 replays three times
    /// the traffic in a third of the time, with the recorded burstiness.
    public var speed: Double
    /// Whether the trace starts again at its end (or at `to`), for as long as the run lasts.
    public var loop: Bool

    public init(
        file: String, format: TraceFormat, classNames: [String], rules: [TraceClassRule] = [],
        key: TraceField? = nil, tenant: TraceField? = nil, session: TraceField? = nil,
        from: Double = 0, to: Double? = nil, speed: Double = 1, loop: Bool = false
    ) {
        self.file = file
        self.format = format
        self.classNames = classNames
        self.rules = rules
        self.key = key
        self.tenant = tenant
        self.session = session
        self.from = from
        self.to = to
        self.speed = speed
        self.loop = loop
    }
}

/// How a trace file is written.
public enum TraceFormat: String, Sendable, Equatable, Codable, CaseIterable {
    /// The access-log format of nginx and Apache, common or combined (the combined format's
    /// referer and user agent, and anything after them, are read past): timestamps have a
    /// resolution of one second, so the requests logged in one second are spread over it at
    /// random (uniform order statistics from the run's `replay` stream).
    case accessLog = "access_log"
    /// A CSV file with a header row naming its columns: `timestamp` (seconds as a number, or an
    /// ISO 8601 date and time) and optionally `class`, `key`, `tenant`, `session`, `duration`.
    /// Timestamps are taken as written.
    case csv
}

/// A rule mapping requests of an access log to a class.
public struct TraceClassRule: Sendable, Equatable, Codable {
    /// Index of the class in `ReplaySpec.classNames`.
    public var classIndex: Int
    /// The HTTP method the request must have (exact, such as `POST`); nil: any.
    public var method: String?
    /// A pattern the request's path (without its query) must match; nil: any. `*` matches any
    /// run of characters within one path segment, `**` any run across segments.
    public var path: String?

    public init(classIndex: Int, method: String? = nil, path: String? = nil) {
        self.classIndex = classIndex
        self.method = method
        self.path = path
    }
}

/// Where a request's key, tenant or session comes from, and how many distinct ids the run has.
///
/// A value that is a whole number below `count` is used as the id itself; any other value is
/// mapped to `stableHash(value) mod count` (FNV-1a, 64 bits), so the same value gets the same id
/// in every run and on every machine. A request without the field gets id 0.
public struct TraceField: Sendable, Equatable, Codable {
    public var source: TraceFieldSource
    /// Number of distinct ids (≥ 1): the size of the key space caches and databases are built for.
    public var count: Int

    public init(source: TraceFieldSource, count: Int) {
        self.source = source
        self.count = count
    }
}

/// Which part of a recorded request a field is read from.
public enum TraceFieldSource: Sendable, Equatable, Codable {
    /// The n-th segment of the path, counting from 1 (`/products/42/reviews`: segment 2 is `42`).
    case segment(Int)
    /// The value of a query parameter (`?tenant=acme`).
    case query(String)
    /// A CSV column, by its header name.
    case column(String)
    /// The client's address (the access log's first field).
    case client
    /// The authenticated user (the access log's third field; `-` is none).
    case user
}
