import CLMDB
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads: streams, the whole log, and the secondary indexes (type, actor, recorded time).
/// A stream, type or actor the store cannot hold (`KeyName`) is answered as absent without
/// asking LMDB, which would refuse the key.
extension EventStore {
    /// Runs `body` in one read transaction, mapping storage failures to `EventStoreError`.
    func reading<T>(_ body: (ReadTransaction) throws -> T) throws(EventStoreError) -> T {
        do {
            return try env.read(body)
        } catch {
            throw StoreFolder.explain(error, path: path, operation: "read")
        }
    }

    /// The last position in the log (0 when empty).
    public func lastPosition() throws(EventStoreError) -> UInt64 {
        try reading { try StoreReader.lastPosition(layout: layout, txn: $0) }
    }

    /// The stream's last revision, or nil when it does not exist.
    public func lastRevision(of stream: String) throws(EventStoreError) -> UInt64? {
        guard KeyName.isStorable(stream) else { return nil }
        return try reading { txn in
            // The writer's heads answer without reading the trail when they describe this snapshot.
            if let known = try trail.heads.revision(of: stream, layout: layout, txn: txn) {
                if let head = known { return head }
                return try StreamRuns.lastRun(of: stream, logEnd: StoreReader.lastPosition(layout: layout, txn: txn), layout: layout, txn: txn)?.lastRevision
            }
            return try StoreReader.lastRevision(of: stream, layout: layout, txn: txn)
        }
    }

    /// A stream's events from `revision` (nil: its start, or its end when backward), at most `limit`.
    public func readStream(_ stream: String, from revision: UInt64? = nil, backward: Bool = false, limit: Int = .max) throws(EventStoreError) -> [RecordedEvent] {
        guard KeyName.isStorable(stream) else { return [] }
        return try reading { txn in
            let known = try trail.heads.revision(of: stream, layout: layout, txn: txn)
            return try StoreReader.stream(stream, from: revision, backward: backward, limit: limit, trailing: known.map { $0 != nil } ?? true,
                                          layout: layout, txn: txn)
        }
    }

    /// Up to `limit` events of the whole log from `position` on.
    public func readAll(from position: UInt64 = 1, limit: Int = 4096) throws(EventStoreError) -> [RecordedEvent] {
        try reading { try StoreReader.log(from: position, limit: limit, layout: layout, txn: $0) }
    }

    /// The event at `position`, or nil.
    public func event(at position: UInt64) throws(EventStoreError) -> RecordedEvent? {
        try reading { try StoreReader.event(at: position, layout: layout, txn: $0) }
    }

    /// Calls `body` for every event from `position` on, reading in pages so memory stays flat.
    /// One page buffer and one decoder serve the whole walk; `body` runs outside any transaction.
    public func forEachEvent(from position: UInt64 = 1, pageSize: Int = 4096, _ body: (RecordedEvent) throws -> Void) throws {
        var next = position
        var page: [RecordedEvent] = []
        var decoder = EventDecoder()
        while true {
            page.removeAll(keepingCapacity: true)
            try reading { try StoreReader.log(from: next, limit: pageSize, into: &page, decoder: &decoder, layout: layout, txn: $0) }
            for index in page.indices { try body(page[index]) }
            guard let last = page.last, page.count == pageSize else { return }
            next = last.position + 1
        }
    }

    /// Events of one type from `position` on, through the type index.
    public func events(ofType type: String, from position: UInt64 = 1, limit: Int = 4096) throws(EventStoreError) -> [RecordedEvent] {
        guard KeyName.isStorable(type) else { return [] }
        return try keyed(layout.byType, key: Array(type.utf8), from: position, limit: limit) { $0.type == type }
    }

    /// Events recorded by one actor from `position` on, through the actor index.
    public func events(byActor actor: String, from position: UInt64 = 1, limit: Int = 4096) throws(EventStoreError) -> [RecordedEvent] {
        guard KeyName.isStorable(actor) else { return [] }
        return try keyed(layout.byActor, key: Array(actor.utf8), from: position, limit: limit) { $0.actor == actor }
    }

    /// Events that share a correlation id (one upgrade's events), through the correlation index.
    public func events(correlatedWith id: UUID, from position: UInt64 = 1, limit: Int = 4096) throws(EventStoreError) -> [RecordedEvent] {
        try keyed(layout.byCorrelation, key: Array(id.bytes), from: position, limit: limit) { $0.correlationID == id }
    }

    /// Events recorded in `[fromMs, untilMs)`, in time order, through the time index.
    public func events(recordedFrom fromMs: Int64, until untilMs: Int64, limit: Int = 4096) throws(EventStoreError) -> [RecordedEvent] {
        try reading { txn in
            let indexed = try StoreReader.timedPositions(recordedFrom: fromMs, until: untilMs, limit: limit, layout: layout, txn: txn)
            var trailing: [RecordedEvent] = []
            try IndexTrail.forEachTrailing(layout: layout, txn: txn) { event in
                if event.recordedAtMs >= fromMs && event.recordedAtMs < untilMs { trailing.append(RecordedEvent(copying: event)) }
            }
            guard !trailing.isEmpty else { return try events(at: indexed.map(\.position), txn: txn) }
            // Trailing events come after every indexed one in position, so (time, position) order
            // is a stable sort of the trail by time, merged in.
            trailing.sort { $0.recordedAtMs < $1.recordedAtMs }
            var out: [RecordedEvent] = []
            var fromIndex = try events(at: indexed.map(\.position), txn: txn)[...]
            var fromTrail = trailing[...]
            while out.count < limit, let next = Self.earlier(fromIndex.first, fromTrail.first) {
                if next { out.append(fromIndex.removeFirst()) } else { out.append(fromTrail.removeFirst()) }
            }
            return out
        }
    }

    /// How many indexed events of one type there are from `position` on, counted no further than
    /// `cap`: positions only, no event decoded, the few trailing events left out. For choosing the
    /// narrowest index to answer a question from.
    public func indexedCount(ofType type: String, from position: UInt64 = 1, upTo cap: Int) throws(EventStoreError) -> Int {
        guard KeyName.isStorable(type) else { return 0 }
        return try indexedCount(layout.byType, key: Array(type.utf8), from: position, upTo: cap)
    }

    /// `indexedCount(ofType:)` for the actor index.
    public func indexedCount(byActor actor: String, from position: UInt64 = 1, upTo cap: Int) throws(EventStoreError) -> Int {
        guard KeyName.isStorable(actor) else { return 0 }
        return try indexedCount(layout.byActor, key: Array(actor.utf8), from: position, upTo: cap)
    }

    /// `indexedCount(ofType:)` for the correlation index.
    public func indexedCount(correlatedWith id: UUID, from position: UInt64 = 1, upTo cap: Int) throws(EventStoreError) -> Int {
        try indexedCount(layout.byCorrelation, key: Array(id.bytes), from: position, upTo: cap)
    }

    private func indexedCount(_ dbi: MDB_dbi, key: [UInt8], from position: UInt64, upTo cap: Int) throws(EventStoreError) -> Int {
        try reading { txn in try key.withRaw { try PostingList.positions(in: dbi, key: $0, from: position, limit: cap, txn: txn).count } }
    }

    /// Events recorded in `[fromMs, untilMs)` from `position` on, in log order, at most `limit`.
    /// The time index gives their positions without decoding an event, so only the events
    /// returned are decoded; a wide range costs one read of its postings.
    public func events(recordedFrom fromMs: Int64, until untilMs: Int64, inLogOrderFrom position: UInt64, limit: Int = 4096) throws(EventStoreError) -> [RecordedEvent] {
        try indexed(from: position, limit: limit) { txn in
            try StoreReader.lowestTimedPositions(recordedFrom: fromMs, until: untilMs, atOrAfter: position, limit: limit, layout: layout, txn: txn)
        } matches: { $0.recordedAtMs >= fromMs && $0.recordedAtMs < untilMs }
    }

    /// The lowest and highest positions at or after `position` of the events recorded in
    /// `[fromMs, untilMs)`, or nil when there are none: where in the log a time range lies, read
    /// from the time index without decoding an event, so that another index can be walked over
    /// just that stretch.
    public func positionRange(recordedFrom fromMs: Int64, until untilMs: Int64, from position: UInt64 = 1) throws(EventStoreError) -> ClosedRange<UInt64>? {
        try reading { txn in
            var range = try StoreReader.timedPositionRange(recordedFrom: fromMs, until: untilMs, atOrAfter: position, layout: layout, txn: txn)
            try IndexTrail.forEachTrailing(from: position, layout: layout, txn: txn) { event in
                guard event.recordedAtMs >= fromMs && event.recordedAtMs < untilMs else { return }
                // Trailing positions come after every indexed one.
                range = (range?.lowerBound ?? event.position)...event.position
            }
            return range
        }
    }

    /// Whether the next event in time order is the indexed one (true), the trailing one (false),
    /// or neither is left (nil). At equal times the indexed one, with the lower position, goes first.
    private static func earlier(_ indexed: RecordedEvent?, _ trailing: RecordedEvent?) -> Bool? {
        switch (indexed, trailing) {
        case (nil, nil): nil
        case (.some, nil): true
        case (nil, .some): false
        case (let indexed?, let trailing?): indexed.recordedAtMs <= trailing.recordedAtMs
        }
    }

    /// Positions under `key` in a posting-list index, then the trailing events that `matches`.
    private func keyed(
        _ dbi: MDB_dbi, key: [UInt8], from position: UInt64, limit: Int, matches: (borrowing RecordedEventView) -> Bool
    ) throws(EventStoreError) -> [RecordedEvent] {
        try indexed(from: position, limit: limit, positions: { txn in
            try key.withRaw { try PostingList.positions(in: dbi, key: $0, from: position, limit: limit, txn: txn) }
        }, matches: matches)
    }

    /// The events at the ascending indexed `positions`, then the trailing events that `matches`,
    /// in one snapshot: indexed positions all come before trailing ones, so the two lists simply follow.
    private func indexed(
        from position: UInt64, limit: Int, positions: (ReadTransaction) throws -> [UInt64], matches: (borrowing RecordedEventView) -> Bool
    ) throws(EventStoreError) -> [RecordedEvent] {
        try reading { txn in
            var out = try events(at: positions(txn), txn: txn)
            guard out.count < limit else { return out }
            try IndexTrail.forEachTrailing(from: position, layout: layout, txn: txn) { event in
                if out.count < limit && matches(event) { out.append(RecordedEvent(copying: event)) }
            }
            return out
        }
    }

    /// The events at index positions; a position missing from the log means a corrupt index.
    private func events(at positions: [UInt64], txn: ReadTransaction) throws -> [RecordedEvent] {
        try StoreReader.events(at: positions, layout: layout, txn: txn) { position in
            EventCodec.DecodingProblem(detail: "an index points at missing position \(position)")
        }
    }

    /// Everything after `position`, then each new commit as it lands (a catch-up subscription).
    public func subscribe(after position: UInt64) -> EventSubscription {
        EventSubscription(store: self, after: position)
    }

    /// A consistent, compacted copy of the store in `folder` (which must not exist or be empty),
    /// taken while writers go on, on disk (synced) when this returns.
    /// A copy that fails (a full disk) leaves nothing behind: the folder as it was before.
    public func backup(to folder: String) throws(EventStoreError) {
        let created: Bool
        switch StoreFolder.inspect(folder) {
        case .missing:
            try StoreFolder.create(folder)
            created = true
        case .empty: created = false
        case .store: throw .notAStore(path: folder, why: "it holds a store already")
        case .foreign(let why): throw .notAStore(path: folder, why: why)
        }
        do {
            try env.copyCompacting(to: folder)
            try Self.sync(folder + "/data.mdb")
        } catch {
            try? FileManager.default.removeItem(atPath: folder + "/data.mdb")
            if created { try? FileManager.default.removeItem(atPath: folder) }
            // Damage is in the store copied from, not in the copy.
            if error.isDamage { throw StoreFolder.explain(error, path: path, operation: "read") }
            // The compacting copy counts the free pages, copies every tree, and finds the two do
            // not add up to the pages in use: a damaged free-page tree or a lost page.
            if error.code == MDB_INCOMPATIBLE {
                throw .corrupt(path: path, detail: "its trees and LMDB's free-page tree do not add up to the pages in use")
            }
            throw StoreFolder.explain(error, path: folder, operation: "write the backup to")
        }
    }

    /// Flushes a file LMDB wrote without syncing (`mdb_env_copy2` closes its copy unsynced).
    private static func sync(_ file: String) throws(LMDBError) {
        let descriptor = Glibc.open(file, O_RDONLY)
        guard descriptor >= 0 else { throw LMDBError(code: errno, operation: "open \(file)") }
        defer { Glibc.close(descriptor) }
        guard fsync(descriptor) == 0 else { throw LMDBError(code: errno, operation: "fsync \(file)") }
    }
}
