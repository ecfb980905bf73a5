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

    /// The engine's entries for `events` written with no checks, lookups or encoding of records:
    /// a blob of `blobSize` in the log, the event id's entries, one stream run per stretch of one stream's
    /// events, and the type, actor, time and correlation posting lists of the batch (the engine
    /// writes those for 1,024 events or more at a time). Positions continue from `after`.
    /// Returns the seconds spent in the write transaction.
    func writeIndexed(_ events: [(stream: String, revision: UInt64, data: EventData)], after: UInt64, blobSize: Int, layout: StoreLayout) throws -> Double {
        let blob = [UInt8](repeating: 0x5A, count: blobSize)
        let start = ContinuousClock.now
        try growing {
            try env.write { txn in
                var position = after
                var postings = SecondaryPostings()
                var run: (stream: String, run: StreamRuns.Run)?
                // The log holds blobs, not records, so the chain cannot be read back; the
                // benchmark's ids rise from batch to batch, so a batch's first id extends it.
                var chain = EventIDIndex.Chain()
                func putRun() throws {
                    guard let run else { return }
                    try run.run.withValue { value in
                        try run.stream.withUTF8Bytes { try txn.put(layout.streamRuns, key: $0, value: value, flags: MDB_APPENDDUP) }
                    }
                }
                for event in events {
                    position += 1
                    let data = event.data
                    try BigEndian.withBytes(position) { positionKey in
                        try blob.withUnsafeBytes { try txn.put(layout.log, key: positionKey, value: $0, flags: MDB_APPEND) }
                    }
                    // Where the id is, as the engine keeps it: an entry only for an id off the
                    // chain, and a mark every 64th position.
                    if !chain.extend(with: data.id.words) {
                        try withUnsafeBytes(of: data.id.uuid) { key in
                            try BigEndian.withBytes(position) { try txn.put(layout.eventIDs, key: key, value: $0, flags: MDB_NOOVERWRITE) }
                        }
                    }
                    if position % EventIDIndex.markSpacing == 0 {
                        try EventIDIndex.putMark(chain, at: position, layout: layout, txn: txn)
                    }
                    if let current = run, current.stream == event.stream, current.run.firstPosition + current.run.count == position {
                        run?.run.count += 1
                    } else {
                        try putRun()
                        run = (event.stream, StreamRuns.Run(firstRevision: event.revision, firstPosition: position, count: 1))
                    }
                    postings.add(position: position, type: data.type, actor: data.actor, recordedAtMs: data.recordedAtMs, correlationID: data.correlationID)
                }
                try putRun()
                try postings.write(layout: layout, txn: txn)
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
