import CLMDB

/// The named LMDB databases of a store and how their keys are laid out.
///
/// - `log`: position (8 bytes BE) → `StoredEvent` protobuf. Appended with `MDB_APPEND`.
/// - `streams` (dupsort, fixed): stream id → revision (8 BE) ‖ position (8 BE).
/// - `event_ids`: event UUID (16 bytes) → position (8 BE). Makes appends idempotent.
/// - `by_type`, `by_actor` (dupsort, fixed): type / actor → position (8 BE).
/// - `by_time` (dupsort, fixed): recorded time (8 BE, sign-flipped) → position (8 BE).
/// - `by_correlation` (dupsort, fixed): correlation UUID (16 bytes) → position (8 BE); only
///   events that carry a correlation id (an upgrade's events share its id).
/// - `meta`: "magic" and "format"; "indexed_through" (8 BE), the last position whose `by_type`,
///   `by_actor`, `by_time` and `by_correlation` entries are written (see `IndexTrail`);
///   "bulk_load" while a bulk load is under way (see `BulkLoad`).
struct StoreLayout: Sendable {
    let log: MDB_dbi
    let streams: MDB_dbi
    let eventIDs: MDB_dbi
    let byType: MDB_dbi
    let byActor: MDB_dbi
    let byTime: MDB_dbi
    let byCorrelation: MDB_dbi
    let meta: MDB_dbi

    static let databaseCount: UInt32 = 8
    static let magic = Array("orchestrator-event-store".utf8)
    /// Present in `meta` from the start of a bulk load until its indexes are written.
    static let bulkLoadKey = Array("bulk_load".utf8)
    /// Format 1: the layout above with StoredEvent fields 1–12, every index written per commit.
    /// Format 2: the same, the secondary indexes trailing the log up to "indexed_through".
    static let format: UInt32 = 2
    /// Longest stream id, type or actor in bytes (LMDB keys are at most 511 bytes).
    static let maxNameBytes = 400

    static let dupFixed = UInt32(MDB_DUPSORT) | UInt32(MDB_DUPFIXED)

    /// Opens every database, creating them when `create` (the environment must be writable then).
    static func open(in env: LMDBEnvironment, create: Bool) throws -> StoreLayout {
        StoreLayout(
            log: try env.openDatabase("log", create: create),
            streams: try env.openDatabase("streams", flags: dupFixed, create: create),
            eventIDs: try env.openDatabase("event_ids", create: create),
            byType: try env.openDatabase("by_type", flags: dupFixed, create: create),
            byActor: try env.openDatabase("by_actor", flags: dupFixed, create: create),
            byTime: try env.openDatabase("by_time", flags: dupFixed, create: create),
            byCorrelation: try env.openDatabase("by_correlation", flags: dupFixed, create: create),
            meta: try env.openDatabase("meta", create: create)
        )
    }

    /// The `by_time` key for a time: sign-flipped so negative times sort before positive ones.
    static func timeKey(_ ms: Int64) -> [UInt8] {
        BigEndian.bytes(UInt64(bitPattern: ms) ^ (1 << 63))
    }

    /// The time a `by_time` key stands for.
    static func time(ofKey key: UnsafeRawBufferPointer) -> Int64 {
        Int64(bitPattern: BigEndian.uint64(key) ^ (1 << 63))
    }

    /// Runs `body` with the `by_time` key for a time, on the stack.
    @inline(__always)
    static func withTimeKey<T>(_ ms: Int64, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try BigEndian.withBytes(UInt64(bitPattern: ms) ^ (1 << 63), body)
    }

    /// A `streams` value: revision then position.
    static func streamEntry(revision: UInt64, position: UInt64) -> [UInt8] {
        var bytes = BigEndian.bytes(revision)
        BigEndian.append(position, to: &bytes)
        return bytes
    }
}

extension Array where Element == UInt8 {
    /// Runs `body` with the bytes as a raw buffer (shorthand for LMDB calls).
    @inline(__always)
    func withRaw<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try withUnsafeBytes(body)
    }
}
