import CLMDB
import Foundation

/// Where an event id is stored (ADR 0009), for idempotent appends, without an entry per event.
///
/// An event whose id is time-ordered (UUID version 7) and beyond every such id before it in the
/// log (every one drawn later is) is *chained*: the chained events' ids rise with their
/// positions, so they need no entry of their own. `id_marks` records, at every `markSpacing`-th
/// position, the greatest chained id up to there; a stored chained id lies within the
/// `markSpacing` positions before the first mark that reaches it, or after the last mark. Every
/// other event (an id from a clock behind, a random id) has its entry in `event_ids`, as every
/// event had before. Random ids never join the chain, so one cannot cut every later id out of it.
///
/// Ids are compared as `event_ids` sorts them: their 16 bytes, as two big-endian words.
enum EventIDIndex {
    typealias Words = (UInt64, UInt64)

    /// The chain through the log's time-ordered ids: the greatest so far, and which ids extend it.
    struct Chain {
        private(set) var greatest: Words?

        init(greatest: Words? = nil) { self.greatest = greatest }

        /// Whether `id` extends the chain (it becomes the greatest), or needs an entry.
        mutating func extend(with id: Words) -> Bool {
            guard wouldExtend(id) else { return false }
            greatest = id
            return true
        }

        /// Whether `id` would extend the chain now.
        func wouldExtend(_ id: Words) -> Bool {
            EventIDIndex.isTimeOrdered(id) && (greatest.map { $0 < id } ?? true)
        }

        /// What a mark records: the greatest chained id, (0, 0) while there is none.
        var mark: Words { greatest ?? (0, 0) }
    }

    /// Whether the id is a UUID version 7.
    static func isTimeOrdered(_ id: Words) -> Bool { (id.0 >> 12) & 0xF == 7 }

    static let markSpacing: UInt64 = 64

    /// The chain through the log's positions 1...`last`: the last mark, then the records after it.
    static func chain(through last: UInt64, layout: StoreLayout, txn: some TransactionReading) throws -> Chain {
        let markPosition = last - last % markSpacing
        let marked = markPosition > 0 ? try mark(at: markPosition, layout: layout, txn: txn) : nil
        var chain = Chain(greatest: marked.flatMap { $0 == (0, 0) ? nil : $0 })
        try forEachID(after: markPosition, through: last, layout: layout, txn: txn) { id, _ in
            _ = chain.extend(with: id)
            return true
        }
        return chain
    }

    /// The position of `id` in the log's positions 1...`last`, or nil when it is not stored.
    static func position(of id: UUID, through last: UInt64, layout: StoreLayout, txn: some TransactionReading) throws -> UInt64? {
        let stored = try withUnsafeBytes(of: id.uuid) { key in try txn.get(layout.eventIDs, key: key).map { BigEndian.uint64($0) } }
        if let stored { return stored }
        let wanted = id.words
        guard isTimeOrdered(wanted) else { return nil }
        // A chained id: after the last mark below it, up to the first mark that reaches it.
        var low: UInt64 = 1, high = last / markSpacing + 1
        while low < high {
            let middle = low + (high - low) / 2
            if middle * markSpacing <= last, let reached = try mark(at: middle * markSpacing, layout: layout, txn: txn), reached < wanted {
                low = middle + 1
            } else {
                high = middle
            }
        }
        let from = (low - 1) * markSpacing
        var found: UInt64?
        try forEachID(after: from, through: min(from + markSpacing, last), layout: layout, txn: txn) { candidate, position in
            if candidate == wanted { found = position }
            return found == nil
        }
        return found
    }

    /// The mark at `position` (a multiple of `markSpacing`): the greatest chained id up to it.
    static func mark(at position: UInt64, layout: StoreLayout, txn: some TransactionReading) throws -> Words? {
        try BigEndian.withBytes(position) { key in
            try txn.get(layout.idMarks, key: key).map { value in
                guard value.count == 16 else { throw PostingList.Malformed(why: "an id mark of \(value.count) bytes") }
                return (BigEndian.uint64(value), BigEndian.uint64(value, at: 8))
            }
        }
    }

    static func putMark(_ chain: Chain, at position: UInt64, layout: StoreLayout, txn: WriteTransaction) throws {
        let mark = chain.mark
        try BigEndian.withBytes(position) { key in
            try BigEndian.withBytes(mark.0, mark.1) { try txn.put(layout.idMarks, key: key, value: $0, flags: MDB_APPEND) }
        }
    }

    /// Calls `body` with the id and position of each record in `(after, through]`, while it returns true.
    private static func forEachID(
        after first: UInt64, through last: UInt64, layout: StoreLayout, txn: some TransactionReading, _ body: (Words, UInt64) -> Bool
    ) throws {
        guard last > first else { return }
        try txn.withCursor(layout.log) { cursor in
            var entry = try BigEndian.withBytes(first + 1) { try cursor.get(MDB_SET_KEY, key: $0) }
            while let current = entry {
                let position = BigEndian.uint64(current.key)
                guard position <= last else { return }
                guard let id = try EventDecoder.eventID(current.value) else {
                    throw EventCodec.DecodingProblem(detail: "the record at position \(position) has no event id")
                }
                guard body(id.words, position) else { return }
                entry = try cursor.get(MDB_NEXT)
            }
        }
    }
}
