import CLMDB

/// The `stream_runs` index (format 3, ADR 0009): per stream, its events as runs of consecutive
/// revisions at consecutive positions. An append request writes one run, and a run that the log
/// continues (the stream's last event was the log's last) is extended instead, so a stream's
/// runs depend only on where its events are, never on how the writes were split.
///
/// A run is a `dupfixed` value of 24 bytes: first revision, first position, count (each 8 bytes
/// big-endian). Duplicates sort by first revision, so a seek finds the run holding a revision.
enum StreamRuns {
    struct Run: Equatable {
        var firstRevision: UInt64
        var firstPosition: UInt64
        var count: UInt64

        var lastRevision: UInt64 { firstRevision + count - 1 }

        /// The position of `revision`, which the run must hold.
        func position(of revision: UInt64) -> UInt64 { firstPosition + (revision - firstRevision) }

        func holds(_ revision: UInt64) -> Bool { revision >= firstRevision && revision - firstRevision < count }

        /// Whether the event at `position` with `revision` comes right after the run in both.
        func isContinued(byPosition position: UInt64, revision: UInt64) -> Bool {
            firstPosition + count == position && firstRevision + count == revision
        }

        init(firstRevision: UInt64, firstPosition: UInt64, count: UInt64) {
            self.firstRevision = firstRevision
            self.firstPosition = firstPosition
            self.count = count
        }

        init(_ value: UnsafeRawBufferPointer) throws {
            guard value.count == 24 else { throw PostingList.Malformed(why: "a stream run of \(value.count) bytes") }
            self.init(firstRevision: BigEndian.uint64(value), firstPosition: BigEndian.uint64(value, at: 8), count: BigEndian.uint64(value, at: 16))
            guard count > 0 else { throw PostingList.Malformed(why: "an empty stream run") }
        }

        /// Decodes a stored run and checks it fits a log whose last position is `logEnd`: its
        /// positions from 1 up to that end, and its revisions (each at a position of its own)
        /// fewer than the positions. A damaged count would otherwise send a reader walking (and
        /// allocating) for billions of events.
        init(_ value: UnsafeRawBufferPointer, logEnd: UInt64) throws {
            try self.init(value)
            guard firstPosition >= 1, count <= logEnd, firstPosition - 1 <= logEnd - count, firstRevision <= logEnd - count else {
                throw ImpossibleRun(run: self, logEnd: logEnd)
            }
        }

        func withValue<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
            try withUnsafeBytes(of: (firstRevision.bigEndian, firstPosition.bigEndian, count.bigEndian), body)
        }
    }

    /// A stored run that reaches past the log's end: the index is damaged.
    struct ImpossibleRun: Error, CustomStringConvertible {
        let run: Run
        let logEnd: UInt64
        var description: String {
            "index stream_runs holds a run of \(run.count) events from position \(run.firstPosition) (revision \(run.firstRevision)), past the log's end at \(logEnd)"
        }
    }

    /// The stream's last run, or nil when the stream does not exist; `logEnd` is the log's last
    /// position, which no run may pass.
    static func lastRun(of stream: String, logEnd: UInt64, layout: StoreLayout, txn: some TransactionReading) throws -> Run? {
        try txn.withCursor(layout.streamRuns) { cursor in try stream.withUTF8Bytes { try lastRun(key: $0, logEnd: logEnd, cursor: cursor) } }
    }

    /// The last run under `key`, with `cursor` left on it; nil when the stream does not exist.
    private static func lastRun(key: UnsafeRawBufferPointer, logEnd: UInt64, cursor: Cursor) throws -> Run? {
        guard try cursor.get(MDB_SET, key: key) != nil, let last = try cursor.get(MDB_LAST_DUP) else { return nil }
        return try Run(last.value, logEnd: logEnd)
    }

    /// Appends `runs` (in revision order, each after every stored run) to the runs of the stream
    /// whose key is `key`, through `cursor` (on `stream_runs`, in a write transaction): the first
    /// extends the stream's stored last run instead when it continues it in the log too. One
    /// cursor for a stream's reads and writes: a catch-up after interleaved appenders puts a run
    /// per event, and `mdb_put` searched from the root for each.
    static func append(_ runs: [Run], key: UnsafeRawBufferPointer, cursor: Cursor) throws {
        guard var first = runs.first else { return }
        // Every stored run comes before the new ones, in the log too.
        if let stored = try lastRun(key: key, logEnd: first.firstPosition - 1, cursor: cursor), stored.isContinued(byPosition: first.firstPosition, revision: first.firstRevision) {
            try cursor.deleteCurrent()
            first = Run(firstRevision: stored.firstRevision, firstPosition: stored.firstPosition, count: stored.count + first.count)
        }
        try first.withValue { try cursor.put(key: key, value: $0, flags: MDB_APPENDDUP) }
        for run in runs.dropFirst() {
            try run.withValue { try cursor.put(key: key, value: $0, flags: MDB_APPENDDUP) }
        }
    }

    /// Positions of a stream's events from `revision` (nil: its start, or its end when backward),
    /// forward or backward, at most `limit`. Backward from past the end starts at the end. A run
    /// past `logEnd` (the log's last position) is refused as damaged.
    static func positions(
        of stream: String, from revision: UInt64?, backward: Bool, limit: Int, logEnd: UInt64, layout: StoreLayout, txn: some TransactionReading
    ) throws -> [UInt64] {
        try txn.withCursor(layout.streamRuns) { cursor in
            try stream.withUTF8Bytes { key in
                guard try cursor.get(MDB_SET, key: key) != nil else { return [] }
                var entry: (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)?
                var next: UInt64
                if let revision {
                    // The run holding `revision` is the last one starting at or before it.
                    entry = revision == .max ? nil : try Run(firstRevision: revision + 1, firstPosition: 0, count: 0).withValue {
                        try cursor.get(MDB_GET_BOTH_RANGE, key: key, value: $0)
                    }
                    entry = try cursor.get(entry == nil ? MDB_LAST_DUP : MDB_PREV_DUP)
                    guard let found = entry else { return [] }
                    let run = try Run(found.value, logEnd: logEnd)
                    if !run.holds(revision) {
                        // Past the stream's end: nothing forward; backward starts at the end.
                        guard backward else { return [] }
                        next = run.lastRevision
                    } else {
                        next = revision
                    }
                } else {
                    entry = try cursor.get(backward ? MDB_LAST_DUP : MDB_FIRST_DUP)
                    guard let found = entry else { return [] }
                    let run = try Run(found.value, logEnd: logEnd)
                    next = backward ? run.lastRevision : run.firstRevision
                }
                var out: [UInt64] = []
                while let current = entry, out.count < limit {
                    let run = try Run(current.value, logEnd: logEnd)
                    if backward {
                        var revision = min(next, run.lastRevision)
                        while out.count < limit {
                            out.append(run.position(of: revision))
                            if revision == run.firstRevision { break }
                            revision -= 1
                        }
                        entry = try cursor.get(MDB_PREV_DUP)
                    } else {
                        var revision = max(next, run.firstRevision)
                        while out.count < limit && revision <= run.lastRevision {
                            out.append(run.position(of: revision))
                            revision += 1
                        }
                        entry = try cursor.get(MDB_NEXT_DUP)
                    }
                }
                return out
            }
        }
    }
}
