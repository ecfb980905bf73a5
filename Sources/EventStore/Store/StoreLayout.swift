import CLMDB

/// The named LMDB databases of a store (format 3, ADR 0009) and how their keys are laid out.
///
/// - `log`: position (8 bytes BE) → `StoredEvent` protobuf. Appended with `MDB_APPEND`.
/// - `event_ids`: event UUID (16 bytes) → position (8 BE), for the events whose id is not beyond
///   every id before it; `id_marks`: every 64th position (8 BE) → the greatest id up to it. Together
///   they find any stored id, which makes appends idempotent (see `EventIDIndex`).
/// - `stream_runs` (dupsort, fixed): stream id → runs of consecutive revisions at consecutive
///   positions (see `StreamRuns`).
/// - `type_postings`, `actor_postings` (dupsort): type / actor → posting-list values of positions
///   (see `PostingList`).
/// - `time_postings` (dupsort): recorded second (8 BE, sign-flipped) → timed posting-list values:
///   each position with its milliseconds into that second.
/// - `correlation_postings` (dupsort): correlation UUID (16 bytes) → posting-list values; only
///   events that carry a correlation id (an upgrade's events share its id).
/// - `meta`: "magic" and "format"; "indexed_through" (8 BE), the last position whose type, actor,
///   time and correlation entries are written (see `IndexTrail`); "bulk_load" while a bulk load
///   is under way (see `BulkLoad`).
struct StoreLayout: Sendable {
    let log: MDB_dbi
    let streamRuns: MDB_dbi
    let eventIDs: MDB_dbi
    let idMarks: MDB_dbi
    let byType: MDB_dbi
    let byActor: MDB_dbi
    let byTime: MDB_dbi
    let byCorrelation: MDB_dbi
    let meta: MDB_dbi
    /// LMDB's page size in the map, in bytes (a power of two).
    let pageSize: Int

    /// The nine above, and room for a format-2 store's five old indexes while it is upgraded.
    static let databaseCount: UInt32 = 16
    static let magic = Array("orchestrator-event-store".utf8)
    static let magicKey = Array("magic".utf8)
    static let formatKey = Array("format".utf8)
    /// Present in `meta` from the start of a bulk load until its indexes are written.
    static let bulkLoadKey = Array("bulk_load".utf8)
    /// Format 1: the layout above with StoredEvent fields 1–12, every index written per commit.
    /// Format 2: the same, the secondary indexes trailing the log up to "indexed_through".
    /// Format 3: stream runs and posting lists in new databases (ADR 0009); older stores are
    /// rebuilt into it when opened to write (`FormatUpgrade`).
    static let format: UInt32 = 3
    /// Longest stream id, type or actor in bytes: each is a whole key (see `KeyName`).
    static let maxNameBytes = KeyName.maxBytes

    static let dupFixed = UInt32(MDB_DUPSORT) | UInt32(MDB_DUPFIXED)
    static let dupSort = UInt32(MDB_DUPSORT)

    /// Opens every database, creating them when `create` (the environment must be writable then).
    static func open(in env: LMDBEnvironment, create: Bool) throws -> StoreLayout {
        StoreLayout(
            log: try env.openDatabase("log", create: create),
            streamRuns: try env.openDatabase("stream_runs", flags: dupFixed, create: create),
            eventIDs: try env.openDatabase("event_ids", create: create),
            idMarks: try env.openDatabase("id_marks", create: create),
            byType: try env.openDatabase("type_postings", flags: dupSort, create: create),
            byActor: try env.openDatabase("actor_postings", flags: dupSort, create: create),
            byTime: try env.openDatabase("time_postings", flags: dupSort, create: create),
            byCorrelation: try env.openDatabase("correlation_postings", flags: dupSort, create: create),
            meta: try env.openDatabase("meta", create: create),
            pageSize: env.pageSize
        )
    }

    /// Every named database, with the name the main tree knows it by.
    var namedDatabases: [(name: String, dbi: MDB_dbi)] {
        [("log", log), ("stream_runs", streamRuns), ("event_ids", eventIDs), ("id_marks", idMarks),
         ("type_postings", byType), ("actor_postings", byActor), ("time_postings", byTime),
         ("correlation_postings", byCorrelation), ("meta", meta)]
    }

    /// The second a time falls in (rounded down, also before 1970) and its milliseconds into it.
    static func timeBucket(_ ms: Int64) -> (second: Int64, offset: UInt32) {
        let (second, offset) = ms.quotientAndRemainder(dividingBy: 1000)
        return offset < 0 ? (second - 1, UInt32(offset + 1000)) : (second, UInt32(offset))
    }

    /// Runs `body` with the `time_postings` key of a second: sign-flipped so that seconds before
    /// 1970 sort first.
    @inline(__always)
    static func withSecondKey<T>(_ second: Int64, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try BigEndian.withBytes(UInt64(bitPattern: second) ^ (1 << 63), body)
    }

    /// The second a `time_postings` key stands for.
    static func second(ofKey key: UnsafeRawBufferPointer) -> Int64 {
        Int64(bitPattern: BigEndian.uint64(key) ^ (1 << 63))
    }
}

extension Array where Element == UInt8 {
    /// Runs `body` with the bytes as a raw buffer (shorthand for LMDB calls).
    @inline(__always)
    func withRaw<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try withUnsafeBytes(body)
    }
}
