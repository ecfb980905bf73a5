import CLMDB
import Foundation

/// The raw-LMDB halves of the store benchmark: the engine's work without the engine, so each engine
/// figure has a bound measured in the same run, folder and disk. Every commit is durable (fsync), as
/// the engine's are.
struct RawLMDBWorkload {
    let env: LMDBEnvironment

    init(folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        env = try LMDBEnvironment(path: folder, readOnly: false, mapSize: 64 << 20, maxDatabases: StoreLayout.databaseCount)
    }

    /// `MDB_APPEND` of opaque blobs of `blobSize` bytes at positions `after + 1 ... through`, in
    /// one transaction. Returns the seconds it took.
    func appendBlobs(after: UInt64, through end: UInt64, blobSize: Int, dbi: MDB_dbi) throws -> Double {
        let blob = [UInt8](repeating: 0x5A, count: blobSize)
        let start = ContinuousClock.now
        try growing {
            try env.write { txn in
                var p = after
                while p < end {
                    p += 1
                    try BigEndian.withBytes(p) { key in try blob.withUnsafeBytes { try txn.put(dbi, key: key, value: $0, flags: MDB_APPEND) } }
                }
            }
        }
        return StoreBenchmark.ms(ContinuousClock.now - start) / 1000
    }

    /// What trails between `writeIndexed` calls, as it trails the engine's commits.
    private final class Trail {
        var postings = SecondaryPostings()
        var count: UInt64 = 0
        var chain = EventIDIndex.Chain()
    }

    private let trail = Trail()

    /// The engine's entries for `events` written with no checks, lookups or encoding of records:
    /// a blob of `blobSize` in the log and the event id's entries (an entry only for an id off the
    /// chain, a mark every 64th position); the stream runs and the type, actor, time and
    /// correlation posting lists once 1,024 events or more trail, as the engine writes them.
    /// Positions continue from `after`. Returns the seconds spent in the write transaction.
    func writeIndexed(_ events: [(stream: String, revision: UInt64, data: EventData)], after: UInt64, blobSize: Int, layout: StoreLayout) throws -> Double {
        let blob = [UInt8](repeating: 0x5A, count: blobSize)
        let start = ContinuousClock.now
        try growing {
            try env.write { txn in
                var position = after
                // Kept apart until the transaction commits (a retry after growing the map starts over).
                var (postings, count, chain) = (trail.postings, trail.count, trail.chain)
                // The log's records through one cursor, as the engine appends them.
                try txn.withCursor(layout.log) { log in
                    for event in events {
                        position += 1
                        let data = event.data
                        try BigEndian.withBytes(position) { positionKey in
                            try blob.withUnsafeBytes { try log.put(key: positionKey, value: $0, flags: MDB_APPEND) }
                        }
                        if !chain.extend(with: data.id.words) {
                            try withUnsafeBytes(of: data.id.uuid) { key in
                                try BigEndian.withBytes(position) { try txn.put(layout.eventIDs, key: key, value: $0, flags: MDB_NOOVERWRITE) }
                            }
                        }
                        if position % EventIDIndex.markSpacing == 0 {
                            try EventIDIndex.putMark(chain, at: position, layout: layout, txn: txn)
                        }
                        postings.add(position: position, stream: event.stream, revision: event.revision, type: data.type, actor: data.actor,
                                     recordedAtMs: data.recordedAtMs, correlationID: data.correlationID)
                        count += 1
                    }
                }
                if count >= IndexTrail.maxEvents {
                    try postings.write(layout: layout, txn: txn)
                    (postings, count) = (SecondaryPostings(), 0)
                }
                (trail.postings, trail.count, trail.chain) = (postings, count, chain)
            }
        }
        return StoreBenchmark.ms(ContinuousClock.now - start) / 1000
    }

    /// Durable commits of one `blobSize` blob each, appended after `after`: the floor of any
    /// acknowledged append on this disk. Returns each commit's seconds.
    func commitSingleBlobs(_ commits: Int, after: UInt64, blobSize: Int, dbi: MDB_dbi) throws -> [Double] {
        let blob = [UInt8](repeating: 0x5A, count: blobSize)
        return try (1...commits).map { i in
            let start = ContinuousClock.now
            try growing {
                try env.write { txn in
                    try BigEndian.withBytes(after + UInt64(i)) { key in try blob.withUnsafeBytes { try txn.put(dbi, key: key, value: $0, flags: MDB_APPEND) } }
                }
            }
            return StoreBenchmark.ms(ContinuousClock.now - start) / 1000
        }
    }

    /// A cursor walk over every entry of `dbi`, touching each value.
    func scan(_ dbi: MDB_dbi) throws {
        var bytes = 0
        try env.read { txn in
            try txn.withCursor(dbi) { cursor in
                var entry = try cursor.get(MDB_FIRST)
                while let current = entry {
                    bytes &+= Int(current.value[current.value.count - 1])
                    entry = try cursor.get(MDB_NEXT)
                }
            }
        }
        precondition(bytes > 0)
    }

    private func growing(_ body: () throws -> Void) throws {
        while true {
            do {
                return try body()
            } catch let error as LMDBError where error.isMapFull {
                try env.grow(atLeast: env.mapSize * 2)
            }
        }
    }
}
