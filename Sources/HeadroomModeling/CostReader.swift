import HeadroomComponents

/// Reads `cost`: the currency, the period prices are given per, and the price of each unit a
/// planner buys, by component kind (see ``CostSpec``). Every price defaults to 0.
///
/// ```yaml
/// cost:
///   currency: USD
///   period: 1h
///   app_server: { replica: 0.10, core: 0.02 }
///   database:   { primary: 0.40, replica: 0.25, core: 0.05 }
///   cache:      { node: 0.05, server: 0.01 }
///   pool:       { connection: 0.001 }
///   queue:      { worker: 0.01 }
///   station:    { server: 0.05 }
/// ```
enum CostReader {
    /// The keys of `cost`, in the order the format documents them.
    static let keys = ["currency", "period", "app_server", "database", "cache", "pool", "queue", "station"]
    /// The priced units of each kind.
    static let units: [String: [String]] = [
        "app_server": ["replica", "core"],
        "database": ["primary", "replica", "core"],
        "cache": ["node", "server"],
        "pool": ["connection"],
        "queue": ["worker"],
        "station": ["server"],
    ]
    /// The default `period`, seconds: prices are per hour.
    static let defaultPeriod = 3600.0

    /// The prices per hour, or nil when the section is not readable (reported).
    static func read(_ reader: NodeReader) -> CostSpec? {
        guard let m = reader.mapping("a mapping of prices such as { currency: USD, app_server: { replica: 0.10 } }")
        else { return nil }
        m.rejectUnknownKeys(allowed: keys)
        var ok = true
        var cost = CostSpec()
        if let currency = m.value("currency") {
            if let text = currency.string("a currency name such as USD or EUR") { cost.currency = text } else { ok = false }
        }
        var period = defaultPeriod
        if let value = m.value("period") {
            if let seconds = value.duration(.positive) { period = seconds } else { ok = false }
        }
        /// The price of `unit` of `kind` per hour (0 when not given; nil when wrong, reported).
        func prices(_ kind: String) -> [String: Double]? {
            guard let node = m.value(kind) else { return [:] }
            let allowed = units[kind]!
            guard let prices = node.mapping("a mapping of prices per \(allowed.joined(separator: ", ")) such as "
                + "{ \(allowed[0]): 0.10 }") else { return nil }
            prices.rejectUnknownKeys(allowed: allowed)
            var out: [String: Double] = [:]
            var readable = true
            for unit in allowed {
                guard let value = prices.value(unit) else { continue }
                guard let price = value.nonNegativeNumber() else {
                    readable = false
                    continue
                }
                out[unit] = price * 3600 / period
            }
            return readable ? out : nil
        }
        let app = prices("app_server"), db = prices("database"), cache = prices("cache"), pool = prices("pool")
        let queue = prices("queue"), station = prices("station")
        guard ok, let app, let db, let cache, let pool, let queue, let station else { return nil }
        cost.appReplica = app["replica"] ?? 0
        cost.appCore = app["core"] ?? 0
        cost.databasePrimary = db["primary"] ?? 0
        cost.databaseReplica = db["replica"] ?? 0
        cost.databaseCore = db["core"] ?? 0
        cost.cacheNode = cache["node"] ?? 0
        cost.cacheServer = cache["server"] ?? 0
        cost.poolConnection = pool["connection"] ?? 0
        cost.queueWorker = queue["worker"] ?? 0
        cost.stationServer = station["server"] ?? 0
        return cost
    }
}
