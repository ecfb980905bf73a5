import EventStore
import Foundation

/// An audit question: filters that all must hold. Answered from the narrowest index, never a scan
/// of the whole log unless no filter narrows it. Shared by `orchestrator audit` and `GET /v1/audit`.
public struct AuditQuery: Sendable {
    /// Only these clusters' streams (`cluster/ID`); any cluster when empty.
    public var clusters: [String] = []
    /// Only the events of these upgrades (their correlation ids); any event when empty.
    public var upgrades: [UUID] = []
    public var types: [String] = []
    /// Only events recorded by these actors; any actor when empty.
    public var actors: [String] = []
    public var sinceMs: Int64?
    public var untilMs: Int64?
    public var fromPosition: UInt64 = 1
    public var limit: Int = 1000

    public init(
        clusters: [String] = [], upgrades: [UUID] = [], types: [String] = [], actors: [String] = [],
        sinceMs: Int64? = nil, untilMs: Int64? = nil, fromPosition: UInt64 = 1, limit: Int = 1000
    ) {
        self.clusters = clusters
        self.upgrades = upgrades
        self.types = types
        self.actors = actors
        self.sinceMs = sinceMs
        self.untilMs = untilMs
        self.fromPosition = fromPosition
        self.limit = limit
    }

    public func matches(_ event: RecordedEvent) -> Bool {
        if !clusters.isEmpty && !clusters.contains(where: { event.stream == "cluster/\($0)" }) { return false }
        if !upgrades.isEmpty && !(event.data.correlationID.map(upgrades.contains) ?? false) { return false }
        if !types.isEmpty && !types.contains(event.type) { return false }
        if !actors.isEmpty && !actors.contains(event.actor) { return false }
        if let sinceMs, event.recordedAtMs < sinceMs { return false }
        if let untilMs, event.recordedAtMs >= untilMs { return false }
        return event.position >= fromPosition
    }

    /// Runs the query: pages through the chosen source, filtering, until `limit` events match.
    public func run(on store: EventStore) throws -> [RecordedEvent] {
        var found: [RecordedEvent] = []
        try forEach(on: store) { found.append($0) }
        return found
    }

    /// Runs the query, handing each matching event to `body` in log order as its page is read, so
    /// an answer of any length is held a page at a time (named clusters: their streams, whole).
    public func forEach(on store: EventStore, _ body: (RecordedEvent) throws -> Void) throws {
        if !clusters.isEmpty {
            // Each cluster's stream is read once, whole (paging it by position would re-read it),
            // and the streams are merged in log order.
            let distinct = Set(clusters)
            var events: [RecordedEvent] = []
            for cluster in distinct { events += try store.readStream("cluster/\(cluster)").lazy.filter(matches) }
            if distinct.count > 1 { events.sort { $0.position < $1.position } }
            for event in events.prefix(limit) { try body(event) }
            return
        }
        var found = 0
        var next = fromPosition
        var end = UInt64.max
        if hasTimeRange && (!upgrades.isEmpty || !types.isEmpty || !actors.isEmpty) {
            // Another index is the source: walk it over only the stretch of the log the time range lies in.
            guard let stretch = try store.positionRange(recordedFrom: sinceMs ?? .min, until: untilMs ?? .max, from: fromPosition) else { return }
            (next, end) = (stretch.lowerBound, stretch.upperBound)
        }
        let index = try narrowestIndex(store)
        let page = 4096
        while found < limit {
            let candidates = try source(index, store, from: next, limit: page)
            for event in candidates where event.position <= end && matches(event) {
                try body(event)
                found += 1
                if found == limit { return }
            }
            guard let last = candidates.last, candidates.count == page, last.position < end else { break }
            next = last.position + 1
        }
    }

    private var hasTimeRange: Bool { sinceMs != nil || untilMs != nil }

    /// `types` with each named once: a type given twice is read from its index once, not twice.
    private var distinctTypes: [String] { Self.distinct(types) }

    /// `actors` with each named once, as `distinctTypes`.
    private var distinctActors: [String] { Self.distinct(actors) }

    /// `upgrades` with each named once, as `distinctTypes`.
    private var distinctUpgrades: [UUID] { Self.distinct(upgrades) }

    private static func distinct<Key: Hashable>(_ keys: [Key]) -> [Key] {
        var seen = Set<Key>()
        return keys.filter { seen.insert($0).inserted }
    }

    /// Where candidates come from: an index the filters name, else the time index, else the log.
    private enum Index { case upgrades, types, actors, time, log }

    /// Of the indexes the filters name, the one holding the fewest events from `fromPosition` on
    /// (counted on positions alone, each no further than a cap): the others' filters are checked
    /// on its events instead.
    private func narrowestIndex(_ store: EventStore) throws -> Index {
        let cap = 1 << 16
        var named: [(index: Index, count: () throws -> Int)] = []
        if !upgrades.isEmpty {
            named.append((.upgrades, { try distinctUpgrades.reduce(0) { $0 + (try store.indexedCount(correlatedWith: $1, from: fromPosition, upTo: cap)) } }))
        }
        if !types.isEmpty {
            named.append((.types, { try distinctTypes.reduce(0) { $0 + (try store.indexedCount(ofType: $1, from: fromPosition, upTo: cap)) } }))
        }
        if !actors.isEmpty {
            named.append((.actors, { try distinctActors.reduce(0) { $0 + (try store.indexedCount(byActor: $1, from: fromPosition, upTo: cap)) } }))
        }
        guard named.count > 1 else { return named.first?.index ?? (hasTimeRange ? .time : .log) }
        return try named.map { ($0.index, try $0.count()) }.min { $0.1 < $1.1 }!.0
    }

    /// The first `limit` events, in position order, of the pages read under each key: each page
    /// holds its key's events up to a position, so none below the last one kept is missing.
    private static func merged<Key>(_ keys: [Key], limit: Int, _ read: (Key) throws -> [RecordedEvent]) throws -> [RecordedEvent] {
        let pages = try keys.map(read)
        guard pages.count > 1 else { return pages.first ?? [] }
        return Array(pages.joined().sorted { $0.position < $1.position }.prefix(limit))
    }

    /// One page of candidates from `index`, in position order.
    private func source(_ index: Index, _ store: EventStore, from position: UInt64, limit: Int) throws -> [RecordedEvent] {
        switch index {
        case .upgrades: return try Self.merged(distinctUpgrades, limit: limit) { try store.events(correlatedWith: $0, from: position, limit: limit) }
        case .types: return try Self.merged(distinctTypes, limit: limit) { try store.events(ofType: $0, from: position, limit: limit) }
        case .actors: return try Self.merged(distinctActors, limit: limit) { try store.events(byActor: $0, from: position, limit: limit) }
        case .time: return try store.events(recordedFrom: sinceMs ?? .min, until: untilMs ?? .max, inLogOrderFrom: position, limit: limit)
        case .log: return try store.readAll(from: position, limit: limit)
        }
    }
}
