import CLMDB

/// Reads from the log and its indexes inside a transaction the caller holds.
enum StoreReader {
    /// The last used position, or 0 for an empty log.
    static func lastPosition(layout: StoreLayout, txn: some TransactionReading) throws -> UInt64 {
        try txn.withCursor(layout.log) { cursor in
            try cursor.get(MDB_LAST).map { BigEndian.uint64($0.key) } ?? 0
        }
    }

    /// The stream's last revision, or nil when the stream does not exist.
    static func lastRevision(of stream: String, layout: StoreLayout, txn: some TransactionReading) throws -> UInt64? {
        try txn.withCursor(layout.streams) { cursor in
            try Array(stream.utf8).withRaw { key in
                guard try cursor.get(MDB_SET, key: key) != nil else { return nil }
                return try cursor.get(MDB_LAST_DUP).map { BigEndian.uint64($0.value) }
            }
        }
    }

    /// The event at a global position, or nil.
    static func event(at position: UInt64, layout: StoreLayout, txn: some TransactionReading) throws -> RecordedEvent? {
        try BigEndian.bytes(position).withRaw { key in
            try txn.get(layout.log, key: key).map { try EventCodec.decode($0) }
        }
    }

    /// Events of a stream from `revision`, forward or backward, at most `limit`.
    static func stream(
        _ stream: String, from revision: UInt64?, backward: Bool, limit: Int,
        layout: StoreLayout, txn: some TransactionReading
    ) throws -> [RecordedEvent] {
        let positions: [UInt64] = try txn.withCursor(layout.streams) { cursor in
            try Array(stream.utf8).withRaw { key in
                guard try cursor.get(MDB_SET, key: key) != nil else { return [] }
                var entry: (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)?
                if let revision {
                    entry = try StoreLayout.streamEntry(revision: revision, position: 0).withRaw {
                        try cursor.get(MDB_GET_BOTH_RANGE, key: key, value: $0)
                    }
                    if backward {
                        if entry == nil {
                            entry = try cursor.get(MDB_LAST_DUP)
                        } else if let found = entry, BigEndian.uint64(found.value) > revision {
                            entry = try cursor.get(MDB_PREV_DUP)
                        }
                    }
                } else {
                    entry = try cursor.get(backward ? MDB_LAST_DUP : MDB_FIRST_DUP)
                }
                var out: [UInt64] = []
                while let current = entry, out.count < limit {
                    out.append(BigEndian.uint64(current.value, at: 8))
                    entry = try cursor.get(backward ? MDB_PREV_DUP : MDB_NEXT_DUP)
                }
                return out
            }
        }
        return try positions.map { position in
            guard let event = try event(at: position, layout: layout, txn: txn) else {
                throw EventCodec.DecodingProblem(detail: "stream index of '\(stream)' points at missing position \(position)")
            }
            return event
        }
    }

    /// Up to `limit` events of the log from `position` on.
    static func log(from position: UInt64, limit: Int, layout: StoreLayout, txn: some TransactionReading) throws -> [RecordedEvent] {
        try txn.withCursor(layout.log) { cursor in
            var out: [RecordedEvent] = []
            var entry = try BigEndian.bytes(max(position, 1)).withRaw { try cursor.get(MDB_SET_RANGE, key: $0) }
            while let current = entry, out.count < limit {
                out.append(try EventCodec.decode(current.value))
                entry = try cursor.get(MDB_NEXT)
            }
            return out
        }
    }

    /// Positions under one key of a dupsort position index, from `position` on, at most `limit`.
    static func positions(
        in dbi: MDB_dbi, key: [UInt8], from position: UInt64, limit: Int, txn: some TransactionReading
    ) throws -> [UInt64] {
        try txn.withCursor(dbi) { cursor in
            try key.withRaw { key in
                guard try cursor.get(MDB_SET, key: key) != nil else { return [] }
                var entry = try BigEndian.bytes(position).withRaw { try cursor.get(MDB_GET_BOTH_RANGE, key: key, value: $0) }
                var out: [UInt64] = []
                while let current = entry, out.count < limit {
                    out.append(BigEndian.uint64(current.value))
                    entry = try cursor.get(MDB_NEXT_DUP)
                }
                return out
            }
        }
    }

    /// Positions of events recorded in `[from, until)` (milliseconds), in time order, at most `limit`.
    static func positions(recordedFrom from: Int64, until: Int64, limit: Int, layout: StoreLayout, txn: some TransactionReading) throws -> [UInt64] {
        try txn.withCursor(layout.byTime) { cursor in
            var out: [UInt64] = []
            let end = StoreLayout.timeKey(until)
            var entry = try StoreLayout.timeKey(from).withRaw { try cursor.get(MDB_SET_RANGE, key: $0) }
            while let current = entry, out.count < limit {
                if current.key.lexicographicallyPrecedes(end) == false { break }
                out.append(BigEndian.uint64(current.value))
                entry = try cursor.get(MDB_NEXT)
            }
            return out
        }
    }
}
