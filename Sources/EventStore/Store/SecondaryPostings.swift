import CLMDB
import Foundation

/// The stream, type, actor, time and correlation entries of a stretch of the log, gathered by
/// key and written as stream runs and posting lists (ADR 0009): one write per key instead of one
/// put per event.
///
/// Events must be added in position order, after every position already indexed. Keys are
/// written in byte order, so what is written does not depend on the hash seed.
struct SecondaryPostings: Sendable {
    /// An event's entries: its place, its time and its keys' slots (-1: no correlation id).
    private struct Row {
        var position: UInt64
        var revision: UInt64
        var offset: UInt32
        var stream: Int32, type: Int32, actor: Int32, second: Int32, correlation: Int32
    }

    /// One row per event, in position order: adding an event appends one row, and the rows are
    /// grouped by key when written (measured against a list per key, each grown and checked for
    /// uniqueness per entry: 2–4% more batched appends per second, see docs/performance.md).
    private var rows: [Row] = []
    private var streams = KeySlots<String>()
    private var types = KeySlots<String>()
    private var actors = KeySlots<String>()
    private var seconds = KeySlots<Int64>()
    private var correlations = KeySlots<UUID>()

    /// An event's place in its stream.
    struct StreamEntry {
        var position: UInt64
        var revision: UInt64
    }
    /// The first position added (nil: none).
    var firstPosition: UInt64? { rows.first?.position }

    mutating func add(position: UInt64, stream: String, revision: UInt64, type: String, actor: String, recordedAtMs: Int64, correlationID: UUID?) {
        let (second, offset) = StoreLayout.timeBucket(recordedAtMs)
        rows.append(Row(
            position: position, revision: revision, offset: offset,
            stream: streams.slot(of: stream), type: types.slot(of: type), actor: actors.slot(of: actor),
            second: seconds.slot(of: second), correlation: correlationID.map { correlations.slot(of: $0) } ?? -1
        ))
    }

    /// Adds `later`'s entries, which all come after these.
    mutating func append(_ later: SecondaryPostings) {
        let stream = later.streams.keys.map { streams.slot(of: $0) }
        let type = later.types.keys.map { types.slot(of: $0) }
        let actor = later.actors.keys.map { actors.slot(of: $0) }
        let second = later.seconds.keys.map { seconds.slot(of: $0) }
        let correlation = later.correlations.keys.map { correlations.slot(of: $0) }
        for row in later.rows {
            rows.append(Row(
                position: row.position, revision: row.revision, offset: row.offset,
                stream: stream[Int(row.stream)], type: type[Int(row.type)], actor: actor[Int(row.actor)],
                second: second[Int(row.second)], correlation: row.correlation < 0 ? -1 : correlation[Int(row.correlation)]
            ))
        }
    }

    /// Appends every stream's runs and every key's entries to its list.
    func write(layout: StoreLayout, txn: WriteTransaction) throws {
        try txn.withCursor(layout.streamRuns) { cursor in
            for (stream, entries) in grouped(streams, by: { $0.stream }, bytes: { Array($0.utf8) }, { StreamEntry(position: $0.position, revision: $0.revision) }) {
                try stream.withUTF8Bytes { try StreamRuns.append(Self.runs(of: entries), key: $0, cursor: cursor) }
            }
        }
        let entry = { (row: Row) in PostingList.Entry(position: row.position) }
        for (type, entries) in grouped(types, by: { $0.type }, bytes: { Array($0.utf8) }, entry) {
            try type.withUTF8Bytes { try PostingList.append(entries, key: $0, dbi: layout.byType, timed: false, txn: txn) }
        }
        for (actor, entries) in grouped(actors, by: { $0.actor }, bytes: { Array($0.utf8) }, entry) {
            try actor.withUTF8Bytes { try PostingList.append(entries, key: $0, dbi: layout.byActor, timed: false, txn: txn) }
        }
        let timed = { (row: Row) in PostingList.Entry(position: row.position, offset: row.offset) }
        for (second, entries) in grouped(seconds, by: { $0.second }, bytes: { key in StoreLayout.withSecondKey(key) { Array($0) } }, timed) {
            try StoreLayout.withSecondKey(second) { try PostingList.append(entries, key: $0, dbi: layout.byTime, timed: true, txn: txn) }
        }
        for (id, entries) in grouped(correlations, by: { $0.correlation }, bytes: { Array($0.bytes) }, entry) {
            try withUnsafeBytes(of: id.uuid) { try PostingList.append(entries, key: $0, dbi: layout.byCorrelation, timed: false, txn: txn) }
        }
    }

    /// Each key of `slots` with its rows' values in position order, keys in the byte order of
    /// `bytes` (LMDB's key order): the rows sorted by slot (counting, stable) into one array.
    /// Inlined into each caller, whose closures then inline into its loops (measured: 4% more
    /// batched appends per second than one shared copy calling them).
    @inline(__always)
    private func grouped<Key, Value>(
        _ slots: KeySlots<Key>, by slot: (Row) -> Int32, bytes: (Key) -> [UInt8], _ value: (Row) -> Value
    ) -> [(Key, ArraySlice<Value>)] {
        guard !slots.keys.isEmpty else { return [] }
        var starts = [Int](repeating: 0, count: slots.keys.count + 1)
        for row in rows where slot(row) >= 0 { starts[Int(slot(row)) + 1] += 1 }
        for index in slots.keys.indices { starts[index + 1] += starts[index] }
        let count = starts[slots.keys.count]
        // Unsafe buffer: each of the `count` places is initialized exactly once, since `starts`
        // counted the rows of each slot before they are placed.
        let placed = [Value](unsafeUninitializedCapacity: count) { buffer, initialized in
            var next = starts
            for row in rows where slot(row) >= 0 {
                let at = Int(slot(row))
                (buffer.baseAddress! + next[at]).initialize(to: value(row))
                next[at] += 1
            }
            initialized = count
        }
        let order = slots.keys.map(bytes)
        return slots.keys.indices
            .sorted { order[$0].lexicographicallyPrecedes(order[$1]) }
            .map { (slots.keys[$0], placed[starts[$0]..<starts[$0 + 1]]) }
    }
}

extension SecondaryPostings {
    /// A stream's entries (positions rising) as runs: each starts where the one before breaks.
    static func runs(of entries: some Sequence<StreamEntry>) -> [StreamRuns.Run] {
        var runs: [StreamRuns.Run] = []
        for entry in entries {
            if let last = runs.last, last.isContinued(byPosition: entry.position, revision: entry.revision) {
                runs[runs.count - 1].count += 1
            } else {
                runs.append(StreamRuns.Run(firstRevision: entry.revision, firstPosition: entry.position, count: 1))
            }
        }
        return runs
    }
}
