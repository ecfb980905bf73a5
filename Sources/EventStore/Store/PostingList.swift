import CLMDB

/// The positions under one key of a secondary index (format 3, ADR 0009), kept as the key's
/// duplicate values in LMDB, each at most `maxValueBytes` long.
///
/// A value is its last position (8 bytes big-endian: duplicates sort by it, so a seek for "from
/// position p" lands on the first value that reaches p), then its entries in position order: the
/// first position as a varint, each next one as the varint of its distance from the one before.
/// In a timed list (`time_postings`, keyed by second) each position is followed by the varint of its
/// time's milliseconds into that second.
///
/// Values fill greedily in position order: one is closed only when the next entry does not fit.
/// Adding to a list reopens its last value, so a list's values depend only on its entries, never
/// on how many writes brought them: appends, imports and bulk loads write the same values.
struct PostingList {
    static let maxValueBytes = 500
    static let headerBytes = 8

    /// One entry: a position and, in a timed list, the milliseconds into its key's second.
    struct Entry: Equatable {
        var position: UInt64
        var offset: UInt32 = 0
    }

    let timed: Bool
    /// The open value's entries (without its header): the first `used` bytes. Sized once for a
    /// full value and written in place, so an entry costs one access to the array, not an append
    /// per byte (each append checks the array's uniqueness and capacity).
    private var body = [UInt8](repeating: 0, count: maxValueBytes - headerBytes)
    private var used = 0
    private var last: UInt64 = 0

    init(timed: Bool) {
        self.timed = timed
    }

    /// Adds the next entry, handing `flush` each value that fills. Positions must rise: one that
    /// does not (a damaged stored value reopened) throws `Malformed`.
    mutating func add(_ entry: Entry, flush: ([UInt8]) throws -> Void) throws {
        guard used == 0 || entry.position > last else {
            throw Malformed(why: "position \(entry.position) comes after \(last)")
        }
        var step = used == 0 ? entry.position : entry.position - last
        let offsetSize = timed ? Self.varintSize(UInt64(entry.offset)) : 0
        if used > 0 && Self.headerBytes + used + Self.varintSize(step) + offsetSize > Self.maxValueBytes {
            try flush(value())
            used = 0
            step = entry.position
        }
        // An entry takes at most 15 bytes (a 10-byte step and a 5-byte offset), and the check
        // above leaves room for it: the body holds a full value's worth past its header.
        var at = used
        body.withUnsafeMutableBufferPointer { bytes in
            Self.writeVarint(step, to: bytes, at: &at)
            if timed { Self.writeVarint(UInt64(entry.offset), to: bytes, at: &at) }
        }
        used = at
        last = entry.position
    }

    /// Hands `flush` the open value, if any, and empties the list.
    mutating func finish(flush: ([UInt8]) throws -> Void) rethrows {
        guard used > 0 else { return }
        try flush(value())
        used = 0
    }

    /// Reopens a stored last value so the next entries continue it.
    mutating func reopen(_ stored: UnsafeRawBufferPointer) throws {
        precondition(used == 0, "reopen an empty list")
        var found = false
        try Self.forEach(in: stored, timed: timed) { last = $0.position; found = true }
        guard found else { throw Malformed(why: "an empty posting list value") }
        let stretch = stored[Self.headerBytes...]
        body.replaceSubrange(0..<stretch.count, with: stretch)
        used = stretch.count
    }

    private func value() -> [UInt8] {
        var out = BigEndian.bytes(last)
        out.append(contentsOf: body[..<used])
        return out
    }

    struct Malformed: Error, CustomStringConvertible {
        let why: String
        var description: String { "a posting list value is malformed: \(why)" }
    }

    /// Calls `body` with each entry of a stored value, checking it as it goes.
    static func forEach(in value: UnsafeRawBufferPointer, timed: Bool, _ body: (Entry) throws -> Void) throws {
        guard value.count > headerBytes, value.count <= maxValueBytes else { throw Malformed(why: "\(value.count) bytes") }
        var index = headerBytes
        var position: UInt64 = 0
        while index < value.count {
            let step = try varint(value, at: &index)
            // The first position counts from 0 (positions start at 1); each next one must rise.
            let (next, overflow) = position.addingReportingOverflow(step)
            guard step > 0, !overflow else { throw Malformed(why: "positions do not rise") }
            position = next
            let offset = timed ? try varint(value, at: &index) : 0
            guard offset < 1000 else { throw Malformed(why: "a time offset of \(offset) ms") }
            try body(Entry(position: position, offset: UInt32(offset)))
        }
        guard position == BigEndian.uint64(value) else { throw Malformed(why: "its last position is not its header's") }
    }

    /// Adds `entries` (positions rising, after any already there) to `key`'s list in `dbi`,
    /// reopening its last value. A put may move the map's dirty pages: `key` must not point into it.
    static func append(
        _ entries: some Sequence<Entry>, key: UnsafeRawBufferPointer, dbi: MDB_dbi, timed: Bool, txn: WriteTransaction
    ) throws {
        var list = PostingList(timed: timed)
        let open: [UInt8]? = try txn.withCursor(dbi) { cursor in
            guard try cursor.get(MDB_SET, key: key) != nil, let last = try cursor.get(MDB_LAST_DUP),
                  last.value.count < maxValueBytes else { return nil }
            return Array(last.value)
        }
        if let open {
            try open.withRaw { try list.reopen($0) }
            try open.withRaw { try txn.delete(dbi, key: key, value: $0) }
        }
        let put: ([UInt8]) throws -> Void = { value in try value.withRaw { try txn.put(dbi, key: key, value: $0, flags: MDB_APPENDDUP) } }
        for entry in entries { try list.add(entry, flush: put) }
        try list.finish(flush: put)
    }

    /// Up to `limit` positions of `key`'s list from `position` on.
    static func positions(
        in dbi: MDB_dbi, key: UnsafeRawBufferPointer, from position: UInt64, limit: Int, txn: some TransactionReading
    ) throws -> [UInt64] {
        try txn.withCursor(dbi) { cursor in
            guard try cursor.get(MDB_SET, key: key) != nil else { return [] }
            var entry = try BigEndian.withBytes(position) { try cursor.get(MDB_GET_BOTH_RANGE, key: key, value: $0) }
            var out: [UInt64] = []
            while let current = entry, out.count < limit {
                try forEach(in: current.value, timed: false) { found in
                    if found.position >= position && out.count < limit { out.append(found.position) }
                }
                entry = try cursor.get(MDB_NEXT_DUP)
            }
            return out
        }
    }

    static func varintSize(_ value: UInt64) -> Int {
        (64 - (value | 1).leadingZeroBitCount + 6) / 7
    }

    /// Writes `value` as a varint at `index`, which it moves past; the bytes must have room.
    @inline(__always)
    private static func writeVarint(_ value: UInt64, to bytes: UnsafeMutableBufferPointer<UInt8>, at index: inout Int) {
        var value = value
        while value >= 0x80 {
            bytes[index] = UInt8(truncatingIfNeeded: value) | 0x80
            index += 1
            value >>= 7
        }
        bytes[index] = UInt8(value)
        index += 1
    }

    private static func varint(_ bytes: UnsafeRawBufferPointer, at index: inout Int) throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            guard shift < 64 else { break }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw Malformed(why: "a varint runs past its end")
    }
}
