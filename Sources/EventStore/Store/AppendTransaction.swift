import CLMDB
import Foundation

/// Applies append requests inside one write transaction: checks, then writes the log, the ids and
/// the stream index (the secondary indexes trail, see `IndexTrail`).
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
    /// The events `write` wrote, whose secondary entries `settleTrail` may write from them.
    private var fresh: [(position: UInt64, data: EventData)] = []

    init(layout: StoreLayout, txn: WriteTransaction) throws {
        self.layout = layout
        self.txn = txn
        self.nextPosition = try StoreReader.lastPosition(layout: layout, txn: txn) + 1
    }

    /// Applies one request; a refusal comes back as a failure, a storage error is thrown.
    mutating func apply(_ request: AppendRequest) throws -> Result<AppendResult, EventStoreError> {
        if let original = try alreadyStored(request) { return original }
        let current = try StoreReader.lastRevision(of: request.stream, layout: layout, txn: txn)
        guard request.expected.accepts(current) else {
            return .failure(.wrongExpectedRevision(stream: request.stream, expected: request.expected, actual: current))
        }
        let firstRevision = current.map { $0 + 1 } ?? 0
        let firstPosition = nextPosition
        var revision = firstRevision
        for data in request.events {
            try write(RecordedEvent(position: nextPosition, stream: request.stream, revision: revision, data: data))
            revision += 1
        }
        return .success(AppendResult(
            stream: request.stream,
            firstPosition: firstPosition,
            lastPosition: nextPosition - 1,
            firstRevision: firstRevision,
            lastRevision: revision - 1,
            alreadyStored: false
        ))
    }

    /// Writes one event at exactly its position: its record, id and stream entry. The secondary
    /// indexes follow behind (`IndexTrail`); `settleTrail` writes them when their time has come.
    mutating func write(_ event: RecordedEvent) throws {
        try writeRecord(event)
        fresh.append((event.position, event.data))
        let (txn, layout) = (self.txn, self.layout)
        try BigEndian.withBytes(event.revision, event.position) { entry in
            try event.stream.withUTF8Bytes { try txn.put(layout.streams, key: $0, value: entry, flags: MDB_APPENDDUP) }
        }
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
        try BigEndian.withBytes(event.position) { position in
            try encoder.withEncoded(event) { try txn.put(layout.log, key: position, value: $0, flags: MDB_APPEND) }
            try withUnsafeBytes(of: event.data.id.uuid) { try txn.put(layout.eventIDs, key: $0, value: position, flags: MDB_NOOVERWRITE) }
        }
        nextPosition = max(nextPosition, event.position + 1)
    }

    /// When every id of the request is stored already, the original result; when only some are, a refusal.
    private func alreadyStored(_ request: AppendRequest) throws -> Result<AppendResult, EventStoreError>? {
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
