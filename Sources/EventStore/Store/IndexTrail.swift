import CLMDB
import Foundation
import Synchronization

/// The stream runs and the secondary indexes (type, actor, time and correlation postings) trail the log by a
/// bounded stretch (ADR 0008). A commit writes each event's record, id and stream entry, which
/// appends, idempotency and stream reads need at once; the secondary entries of the events after
/// `meta["indexed_through"]` are written together once that stretch is long or old enough, in the
/// same transaction as the commit that closes it. Many commits' entries then share one posting
/// list value per key (ADR 0009), where each commit used to dirty a page per actor and upgrade.
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

    /// Calls `body` with each event after the mark (from `position` on), in log order, read from
    /// the log in `txn`'s snapshot.
    static func forEachTrailing(
        from position: UInt64 = 1, layout: StoreLayout, txn: some TransactionReading, _ body: (borrowing RecordedEventView) throws -> Void
    ) throws {
        let first = max(position, try indexedThrough(layout: layout, txn: txn) + 1)
        let last = try StoreReader.lastPosition(layout: layout, txn: txn)
        guard last >= first else { return }
        var decoder = EventDecoder()
        _ = try StoreReader.scanLog(from: first, limit: Int(last - first + 1), decoder: &decoder, layout: layout, txn: txn, body)
    }

    static func setIndexedThrough(_ position: UInt64, layout: StoreLayout, txn: WriteTransaction) throws {
        try key.withRaw { key in try BigEndian.withBytes(position) { try txn.put(layout.meta, key: key, value: $0) } }
    }

    /// Writes the secondary entries of every event after the mark and moves the mark to the end.
    /// `fresh` holds the entries of the events at the log's end that the transaction knows (those
    /// it wrote, and the memo's before them): they are taken from there rather than read back.
    static func catchUp(layout: StoreLayout, txn: WriteTransaction, fresh: SecondaryPostings = SecondaryPostings()) throws {
        let through = try indexedThrough(layout: layout, txn: txn)
        let last = try StoreReader.lastPosition(layout: layout, txn: txn)
        guard last > through else { return }
        precondition((fresh.firstPosition ?? .max) > through, "fresh events are after the mark")
        let readUpTo = (fresh.firstPosition ?? last + 1) - 1
        guard readUpTo > through else {
            // Every trailing event's entries are at hand.
            try fresh.write(layout: layout, txn: txn)
            return try setIndexedThrough(last, layout: layout, txn: txn)
        }
        // Keys are copied out of the log before any list is written (a put may move the log's
        // dirty pages the views point into).
        var postings = SecondaryPostings()
        var decoder = EventDecoder()
        _ = try StoreReader.scanLog(from: through + 1, limit: Int(readUpTo - through), decoder: &decoder, layout: layout, txn: txn) { event in
            postings.add(position: event.position, stream: event.stream, revision: event.revision, type: event.type, actor: event.actor,
                         recordedAtMs: event.recordedAtMs, correlationID: event.correlationID)
        }
        postings.append(fresh)
        try postings.write(layout: layout, txn: txn)
        try setIndexedThrough(last, layout: layout, txn: txn)
    }
}
