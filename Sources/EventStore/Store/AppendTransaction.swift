import CLMDB
import Foundation

/// Applies append requests inside one write transaction: checks, then writes the log and the ids
/// (the stream runs and the secondary indexes trail, see `IndexTrail`).
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
    /// The last position whose secondary entries are written (`IndexTrail`).
    private var indexedThrough: UInt64
    private var encoder = EventEncoder()
    /// The cursor on the log that this transaction's records are appended through, while
    /// `appending` runs (every write happens inside it).
    private var logCursor: Cursor?
    /// The secondary entries of the last trailing events, which `settleTrail` may write: those
    /// this transaction wrote, after those of the memo it started from (a catch-up reads the
    /// trailing events before them from the log).
    private var fresh = SecondaryPostings()
    /// The chain of time-ordered ids through the log (`EventIDIndex`): an id that extends it
    /// cannot be stored yet, so it needs no lookup, and no entry of its own.
    private var chain: EventIDIndex.Chain
    /// The last revisions of the streams with trailing events, when first needed: the writer's
    /// (`known`) when they describe this log, else read from the trail.
    private var trailHeads: TrailHeads.Snapshot?
    private let known: TrailHeads.Snapshot?

    /// - Parameters:
    ///   - known: the writer's trailing heads, used when they describe this log.
    ///   - memo: what the last transaction learnt of the trail, used when it describes this log.
    init(layout: StoreLayout, txn: WriteTransaction, heads known: TrailHeads.Snapshot? = nil, memo: TrailMemo? = nil) throws {
        self.layout = layout
        self.txn = txn
        let last = try StoreReader.lastPosition(layout: layout, txn: txn)
        self.nextPosition = last + 1
        self.indexedThrough = try IndexTrail.indexedThrough(layout: layout, txn: txn)
        if let memo, memo.describes(last: last, mark: indexedThrough) {
            (chain, fresh) = (memo.chain, memo.postings)
        } else {
            chain = try EventIDIndex.chain(through: last, layout: layout, txn: txn)
        }
        self.known = known
    }

    /// Runs `body` with the log's records appended through one cursor, which stays at the log's end.
    mutating func appending<T>(_ body: (inout AppendTransaction) throws -> T) throws -> T {
        try txn.withCursor(layout.log) { cursor in
            logCursor = cursor
            defer { logCursor = nil }
            return try body(&self)
        }
    }

    /// What a transaction leaves the writer for the next (`WriterTrail.keep`).
    struct Left {
        /// The heads as it leaves them (nil when it never needed them).
        var heads: TrailHeads.Snapshot?
        var memo: TrailMemo
    }

    var left: Left {
        var heads = trailHeads
        heads?.asOf = nextPosition - 1
        return Left(heads: heads, memo: TrailMemo(asOf: nextPosition - 1, mark: indexedThrough, chain: chain, postings: fresh))
    }

    /// The stream's last revision: its trailing head, else its last run.
    mutating func lastRevision(of stream: String) throws -> UInt64? {
        if trailHeads == nil {
            trailHeads = known?.describes(last: nextPosition - 1, mark: indexedThrough) == true ? known : try TrailHeads.scan(layout: layout, txn: txn)
        }
        if let head = trailHeads?.revisions[stream] { return head }
        return try StreamRuns.lastRun(of: stream, logEnd: nextPosition - 1, layout: layout, txn: txn)?.lastRevision
    }

    /// Records a stream's new trailing head (the heads are loaded: `lastRevision` ran first).
    private mutating func noteHead(_ stream: String, _ revision: UInt64) {
        trailHeads?.revisions[stream] = revision
    }

    /// Applies one request; a refusal comes back as a failure, a storage error is thrown.
    mutating func apply(_ request: AppendRequest) throws -> Result<AppendResult, EventStoreError> {
        if let original = try alreadyStored(request) { return original }
        let current = try lastRevision(of: request.stream)
        guard request.expected.accepts(current) else {
            return .failure(.wrongExpectedRevision(stream: request.stream, expected: request.expected, actual: current))
        }
        let firstRevision = current.map { $0 + 1 } ?? 0
        let firstPosition = nextPosition
        var revision = firstRevision
        // Through a buffer, like `alreadyStored` and `validate`. (The compiler still copies each
        // event once here, to keep it across the calls into LMDB: see docs/performance.md.)
        try request.events.withUnsafeBufferPointer { events in
            for index in events.indices {
                try writeLogged(position: nextPosition, stream: request.stream, revision: revision, data: events[index])
                revision += 1
            }
        }
        noteHead(request.stream, revision - 1)
        return .success(AppendResult(
            stream: request.stream,
            firstPosition: firstPosition,
            lastPosition: nextPosition - 1,
            firstRevision: firstRevision,
            lastRevision: revision - 1,
            alreadyStored: false
        ))
    }

    /// Writes one event at exactly its position: its record and id. Its stream run and secondary
    /// entries follow behind (`IndexTrail`); `settleTrail` writes them when their time has come.
    mutating func write(_ event: RecordedEvent) throws {
        _ = try lastRevision(of: event.stream)
        try writeLogged(position: event.position, stream: event.stream, revision: event.revision, data: event.data)
        noteHead(event.stream, event.revision)
    }

    /// An event's record and id, noted for the trail.
    private mutating func writeLogged(position: UInt64, stream: borrowing String, revision: UInt64, data: borrowing EventData) throws {
        try writeRecord(position: position, stream: stream, revision: revision, data: data)
        fresh.add(position: position, stream: stream, revision: revision, type: data.type, actor: data.actor,
                  recordedAtMs: data.recordedAtMs, correlationID: data.correlationID)
    }

    /// Writes the trailing secondary entries when `force`, or when the trail has grown to
    /// `IndexTrail.maxEvents`. Returns whether any event still trails.
    mutating func settleTrail(force: Bool) throws -> Bool {
        let trailing = (nextPosition - 1) - indexedThrough
        if trailing == 0 { return false }
        if force || trailing >= IndexTrail.maxEvents {
            try IndexTrail.catchUp(layout: layout, txn: txn, fresh: fresh)
            indexedThrough = nextPosition - 1
            fresh = SecondaryPostings()
            trailHeads = TrailHeads.Snapshot(asOf: indexedThrough, mark: indexedThrough)
            return false
        }
        return true
    }

    /// Writes an event's log record and where its id is (an `event_ids` entry for a straggler, an
    /// `id_marks` entry at every `EventIDIndex.markSpacing`-th position), and nothing else: what
    /// every writer writes per event (a bulk load leaves the other indexes for its end). An id
    /// stored already fails with `MDB_KEYEXIST`.
    mutating func writeRecord(position: UInt64, stream: borrowing String, revision: UInt64, data: borrowing EventData) throws {
        let (txn, layout, id) = (self.txn, self.layout, data.id)
        if !chain.extend(with: id.words) {
            guard try EventIDIndex.position(of: id, through: position - 1, layout: layout, txn: txn) == nil else {
                throw LMDBError(code: MDB_KEYEXIST, operation: "mdb_put")
            }
            try withUnsafeBytes(of: id.uuid) { key in
                try BigEndian.withBytes(position) { try txn.put(layout.eventIDs, key: key, value: $0, flags: MDB_NOOVERWRITE) }
            }
        }
        guard let cursor = logCursor else { preconditionFailure("an AppendTransaction writes inside `appending`") }
        try encoder.withEncoded(position: position, stream: stream, revision: revision, data: data) { record in
            try BigEndian.withBytes(position) { key in try cursor.put(key: key, value: record, flags: MDB_APPEND) }
        }
        if position % EventIDIndex.markSpacing == 0 {
            try EventIDIndex.putMark(chain, at: position, layout: layout, txn: txn)
        }
        nextPosition = max(nextPosition, position + 1)
    }

    /// When every id of the request is stored already, the original result; when only some are, a refusal.
    private func alreadyStored(_ request: AppendRequest) throws -> Result<AppendResult, EventStoreError>? {
        var found: [(UUID, UInt64)] = []
        // An id that would extend the chain is not stored; any other one is looked up.
        // Through a buffer: a loop over the events, or the array's subscript, would copy each one.
        try request.events.withUnsafeBufferPointer { events in
            for index in events.indices where !chain.wouldExtend(events[index].id.words) {
                let id = events[index].id
                if let position = try EventIDIndex.position(of: id, through: nextPosition - 1, layout: layout, txn: txn) {
                    found.append((id, position))
                }
            }
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
