import CLMDB
import Foundation

/// The index keys of every event a bulk load wrote, in position order and kept compact (each
/// stream, type, actor and correlation as a number) until `writeIndexes` sorts them index by
/// index and writes each index front to back, in the order LMDB keeps it.
struct BulkIndexKeys {
    private var streams = InternedNames<String>()
    private var types = InternedNames<String>()
    private var actors = InternedNames<String>()
    private var correlations = InternedNames<UUID>()
    /// Per event, the first at position 1.
    private var streamOf: [UInt32] = []
    private var typeOf: [UInt32] = []
    private var actorOf: [UInt32] = []
    private var timeOf: [Int64] = []
    private var correlationOf: [UInt32] = []
    private static let noCorrelation = UInt32.max
    /// Entries written per write transaction, so a build never holds the whole index dirty.
    private static let entriesPerTransaction = 1 << 20

    /// Notes the keys of a request's events, written from position `first` on (positions must
    /// come in order, from 1).
    mutating func add(_ request: AppendRequest, first: UInt64) {
        precondition(first == UInt64(streamOf.count + 1), "bulk index keys out of order")
        let stream = streams.id(request.stream)
        // A request's events mostly share their actor and correlation: look each up once while it
        // repeats. The events are read in place, field by field, not copied out one by one.
        var actor: (name: String, id: UInt32)?
        var correlation: (id: UUID, number: UInt32)?
        let events = request.events
        for index in events.indices {
            streamOf.append(stream)
            typeOf.append(types.id(events[index].type))
            if actor == nil || actor!.name != events[index].actor {
                actor = (events[index].actor, actors.id(events[index].actor))
            }
            actorOf.append(actor!.id)
            timeOf.append(events[index].recordedAtMs)
            if let id = events[index].correlationID {
                if correlation == nil || correlation!.id != id { correlation = (id, correlations.id(id)) }
                correlationOf.append(correlation!.number)
            } else {
                correlationOf.append(Self.noCorrelation)
            }
        }
    }

    /// Notes the keys of one event of the log, in position order from 1 (a format upgrade
    /// rebuilding the indexes of a stored log).
    mutating func add(_ event: borrowing RecordedEventView) {
        precondition(event.position == UInt64(streamOf.count + 1), "bulk index keys out of order")
        streamOf.append(streams.id(event.stream))
        typeOf.append(types.id(event.type))
        actorOf.append(actors.id(event.actor))
        timeOf.append(event.recordedAtMs)
        correlationOf.append(event.correlationID.map { correlations.id($0) } ?? Self.noCorrelation)
    }

    /// Writes the stream runs and the type, actor, time and correlation posting lists.
    mutating func writeIndexes(env: LMDBEnvironment, layout: StoreLayout) throws {
        try writeStreams(env: env, layout: layout)
        try writeNamed(typeOf, names: types.names, dbi: layout.byType, env: env)
        try writeNamed(actorOf, names: actors.names, dbi: layout.byActor, env: env)
        try writeTimes(env: env, layout: layout)
        try writeCorrelations(env: env, layout: layout)
    }

    /// `stream_runs`: a stream's events as runs of consecutive revisions at consecutive positions.
    /// Revisions count from 0 in position order, as the load assigned them (it checked every
    /// expected revision against the same order).
    private func writeStreams(env: LMDBEnvironment, layout: StoreLayout) throws {
        let order = Self.byteOrder(streams.names)
        let sorted = Self.sortedByName(streamOf, rank: order.rank)
        var runs: [(rank: UInt32, run: StreamRuns.Run)] = []
        var revision: UInt64 = 0
        for index in sorted.indices {
            let (rank, position) = (sorted[index].rank, sorted[index].position)
            revision = index > 0 && sorted[index - 1].rank == rank ? revision + 1 : 0
            if let last = runs.last, last.rank == rank, last.run.isContinued(byPosition: position, revision: revision) {
                runs[runs.count - 1].run.count += 1
            } else {
                runs.append((rank, StreamRuns.Run(firstRevision: revision, firstPosition: position, count: 1)))
            }
        }
        try Self.write(runs.count, env: env) { txn, index in
            let name = streams.names[Int(order.byRank[Int(runs[index].rank)])]
            try runs[index].run.withValue { run in
                try name.withUTF8Bytes { try txn.put(layout.streamRuns, key: $0, value: run, flags: MDB_APPENDDUP) }
            }
        }
    }

    /// `type_postings` or `actor_postings`: name → positions.
    private func writeNamed(_ keyOf: [UInt32], names: [String], dbi: MDB_dbi, env: LMDBEnvironment) throws {
        let order = Self.byteOrder(names)
        let sorted = Self.sortedByName(keyOf, rank: order.rank)
        try Self.writeLists(sorted, dbi: dbi, timed: false, env: env) { rank, body in
            try names[Int(order.byRank[Int(rank)])].withUTF8Bytes(body)
        }
    }

    /// `time_postings`: second → positions with their milliseconds, by second then position.
    private func writeTimes(env: LMDBEnvironment, layout: StoreLayout) throws {
        // Positions by second, then position. A replay records in time order, so this is nearly
        // sorted already; the entries are made as they are written, not held all at once.
        let seconds = timeOf.map { StoreLayout.timeBucket($0).second }
        var positions = (0..<timeOf.count).map { UInt64($0 + 1) }
        positions.sort { lhs, rhs in
            let (a, b) = (seconds[Int(lhs) - 1], seconds[Int(rhs) - 1])
            return a != b ? a < b : lhs < rhs
        }
        let timed = positions.lazy.map { [timeOf] position in
            TimedPosition(rank: seconds[Int(position) - 1],
                          entry: PostingList.Entry(position: position, offset: StoreLayout.timeBucket(timeOf[Int(position) - 1]).offset))
        }
        // Seconds sort as their keys do (sign-flipped big-endian is numeric order).
        try Self.writeLists(timed, dbi: layout.byTime, timed: true, env: env) { second, body in
            try StoreLayout.withSecondKey(second, body)
        }
    }

    /// `correlation_postings`: correlation id → positions, for events that carry one.
    private func writeCorrelations(env: LMDBEnvironment, layout: StoreLayout) throws {
        let names = correlations.names
        let order = Self.byteOrder(names) { id in withUnsafeBytes(of: id.uuid) { Array($0) } }
        let sorted = Self.sortedByName(correlationOf, rank: order.rank)
        try Self.writeLists(sorted, dbi: layout.byCorrelation, timed: false, env: env) { rank, body in
            try withUnsafeBytes(of: names[Int(order.byRank[Int(rank)])].uuid, body)
        }
    }

    /// `entries`, grouped by key (equal ranks for neighbours of one key) and in position order
    /// within it, appended to each key's posting list in write transactions of bounded size
    /// (a list split across two transactions continues where it stopped: `PostingList.append`).
    private static func writeLists<Entries: RandomAccessCollection>(
        _ entries: Entries, dbi: MDB_dbi, timed: Bool, env: LMDBEnvironment,
        withKey: (Entries.Element.Rank, (UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws where Entries.Element: RankedEntry, Entries.Index == Int {
        let count = entries.count
        var start = 0
        while start < count {
            let end = min(start + entriesPerTransaction, count)
            try BulkLoad.withGrowingMap(env) {
                try env.write { txn in
                    var group = start
                    while group < end {
                        let key = entries[group].rank
                        var next = group + 1
                        while next < end && entries[next].rank == key { next += 1 }
                        try withKey(key) { try PostingList.append(entries[group..<next].lazy.map(\.entry), key: $0, dbi: dbi, timed: timed, txn: txn) }
                        group = next
                    }
                }
            }
            start = end
        }
    }

    /// A name's rank in LMDB's key order (bytes compared, a prefix first), and the name id at each rank.
    private static func byteOrder(_ names: [String]) -> (rank: [UInt32], byRank: [UInt32]) {
        byteOrder(names) { Array($0.utf8) }
    }

    private static func byteOrder<Name>(_ names: [Name], bytes: (Name) -> [UInt8]) -> (rank: [UInt32], byRank: [UInt32]) {
        let keys = names.map(bytes)
        let byRank = keys.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }.map { UInt32($0) }
        var rank = [UInt32](repeating: 0, count: names.count)
        for (r, id) in byRank.enumerated() { rank[Int(id)] = UInt32(r) }
        return (rank, byRank)
    }

    /// Every position with its name's rank (events without one, `noCorrelation`, left out),
    /// sorted by rank then position.
    ///
    /// A counting sort: `keyOf` is in position order, so placing each position after the ones of
    /// its rank seen before keeps every rank's positions in order, in two passes and no compares.
    private static func sortedByName(_ keyOf: [UInt32], rank: [UInt32]) -> [RankedPosition] {
        // next[r]: where the next position of rank r goes; first the counts, then their running sums.
        var next = [Int](repeating: 0, count: rank.count + 1)
        for id in keyOf where id != noCorrelation { next[Int(rank[Int(id)]) + 1] += 1 }
        for r in rank.indices { next[r + 1] += next[r] }
        let total = next[rank.count]
        return [RankedPosition](unsafeUninitializedCapacity: total) { buffer, count in
            for (index, id) in keyOf.enumerated() where id != noCorrelation {
                let r = rank[Int(id)]
                (buffer.baseAddress! + next[Int(r)]).initialize(to: RankedPosition(rank: r, position: UInt64(index + 1)))
                next[Int(r)] += 1
            }
            count = total
        }
    }

    /// Calls `put` for entries 0..<count, in write transactions of bounded size.
    private static func write(_ count: Int, env: LMDBEnvironment, _ put: (WriteTransaction, Int) throws -> Void) throws {
        var start = 0
        while start < count {
            let end = min(start + entriesPerTransaction, count)
            try BulkLoad.withGrowingMap(env) {
                try env.write { txn in
                    for index in start..<end { try put(txn, index) }
                }
            }
            start = end
        }
    }
}

/// A posting-list entry and its key's rank in the index's order.
protocol RankedEntry {
    associatedtype Rank: Equatable
    var rank: Rank { get }
    var entry: PostingList.Entry { get }
}

/// A position and the rank of its key in the index's order.
struct RankedPosition: RankedEntry {
    var rank: UInt32
    var position: UInt64
    var entry: PostingList.Entry { PostingList.Entry(position: position) }
}

/// A position with its milliseconds, ranked by its second.
struct TimedPosition: RankedEntry {
    var rank: Int64
    var entry: PostingList.Entry
}

/// Names numbered in the order first seen.
struct InternedNames<Name: Hashable> {
    private var ids: [Name: UInt32] = [:]
    private(set) var names: [Name] = []

    mutating func id(_ name: Name) -> UInt32 {
        if let id = ids[name] { return id }
        let id = UInt32(names.count)
        ids[name] = id
        names.append(name)
        return id
    }
}
