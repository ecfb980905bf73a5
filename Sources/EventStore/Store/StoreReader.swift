import CLMDB

/// Reads from the log and its indexes inside a transaction the caller holds.
enum StoreReader {
    /// The last used position, or 0 for an empty log.
    static func lastPosition(layout: StoreLayout, txn: some TransactionReading) throws -> UInt64 {
        try txn.withCursor(layout.log) { cursor in
            try cursor.get(MDB_LAST).map { BigEndian.uint64($0.key) } ?? 0
        }
    }

    /// The stream's last revision, or nil when the stream does not exist: its last event after the
    /// mark (read from the log), else its last run.
    static func lastRevision(of stream: String, layout: StoreLayout, txn: some TransactionReading) throws -> UInt64? {
        var trailing: UInt64?
        try IndexTrail.forEachTrailing(layout: layout, txn: txn) { event in
            if event.stream == stream { trailing = event.revision }
        }
        if let trailing { return trailing }
        return try StreamRuns.lastRun(of: stream, logEnd: lastPosition(layout: layout, txn: txn), layout: layout, txn: txn)?.lastRevision
    }

    /// The event at a global position, or nil.
    static func event(at position: UInt64, layout: StoreLayout, txn: some TransactionReading) throws -> RecordedEvent? {
        try BigEndian.withBytes(position) { key in
            try txn.get(layout.log, key: key).map { try EventCodec.decode($0) }
        }
    }

    /// The events at `positions`, in that order, through one log cursor and one decoder (so nearby
    /// positions share pages and repeated names share strings). `missing` explains an absent one.
    static func events(
        at positions: [UInt64], layout: StoreLayout, txn: some TransactionReading, missing: (UInt64) -> Error
    ) throws -> [RecordedEvent] {
        guard !positions.isEmpty else { return [] }
        return try txn.withCursor(layout.log) { cursor in
            var decoder = EventDecoder()
            var out: [RecordedEvent] = []
            out.reserveCapacity(positions.count)
            for position in positions {
                guard let entry = try BigEndian.withBytes(position, { try cursor.get(MDB_SET_KEY, key: $0) }) else {
                    throw missing(position)
                }
                out.append(try decoder.decode(entry.value))
            }
            return out
        }
    }

    /// Events of a stream from `revision`, forward or backward, at most `limit`: its runs, and its
    /// events after the mark read from the log unless `trailing` is false (the writer knows it
    /// has none). Backward from past the end starts at the end.
    static func stream(
        _ stream: String, from revision: UInt64?, backward: Bool, limit: Int, trailing: Bool = true,
        layout: StoreLayout, txn: some TransactionReading
    ) throws -> [RecordedEvent] {
        var trail: [(revision: UInt64, position: UInt64)] = []
        if trailing {
            try IndexTrail.forEachTrailing(layout: layout, txn: txn) { event in
                if event.stream == stream { trail.append((event.revision, event.position)) }
            }
        }
        // Every trailing revision comes after every indexed one.
        let logEnd = try lastPosition(layout: layout, txn: txn)
        var positions: [UInt64]
        if backward {
            positions = trail.reversed().filter { revision == nil || $0.revision <= revision! }.prefix(limit).map(\.position)
            let indexedFrom: UInt64? = trail.first.map { first in first.revision == 0 ? nil : min(revision ?? .max, first.revision - 1) } ?? revision
            if positions.count < limit, trail.first?.revision != 0 {
                positions += try StreamRuns.positions(of: stream, from: indexedFrom, backward: true, limit: limit - positions.count, logEnd: logEnd, layout: layout, txn: txn)
            }
        } else {
            positions = try StreamRuns.positions(of: stream, from: revision, backward: false, limit: limit, logEnd: logEnd, layout: layout, txn: txn)
            positions += trail.lazy.filter { revision == nil || $0.revision >= revision! }.prefix(limit - positions.count).map(\.position)
        }
        return try events(at: positions, layout: layout, txn: txn) { position in
            EventCodec.DecodingProblem(detail: "stream index of '\(stream)' points at missing position \(position)")
        }
    }

    /// Up to `limit` events of the log from `position` on.
    static func log(from position: UInt64, limit: Int, layout: StoreLayout, txn: some TransactionReading) throws -> [RecordedEvent] {
        var out: [RecordedEvent] = []
        var decoder = EventDecoder()
        try log(from: position, limit: limit, into: &out, decoder: &decoder, layout: layout, txn: txn)
        return out
    }

    /// Appends up to `limit` events of the log from `position` on to `out`, decoding with `decoder`
    /// (a caller paging through the log reuses both, so pages cost no new buffer and share strings).
    static func log(
        from position: UInt64, limit: Int, into out: inout [RecordedEvent], decoder: inout EventDecoder,
        layout: StoreLayout, txn: some TransactionReading
    ) throws {
        _ = try scanLog(from: position, limit: limit, decoder: &decoder, layout: layout, txn: txn) { out.append(RecordedEvent(copying: $0)) }
    }

    /// What one stretch of a log scan covered: how many events, and the last one's position (0 for none).
    struct ScannedStretch {
        var count = 0
        var lastPosition: UInt64 = 0
    }

    /// How many entries a log scan walks ahead of its decoding.
    static let scanLookahead = 16

    /// Lends `body` a view of each of up to `limit` events of the log from `position` on, decoded in
    /// place with `decoder`. The views' payloads point into `txn`'s snapshot: `body` must not keep them.
    ///
    /// The cursor walks `scanLookahead` entries ahead of the decoding and asks the CPU to prefetch
    /// each record's cache lines as it finds them, so the memory of later records arrives while
    /// earlier ones decode. Decoding each record as the cursor reaches it waited for its memory
    /// record by record (measured: most of a full scan's time). The cursor's own steps wait too,
    /// on each node of a page it has just entered; when it enters one, the whole page and the
    /// next are prefetched (measured: 12–15% more engine events/s, see docs/performance.md).
    static func scanLog(
        from position: UInt64, limit: Int, decoder: inout EventDecoder,
        layout: StoreLayout, txn: some TransactionReading, _ body: (borrowing RecordedEventView) throws -> Void
    ) throws -> ScannedStretch {
        try txn.withCursor(layout.log) { cursor in
            try withUnsafeTemporaryAllocation(of: (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer).self, capacity: scanLookahead) { ring in
                // Unsafe buffer: stack memory for `scanLookahead` entries, used as a ring: `first`
                // is the oldest entry found and not yet decoded, `waiting` how many follow it; only
                // those (initialized) slots are read. Entries are trivial pointer pairs into the
                // map, valid while `txn` is open.
                var stretch = ScannedStretch()
                var first = 0, waiting = 0
                var lastPage: UInt = 0
                let pageSize = UInt(layout.pageSize)
                var entry = try BigEndian.withBytes(max(position, 1)) { try cursor.get(MDB_SET_RANGE, key: $0) }
                // The log's keys run without gaps. One that does not is a damaged page: stop
                // there, before LMDB follows what the damage points at (it does not check).
                var expected = entry.map { $0.key.count == 8 ? BigEndian.uint64($0.key) : 0 } ?? 0
                while true {
                    while let current = entry, waiting < scanLookahead, stretch.count + waiting < limit {
                        guard current.key.count == 8, expected > 0, BigEndian.uint64(current.key) == expected else {
                            throw Self.brokenLog(found: current.key, expected: expected)
                        }
                        expected += 1
                        ring.initializeElement(at: (first + waiting) % scanLookahead, to: current)
                        // A record in a page not seen before: the cursor's next steps read that
                        // page's other nodes and then, mostly, the next page's.
                        if let base = current.value.baseAddress, UInt(bitPattern: base) & ~(pageSize - 1) != lastPage {
                            lastPage = UInt(bitPattern: base) & ~(pageSize - 1)
                            prefetch(page: lastPage, size: pageSize)
                            prefetch(page: lastPage + pageSize, size: pageSize)
                        }
                        prefetch(current.value)
                        waiting += 1
                        entry = try cursor.get(MDB_NEXT)
                    }
                    guard waiting > 0 else { return stretch }
                    let next = ring[first]
                    first = (first + 1) % scanLookahead
                    waiting -= 1
                    try body(try decoder.view(next.value))
                    stretch.count += 1
                    stretch.lastPosition = BigEndian.uint64(next.key)
                }
            }
        }
    }

    /// A log key out of sequence: where the log's pages are damaged.
    private static func brokenLog(found key: UnsafeRawBufferPointer, expected: UInt64) -> EventCodec.DecodingProblem {
        let found = key.count == 8 ? "position \(BigEndian.uint64(key))" : "a key of \(key.count) bytes"
        return EventCodec.DecodingProblem(detail: expected > 1 ? "the log holds \(found) after position \(expected - 1)" : "the log starts with \(found)")
    }

    /// Prefetches every cache line of the page at address `page`. A hint by address: nothing is
    /// read, and a prefetch never faults, also past the end of the map.
    @inline(__always)
    private static func prefetch(page: UInt, size: UInt) {
        var offset: UInt = 0
        while offset < size {
            orchestrator_prefetch(UnsafeRawPointer(bitPattern: page + offset))
            offset += 64
        }
    }

    /// Prefetches every cache line of a record. Unsafe pointer: only addresses inside `bytes`.
    @inline(__always)
    private static func prefetch(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        var offset = 0
        while offset < bytes.count {
            orchestrator_prefetch(base + offset)
            offset += 64
        }
        orchestrator_prefetch(base + (bytes.count - 1))
    }

    /// The positions of indexed events recorded in `[from, until)` (milliseconds) at or after
    /// `position`: the `limit` lowest, ascending. No event is decoded, and at most twice `limit`
    /// positions are held at once.
    static func lowestTimedPositions(
        recordedFrom from: Int64, until: Int64, atOrAfter position: UInt64, limit: Int,
        layout: StoreLayout, txn: some TransactionReading
    ) throws -> [UInt64] {
        guard limit > 0 else { return [] }
        let held = limit > Int.max / 2 ? Int.max : limit * 2
        var kept: [UInt64] = []
        func keepLowest() {
            kept.sort()
            if kept.count > limit { kept.removeLast(kept.count - limit) }
        }
        try forEachTimedPosition(recordedFrom: from, until: until, layout: layout, txn: txn) { found in
            guard found >= position else { return }
            kept.append(found)
            if kept.count >= held { keepLowest() }
        }
        keepLowest()
        return kept
    }

    /// The lowest and highest positions at or after `position` of indexed events recorded in
    /// `[from, until)`, or nil when there are none. No event is decoded.
    static func timedPositionRange(
        recordedFrom from: Int64, until: Int64, atOrAfter position: UInt64, layout: StoreLayout, txn: some TransactionReading
    ) throws -> ClosedRange<UInt64>? {
        var (lowest, highest) = (UInt64.max, UInt64.min)
        try forEachTimedPosition(recordedFrom: from, until: until, layout: layout, txn: txn) { found in
            guard found >= position else { return }
            (lowest, highest) = (min(lowest, found), max(highest, found))
        }
        return lowest <= highest ? lowest...highest : nil
    }

    /// Calls `body` with the position of every indexed event recorded in `[from, until)`, in no
    /// particular order: every list of the range's seconds is read, since a time says nothing of a
    /// position.
    private static func forEachTimedPosition(
        recordedFrom from: Int64, until: Int64, layout: StoreLayout, txn: some TransactionReading, _ body: (UInt64) -> Void
    ) throws {
        try forEachTimedSecond(recordedFrom: from, until: until, layout: layout, txn: txn) { entries in
            for entry in entries { body(entry.position) }
            return true
        }
    }

    /// Calls `body` with each second's indexed events recorded in `[from, until)` (their times and
    /// positions, in the order the lists hold them), second by second, while it returns true.
    private static func forEachTimedSecond(
        recordedFrom from: Int64, until: Int64, layout: StoreLayout, txn: some TransactionReading,
        _ body: ([(ms: Int64, position: UInt64)]) -> Bool
    ) throws {
        guard from < until else { return }
        let lastSecond = StoreLayout.timeBucket(until - 1).second
        try txn.withCursor(layout.byTime) { cursor in
            var found: [(ms: Int64, position: UInt64)] = []
            var entry = try StoreLayout.withSecondKey(StoreLayout.timeBucket(from).second) { try cursor.get(MDB_SET_RANGE, key: $0) }
            while let current = entry {
                let second = StoreLayout.second(ofKey: current.key)
                guard second <= lastSecond else { break }
                found.removeAll(keepingCapacity: true)
                var value: (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)? = current
                while let list = value {
                    try PostingList.forEach(in: list.value, timed: true) { entry in
                        let ms = second * 1000 + Int64(entry.offset)
                        if ms >= from && ms < until { found.append((ms, entry.position)) }
                    }
                    value = try cursor.get(MDB_NEXT_DUP)
                }
                guard body(found), second < lastSecond else { break }
                entry = try StoreLayout.withSecondKey(second + 1) { try cursor.get(MDB_SET_RANGE, key: $0) }
            }
        }
    }

    /// Indexed events recorded in `[from, until)` (milliseconds): their times and positions, in
    /// time order (then position order), at most `limit`. Each second's list is read whole and
    /// sorted, since one second's events may have been indexed in any time order.
    static func timedPositions(
        recordedFrom from: Int64, until: Int64, limit: Int, layout: StoreLayout, txn: some TransactionReading
    ) throws -> [(ms: Int64, position: UInt64)] {
        guard limit > 0 else { return [] }
        var out: [(ms: Int64, position: UInt64)] = []
        try forEachTimedSecond(recordedFrom: from, until: until, layout: layout, txn: txn) { entries in
            out.append(contentsOf: entries.sorted { $0.ms != $1.ms ? $0.ms < $1.ms : $0.position < $1.position }.prefix(limit - out.count))
            return out.count < limit
        }
        return out
    }
}
