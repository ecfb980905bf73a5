import CLMDB
import Foundation

/// Fills a new, empty store in one go (a replay's whole history): while it runs only the log and
/// the event ids are written; the other indexes are built once at the end, each in key order.
///
/// Appending to the stream, type, actor, time and correlation indexes event by event dirties
/// B-tree pages all over them, because a fleet's streams interleave; written sorted at the end,
/// each index is filled front to back once. The result is the store `append` would have made,
/// byte for byte in the log and entry for entry in every index.
///
/// Until `finish()` the store is marked as loading: opening it fails with
/// `EventStoreError.unfinishedBulkLoad`, so an interrupted load never passes for a store, and
/// the store's other appends are refused. Requests are checked as `append` checks them: the
/// expected revision against the stream heads the load keeps; an id already stored is an error
/// here, not a repeat, since a load writes new events only.
///
/// `@unchecked Sendable`: used from one thread at a time (a replay's sink queue); the heads and
/// the collected keys are not locked.
public final class BulkLoad: @unchecked Sendable {
    private let store: EventStore
    private var heads: [String: UInt64] = [:]
    private var keys = BulkIndexKeys()
    private var nextPosition: UInt64 = 1
    private var finished = false

    init(store: EventStore) {
        self.store = store
    }

    /// Appends the requests in one durable transaction, in order; returns where each landed.
    /// Throws on the first refusal, having written nothing of this call.
    @discardableResult
    public func append(_ requests: [AppendRequest]) throws(EventStoreError) -> [AppendResult] {
        precondition(!finished, "append after finish")
        // The heads change in place (a copy per batch would copy every stream's head); a refusal
        // or failure puts back the ones this call changed.
        var changed: [(stream: String, head: UInt64?)] = []
        defer { if !changed.isEmpty { for (stream, head) in changed.reversed() { heads[stream] = head } } }
        var results: [AppendResult] = []
        results.reserveCapacity(requests.count)
        var position = nextPosition
        for request in requests {
            if let problem = EventStore.validate(request) { throw problem }
            let current = heads[request.stream]
            guard request.expected.accepts(current) else {
                throw .wrongExpectedRevision(stream: request.stream, expected: request.expected, actual: current)
            }
            let first = current.map { $0 + 1 } ?? 0
            let count = UInt64(request.events.count)
            results.append(AppendResult(stream: request.stream, firstPosition: position, lastPosition: position + count - 1,
                                        firstRevision: first, lastRevision: first + count - 1, alreadyStored: false))
            changed.append((request.stream, current))
            heads[request.stream] = first + count - 1
            position += count
        }
        try writeLog(requests, results)
        changed = []
        for (request, result) in zip(requests, results) { keys.add(request, first: result.firstPosition) }
        nextPosition = position
        return results
    }

    /// Builds the stream, type, actor, time and correlation indexes from what was loaded and
    /// clears the loading mark; from then on the store is an ordinary one.
    public func finish() throws(EventStoreError) {
        precondition(!finished, "finish twice")
        finished = true
        let (env, layout, path) = (store.env, store.layout, store.path)
        do {
            var build = keys
            keys = BulkIndexKeys()
            try build.writeIndexes(env: env, layout: layout)
            try Self.withGrowingMap(env) {
                try env.write { txn in
                    try StoreLayout.bulkLoadKey.withRaw { key in try txn.delete(layout.meta, key: key) }
                    try IndexTrail.setIndexedThrough(nextPosition - 1, layout: layout, txn: txn)
                }
            }
        } catch {
            throw StoreFolder.explain(error, path: path, operation: "write to")
        }
        store.endBulkLoad(lastPosition: nextPosition - 1)
    }

    /// Writes the log records and the event ids where `results` placed them, growing the map when it is full.
    private func writeLog(_ requests: [AppendRequest], _ results: [AppendResult]) throws(EventStoreError) {
        let (env, layout) = (store.env, store.layout)
        do {
            try Self.withGrowingMap(env) {
                try env.write { txn in
                    var tx = try AppendTransaction(layout: layout, txn: txn)
                    try tx.appending { tx in
                        for (request, result) in zip(requests, results) {
                            for offset in request.events.indices {
                                do {
                                    try tx.writeRecord(position: result.firstPosition + UInt64(offset), stream: request.stream,
                                                       revision: result.firstRevision + UInt64(offset), data: request.events[offset])
                                } catch let error as LMDBError where error.code == MDB_KEYEXIST {
                                    throw EventStoreError.invalidRequest("event id \(request.events[offset].id.uuidString.lowercased()) is already stored; a bulk load writes new events only")
                                }
                            }
                        }
                    }
                }
            }
        } catch let error as EventStoreError {
            throw error
        } catch {
            throw StoreFolder.explain(error, path: store.path, operation: "write to")
        }
    }

    /// Runs `body` (one write transaction), doubling the map and running it again while it is full.
    static func withGrowingMap<T>(_ env: LMDBEnvironment, _ body: () throws -> T) throws -> T {
        while true {
            do {
                return try body()
            } catch let error as LMDBError where error.isMapFull {
                try env.grow(atLeast: env.mapSize * 2)
            }
        }
    }
}
