import CLMDB
import Foundation
import Synchronization

/// The secondary indexes (`by_type`, `by_actor`, `by_time`, `by_correlation`) trail the log by a
/// bounded stretch (ADR 0008). A commit writes each event's record, id and stream entry, which
/// appends, idempotency and stream reads need at once; the secondary entries of the events after
/// `meta["indexed_through"]` are written together once that stretch is long or old enough, in the
/// same transaction as the commit that closes it. Many commits' entries then share the same
/// index pages, where each commit used to dirty a page per actor and per upgrade it touched.
///
/// Readers of those indexes add the trailing events, read from the log in the same snapshot, so
/// every answer is complete. A store without the mark (format 1) is indexed to its end.
enum IndexTrail {
    static let key = Array("indexed_through".utf8)
    /// Catch up once this many events trail…
    static let maxEvents: UInt64 = 1024
    /// …or once the trail is this old, so a quiet store is soon fully indexed again.
    static let maxAge: Duration = .seconds(1)

    /// Since when events have trailed (nil: none do), and how old the trail may grow; the
    /// writer's, kept across commits.
    final class Age: Sendable {
        private struct State {
            var since: ContinuousClock.Instant?
            var maxAge: Duration
        }

        private let state: Mutex<State>

        init(maxAge: Duration = IndexTrail.maxAge) { state = Mutex(State(since: nil, maxAge: maxAge)) }

        /// How old the trail may grow (tests lengthen it so a slow machine cannot change what they see).
        var maxAge: Duration {
            get { state.withLock { $0.maxAge } }
            set { state.withLock { $0.maxAge = newValue } }
        }

        /// Whether the trail is at least `maxAge` old at `now`.
        func isOld(at now: ContinuousClock.Instant) -> Bool {
            state.withLock { state in state.since.map { now - $0 >= state.maxAge } ?? false }
        }

        /// After a commit: the trail is empty, or it goes on (started now if it was empty).
        func record(trailing: Bool, at now: ContinuousClock.Instant) {
            state.withLock { state in state.since = trailing ? (state.since ?? now) : nil }
        }
    }

    /// The last position whose secondary entries are written.
    static func indexedThrough(layout: StoreLayout, txn: some TransactionReading) throws -> UInt64 {
        if let mark = try key.withRaw({ try txn.get(layout.meta, key: $0) }) { return BigEndian.uint64(mark) }
        return try StoreReader.lastPosition(layout: layout, txn: txn)
    }

    static func setIndexedThrough(_ position: UInt64, layout: StoreLayout, txn: WriteTransaction) throws {
        try key.withRaw { key in try BigEndian.withBytes(position) { try txn.put(layout.meta, key: key, value: $0) } }
    }

    /// One trailing event's secondary keys, copied out of the log before any index is written
    /// (a put may move the log's dirty pages the views point into).
    private struct Entry {
        var position: UInt64
        var type: String
        var actor: String
        var recordedAtMs: Int64
        var correlationID: UUID?
    }

    /// Writes the secondary entries of every event after the mark and moves the mark to the end.
    /// `fresh` are the events this transaction wrote, in position order at the log's end: their
    /// keys are taken from them rather than read back from the log.
    static func catchUp(layout: StoreLayout, txn: WriteTransaction, fresh: [(position: UInt64, data: EventData)] = []) throws {
        let through = try indexedThrough(layout: layout, txn: txn)
        let last = try StoreReader.lastPosition(layout: layout, txn: txn)
        guard last > through else { return }
        let fresh = fresh.drop { $0.position <= through }
        let readUpTo = (fresh.first?.position ?? last + 1) - 1
        if readUpTo > through {
            var entries: [Entry] = []
            entries.reserveCapacity(Int(readUpTo - through))
            var decoder = EventDecoder()
            _ = try StoreReader.scanLog(from: through + 1, limit: Int(readUpTo - through), decoder: &decoder, layout: layout, txn: txn) { event in
                entries.append(Entry(position: event.position, type: event.type, actor: event.actor,
                                     recordedAtMs: event.recordedAtMs, correlationID: event.correlationID))
            }
            for entry in entries {
                try writeSecondary(position: entry.position, type: entry.type, actor: entry.actor,
                                   recordedAtMs: entry.recordedAtMs, correlationID: entry.correlationID, layout: layout, txn: txn)
            }
        }
        for (position, data) in fresh {
            try writeSecondary(position: position, type: data.type, actor: data.actor,
                               recordedAtMs: data.recordedAtMs, correlationID: data.correlationID, layout: layout, txn: txn)
        }
        try setIndexedThrough(last, layout: layout, txn: txn)
    }

    /// An event's four secondary entries (the correlation one only when it has an id).
    static func writeSecondary(
        position: UInt64, type: String, actor: String, recordedAtMs: Int64, correlationID: UUID?,
        layout: StoreLayout, txn: WriteTransaction
    ) throws {
        try BigEndian.withBytes(position) { position in
            try type.withUTF8Bytes { try txn.put(layout.byType, key: $0, value: position, flags: MDB_APPENDDUP) }
            try actor.withUTF8Bytes { try txn.put(layout.byActor, key: $0, value: position, flags: MDB_APPENDDUP) }
            try StoreLayout.withTimeKey(recordedAtMs) { try txn.put(layout.byTime, key: $0, value: position, flags: MDB_APPENDDUP) }
            if let correlationID {
                try withUnsafeBytes(of: correlationID.uuid) { try txn.put(layout.byCorrelation, key: $0, value: position, flags: MDB_APPENDDUP) }
            }
        }
    }
}
