import CLMDB
import Foundation

/// Applies append requests inside one write transaction: checks, then writes the log, the ids and
/// the stream runs (the secondary indexes trail, see `IndexTrail`).
///
/// A request that is refused (wrong revision, partially stored ids) writes nothing and does not
/// disturb the others in the same transaction, because every check happens before its first put.
/// Keys are written from stack values and the strings' own storage, and every record is encoded
/// into one buffer reused for the whole transaction, so an event costs no allocation here.
struct AppendTransaction {
    let layout: StoreLayout
    let txn: WriteTransaction
    /// The next free global position.
    private(set) var nextPosition: UInt64
    private var encoder = EventEncoder()
    /// The secondary entries of the events this transaction wrote, which `settleTrail` may write.
    private var fresh = SecondaryPostings()
    /// The greatest event id stored, as words in `event_ids` order (nil: none). An id beyond it,
    /// as a time-ordered id drawn later is, cannot be stored yet: it needs no lookup, and its
    /// entry goes at the end of the index.
    private var greatestID: (UInt64, UInt64)?

    init(layout: StoreLayout, txn: WriteTransaction) throws {
        self.layout = layout
        self.txn = txn
        self.nextPosition = try StoreReader.lastPosition(layout: layout, txn: txn) + 1
        self.greatestID = try txn.withCursor(layout.eventIDs) { cursor in
            try cursor.get(MDB_LAST).map { (BigEndian.uint64($0.key), BigEndian.uint64($0.key, at: 8)) }
        }
    }

    /// Applies one request; a refusal comes back as a failure, a storage error is thrown.
    mutating func apply(_ request: AppendRequest) throws -> Result<AppendResult, EventStoreError> {
        if let original = try alreadyStored(request) { return original }
        let lastRun = try StreamRuns.lastRun(of: request.stream, layout: layout, txn: txn)
        let current = lastRun?.lastRevision
        guard request.expected.accepts(current) else {
            return .failure(.wrongExpectedRevision(stream: request.stream, expected: request.expected, actual: current))
        }
        let firstRevision = current.map { $0 + 1 } ?? 0
        let firstPosition = nextPosition
        var revision = firstRevision
        for data in request.events {
            try writeLogged(RecordedEvent(position: nextPosition, stream: request.stream, revision: revision, data: data))
            revision += 1
        }
        try StreamRuns.add(request.stream, firstRevision: firstRevision, firstPosition: firstPosition, count: revision - firstRevision,
                           after: lastRun, layout: layout, txn: txn)
        return .success(AppendResult(
            stream: request.stream,
            firstPosition: firstPosition,
            lastPosition: nextPosition - 1,
            firstRevision: firstRevision,
            lastRevision: revision - 1,
            alreadyStored: false
        ))
    }

    /// Writes one event at exactly its position: its record, id and stream run. The secondary
    /// indexes follow behind (`IndexTrail`); `settleTrail` writes them when their time has come.
    mutating func write(_ event: RecordedEvent) throws {
        let lastRun = try StreamRuns.lastRun(of: event.stream, layout: layout, txn: txn)
        try writeLogged(event)
        try StreamRuns.add(event.stream, firstRevision: event.revision, firstPosition: event.position, count: 1,
                           after: lastRun, layout: layout, txn: txn)
    }

    /// An event's record and id, noted for the trail.
    private mutating func writeLogged(_ event: RecordedEvent) throws {
        try writeRecord(event)
        fresh.add(position: event.position, type: event.data.type, actor: event.data.actor,
                  recordedAtMs: event.data.recordedAtMs, correlationID: event.data.correlationID)
    }

    /// Writes the trailing secondary entries when `force`, or when the trail has grown to
    /// `IndexTrail.maxEvents`. Returns whether any event still trails.
    func settleTrail(force: Bool) throws -> Bool {
        let through = try IndexTrail.indexedThrough(layout: layout, txn: txn)
        let trailing = (nextPosition - 1) - through
        if trailing == 0 { return false }
        if force || trailing >= IndexTrail.maxEvents {
            try IndexTrail.catchUp(layout: layout, txn: txn, fresh: fresh)
            return false
        }
        return true
    }

    /// Writes an event's log record and its `event_ids` entry, and nothing else: what every writer
    /// writes per event (a bulk load leaves the other indexes for its end). A stored id fails the
    /// put with `MDB_KEYEXIST`.
    mutating func writeRecord(_ event: RecordedEvent) throws {
        let (txn, layout) = (self.txn, self.layout)
        let id = event.data.id.words
        let beyond = greatestID.map { $0 < id } ?? true
        if beyond { greatestID = id }
        try BigEndian.withBytes(event.position) { position in
            try encoder.withEncoded(event) { try txn.put(layout.log, key: position, value: $0, flags: MDB_APPEND) }
            try withUnsafeBytes(of: event.data.id.uuid) { try txn.put(layout.eventIDs, key: $0, value: position, flags: beyond ? MDB_APPEND : MDB_NOOVERWRITE) }
        }
        nextPosition = max(nextPosition, event.position + 1)
    }

    /// When every id of the request is stored already, the original result; when only some are, a refusal.
    private func alreadyStored(_ request: AppendRequest) throws -> Result<AppendResult, EventStoreError>? {
        guard let greatestID else { return nil }
        if request.events.allSatisfy({ greatestID < $0.id.words }) { return nil }
        var found: [(UUID, UInt64)] = []
        for data in request.events {
            let position = try withUnsafeBytes(of: data.id.uuid) { key in
                try txn.get(layout.eventIDs, key: key).map { BigEndian.uint64($0) }
            }
            if let position { found.append((data.id, position)) }
        }
        if found.isEmpty { return nil }
        guard found.count == request.events.count else {
            return .failure(.partiallyStored(stream: request.stream, storedIDs: found.map(\.0)))
        }
        let positions = found.map(\.1)
        guard let first = try StoreReader.event(at: positions.min()!, layout: layout, txn: txn),
              let last = try StoreReader.event(at: positions.max()!, layout: layout, txn: txn),
              first.stream == request.stream else {
            return .failure(.invalidRequest("event ids of this request are already stored in another stream"))
        }
        return .success(AppendResult(
            stream: request.stream,
            firstPosition: first.position,
            lastPosition: last.position,
            firstRevision: first.revision,
            lastRevision: last.revision,
            alreadyStored: true
        ))
    }
}
