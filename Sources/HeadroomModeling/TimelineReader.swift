import HeadroomComponents
import HeadroomKernel

/// The actions of timeline events, as model files write them; each event has exactly one.
enum TimelineKeyword: String, CaseIterable {
    case crash
    case recover
    case shutdown
    case rollingDeploy = "rolling_deploy"
    case resize
    case flush
    case replicationLag = "replication_lag"
    case failover
    case scale

    /// The keywords in the order messages list them.
    static let names = allCases.map(\.rawValue)

    /// The types of component the action may name.
    var needs: [ComponentType] {
        switch self {
        case .crash, .recover, .shutdown, .rollingDeploy, .resize: [.appServer]
        case .flush: [.cache]
        case .replicationLag, .failover: [.database]
        case .scale: [.appServer, .queue]
        }
    }

    /// The keys an event with this action may have besides `at` and the keyword.
    var otherKeys: [String] {
        switch self {
        case .crash, .recover, .shutdown: ["replica"]
        case .rollingDeploy: ["restart"]
        case .resize: ["cores", "downtime"]
        case .flush: []
        case .replicationLag: ["lag"]
        case .failover: ["for"]
        case .scale: ["to"]
        }
    }
}

/// Reads `timeline`: events at given times that crash, recover, stop, deploy, resize, flush,
/// fail over or scale components. Whether the named components exist, have the right type and
/// have the replica named, and whether `at` lies within the run, is `ModelValidator`'s.
enum TimelineReader {
    /// What an event looks like, for messages.
    static let expected = "an event such as { at: 5m, crash: app, replica: 1 }"
    /// The default `restart` of a rolling deploy, seconds each replica is down.
    static let defaultRestart = 30.0
    /// The default `downtime` of a resize, seconds.
    static let defaultDowntime = 0.0

    /// Reads the `timeline` list, in file order; entries that cannot be read are reported and
    /// left out.
    static func timeline(_ reader: NodeReader) -> [TimelineEventModel] {
        guard let items = reader.list("a list of events such as [ \(expected) ]") else { return [] }
        return items.compactMap(event)
    }

    private static func event(_ reader: NodeReader) -> TimelineEventModel? {
        guard let m = reader.mapping(expected) else { return nil }
        let keywords = TimelineKeyword.allCases.filter { m.entry($0.rawValue) != nil }
        guard keywords.count == 1, let keyword = keywords.first else {
            if keywords.isEmpty {
                reportUnknownAction(m)
            } else {
                reader.error(
                    "an event has exactly one action, found "
                        + keywords.map { "'\($0.rawValue)'" }.joined(separator: " and ")
                )
            }
            return nil
        }
        m.rejectUnknownKeys(allowed: ["at", keyword.rawValue] + keyword.otherKeys)
        let at = Field(required: m.required("at", "a duration ≥ 0 such as 5m")) { $0.duration(.nonNegative) }
        let value = m.required(keyword.rawValue, "the name of \(ComponentType.withArticles(keyword.needs)) component")
        let target = ComponentTarget(
            key: keyword.rawValue, needs: keyword.needs,
            name: value?.string("the name of \(ComponentType.withArticles(keyword.needs)) component"), ref: value?.ref ?? reader.ref
        )
        let here = m.reader.ref
        func replica() -> Field<Int> {
            Field(required: m.required("replica", "the index of a replica, from 0")) {
                $0.integer(atLeast: 0, atMost: Bounds.replicas - 1)
            }
        }
        let action: TimelineActionModel
        switch keyword {
        case .crash:
            action = .crash(replica: replica())
        case .recover:
            action = .recover(replica: replica())
        case .shutdown:
            action = .shutdown(replica: replica())
        case .rollingDeploy:
            action = .rollingDeploy(
                restart: Field(m.value("restart")) { $0.duration(.nonNegative) }.defaulting(to: defaultRestart, at: here)
            )
        case .resize:
            action = .resize(
                cores: Field(required: m.required("cores", "an integer ≥ 1, the cores of each replica after")) {
                    $0.integer(atLeast: 1, atMost: Bounds.servers)
                },
                downtime: Field(m.value("downtime")) { $0.duration(.nonNegative) }
                    .defaulting(to: defaultDowntime, at: here)
            )
        case .flush:
            action = .flush
        case .replicationLag:
            action = .replicationLag(
                lag: Field(required: m.required("lag", DistributionReader.expected), DistributionReader.read)
            )
        case .failover:
            action = .failover(
                duration: Field(required: m.required("for", "a duration > 0 such as 30s")) { $0.duration(.positive) }
            )
        case .scale:
            action = .scale(
                to: Field(required: m.required("to", "an integer ≥ 1, the replicas or workers from then on")) {
                    $0.integer(atLeast: 1, atMost: Bounds.servers)
                }
            )
        }
        return TimelineEventModel(ref: reader.ref, at: at, target: target, action: action)
    }

    /// Reports an event mapping without any action at its most likely misspelt key.
    private static func reportUnknownAction(_ m: MappingReader) {
        let candidates = m.entries.filter { $0.key != "at" }
        guard let first = candidates.first(where: {
            Suggestion.nearest(to: $0.key, in: TimelineKeyword.names) != nil
        }) ?? candidates.first else {
            m.reader.error(
                "missing action: an event needs one of \(TimelineKeyword.names.joined(separator: ", ")), "
                    + "such as { at: 5m, crash: app, replica: 1 }"
            )
            return
        }
        m.reader.sink.report(
            "unknown action '\(first.key)' (expected one of: \(TimelineKeyword.names.joined(separator: ", ")))",
            at: first.keyRef,
            suggestion: Suggestion.nearest(to: first.key, in: TimelineKeyword.names)
        )
    }
}
