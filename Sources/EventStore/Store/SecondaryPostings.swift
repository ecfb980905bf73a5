import CLMDB
import Foundation

/// The stream, type, actor, time and correlation entries of a stretch of the log, gathered by
/// key and written as stream runs and posting lists (ADR 0009): one write per key instead of one
/// put per event.
///
/// Events must be added in position order, after every position already indexed. Keys are
/// written in byte order, so what is written does not depend on the hash seed.
struct SecondaryPostings: Sendable {
    private var streams = KeyedPositions<String, StreamEntry>()
    private var types = KeyedPositions<String, PostingList.Entry>()
    private var actors = KeyedPositions<String, PostingList.Entry>()
    private var correlations = KeyedPositions<UUID, PostingList.Entry>()
    private var seconds = KeyedPositions<Int64, PostingList.Entry>()

    /// An event's place in its stream.
    struct StreamEntry {
        var position: UInt64
        var revision: UInt64
    }
    /// The first position added (nil: none).
    private(set) var firstPosition: UInt64?

    mutating func add(position: UInt64, stream: String, revision: UInt64, type: String, actor: String, recordedAtMs: Int64, correlationID: UUID?) {
        if firstPosition == nil { firstPosition = position }
        streams.add(stream, StreamEntry(position: position, revision: revision))
        types.add(type, PostingList.Entry(position: position))
        actors.add(actor, PostingList.Entry(position: position))
        let (second, offset) = StoreLayout.timeBucket(recordedAtMs)
        seconds.add(second, PostingList.Entry(position: position, offset: offset))
        if let correlationID { correlations.add(correlationID, PostingList.Entry(position: position)) }
    }

    /// Adds `later`'s entries, which all come after these.
    mutating func append(_ later: SecondaryPostings) {
        if firstPosition == nil { firstPosition = later.firstPosition }
        streams.append(later.streams)
        types.append(later.types)
        actors.append(later.actors)
        correlations.append(later.correlations)
        seconds.append(later.seconds)
    }

    /// Appends every stream's runs and every key's entries to its list.
    func write(layout: StoreLayout, txn: WriteTransaction) throws {
        for (stream, entries) in streams.sorted(by: { Array($0.utf8) }) {
            try Self.writeRuns(of: stream, entries, layout: layout, txn: txn)
        }
        for (type, entries) in types.sorted(by: { Array($0.utf8) }) {
            try type.withUTF8Bytes { try PostingList.append(entries, key: $0, dbi: layout.byType, timed: false, txn: txn) }
        }
        for (actor, entries) in actors.sorted(by: { Array($0.utf8) }) {
            try actor.withUTF8Bytes { try PostingList.append(entries, key: $0, dbi: layout.byActor, timed: false, txn: txn) }
        }
        for (second, entries) in seconds.sorted(by: { key in StoreLayout.withSecondKey(key) { Array($0) } }) {
            try StoreLayout.withSecondKey(second) { try PostingList.append(entries, key: $0, dbi: layout.byTime, timed: true, txn: txn) }
        }
        for (id, entries) in correlations.sorted(by: { Array($0.bytes) }) {
            try withUnsafeBytes(of: id.uuid) { try PostingList.append(entries, key: $0, dbi: layout.byCorrelation, timed: false, txn: txn) }
        }
    }
}

extension SecondaryPostings {
    /// A stream's entries (positions rising) as runs: the first extends the stream's stored last
    /// run when it follows it, each later one starts where the one before breaks.
    static func writeRuns(of stream: String, _ entries: [StreamEntry], layout: StoreLayout, txn: WriteTransaction) throws {
        var runs: [StreamRuns.Run] = []
        for entry in entries {
            if let last = runs.last, last.isContinued(byPosition: entry.position, revision: entry.revision) {
                runs[runs.count - 1].count += 1
            } else {
                runs.append(StreamRuns.Run(firstRevision: entry.revision, firstPosition: entry.position, count: 1))
            }
        }
        guard let first = runs.first else { return }
        let stored = try StreamRuns.lastRun(of: stream, layout: layout, txn: txn)
        try StreamRuns.add(stream, firstRevision: first.firstRevision, firstPosition: first.firstPosition, count: first.count,
                           after: stored, layout: layout, txn: txn)
        for run in runs.dropFirst() {
            try run.withValue { value in try stream.withUTF8Bytes { try txn.put(layout.streamRuns, key: $0, value: value, flags: MDB_APPENDDUP) } }
        }
    }
}

/// Entries gathered per key, keys numbered in the order first seen; the last key's slot is
/// remembered, since neighbouring events often share one.
struct KeyedPositions<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private var index: [Key: Int] = [:]
    private var keys: [Key] = []
    private var entries: [[Value]] = []
    /// The slots of the last two keys added (-1: none), compared in place (no copy of the key):
    /// neighbouring events mostly share a key, or alternate between two.
    private var lastSlot = -1, otherSlot = -1

    mutating func add(_ key: Key, _ entry: Value) {
        if lastSlot < 0 || keys[lastSlot] != key {
            let slot = otherSlot >= 0 && keys[otherSlot] == key ? otherSlot : slot(of: key)
            (otherSlot, lastSlot) = (lastSlot, slot)
        }
        entries[lastSlot].append(entry)
    }

    /// Adds `later`'s entries, which all come after these, key by key.
    mutating func append(_ later: KeyedPositions) {
        for (key, added) in zip(later.keys, later.entries) { entries[slot(of: key)].append(contentsOf: added) }
        (lastSlot, otherSlot) = (-1, -1)
    }

    /// The key's slot, made when new. A handful of keys are searched in turn (comparing strings
    /// that share storage costs next to nothing), more through the dictionary.
    private mutating func slot(of key: Key) -> Int {
        if keys.count <= 8 {
            if let found = keys.firstIndex(of: key) { return found }
        } else if let found = index[key] {
            return found
        }
        let slot = keys.count
        keys.append(key)
        entries.append([])
        if keys.count > 8 {
            if index.isEmpty { for (slot, key) in keys.enumerated() { index[key] = slot } } else { index[key] = slot }
        }
        return slot
    }

    /// Every key with its entries, keys in the byte order of `bytes` (LMDB's key order).
    func sorted(by bytes: (Key) -> [UInt8]) -> [(Key, [Value])] {
        let order = keys.map(bytes)
        return keys.indices
            .sorted { order[$0].lexicographicallyPrecedes(order[$1]) }
            .map { (keys[$0], entries[$0]) }
    }
}
