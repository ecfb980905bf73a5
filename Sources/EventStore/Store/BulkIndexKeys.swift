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

    /// Writes the stream, type, actor, time and correlation indexes.
    mutating func writeIndexes(env: LMDBEnvironment, layout: StoreLayout) throws {
        try writeStreams(env: env, layout: layout)
        try writeNamed(typeOf, names: types.names, dbi: layout.byType, env: env)
        try writeNamed(actorOf, names: actors.names, dbi: layout.byActor, env: env)
        try writeTimes(env: env, layout: layout)
        try writeCorrelations(env: env, layout: layout)
    }

    /// `streams`: stream → revision ‖ position. Revisions count from 0 in position order, as the
    /// load assigned them (it checked every expected revision against the same order).
    private func writeStreams(env: LMDBEnvironment, layout: StoreLayout) throws {
        let order = Self.byteOrder(streams.names)
        let sorted = Self.sortedByName(streamOf, rank: order.rank)
        // Where each stream's entries begin, so an entry's revision is its offset from there.
        var firstOfRank = [Int](repeating: 0, count: streams.names.count)
        for index in sorted.indices.reversed() { firstOfRank[Int(sorted[index].rank)] = index }
        try Self.write(sorted.count, env: env) { txn, index in
            let (name, position) = (order.byRank[Int(sorted[index].rank)], sorted[index].position)
            let revision = UInt64(index - firstOfRank[Int(sorted[index].rank)])
            try BigEndian.withBytes(revision, position) { entry in
                try streams.names[Int(name)].withUTF8Bytes { try txn.put(layout.streams, key: $0, value: entry, flags: MDB_APPENDDUP) }
            }
        }
    }

    /// `by_type` or `by_actor`: name → position.
    private func writeNamed(_ keyOf: [UInt32], names: [String], dbi: MDB_dbi, env: LMDBEnvironment) throws {
        let order = Self.byteOrder(names)
        let sorted = Self.sortedByName(keyOf, rank: order.rank)
        try Self.write(sorted.count, env: env) { txn, index in
            let name = names[Int(order.byRank[Int(sorted[index].rank)])]
            try BigEndian.withBytes(sorted[index].position) { position in
                try name.withUTF8Bytes { try txn.put(dbi, key: $0, value: position, flags: MDB_APPENDDUP) }
            }
        }
    }

    /// `by_time`: recorded time → position, by time then position.
    private func writeTimes(env: LMDBEnvironment, layout: StoreLayout) throws {
        // A replay records in time order, so this is nearly sorted already; the sort is stable.
        var positions = (0..<timeOf.count).map { UInt64($0 + 1) }
        positions.sort { lhs, rhs in
            let (a, b) = (timeOf[Int(lhs) - 1], timeOf[Int(rhs) - 1])
            return a != b ? a < b : lhs < rhs
        }
        try Self.write(positions.count, env: env) { txn, index in
            let position = positions[index]
            try StoreLayout.withTimeKey(timeOf[Int(position) - 1]) { time in
                try BigEndian.withBytes(position) { try txn.put(layout.byTime, key: time, value: $0, flags: MDB_APPENDDUP) }
            }
        }
    }

    /// `by_correlation`: correlation id → position, for events that carry one.
    private func writeCorrelations(env: LMDBEnvironment, layout: StoreLayout) throws {
        let names = correlations.names
        let order = Self.byteOrder(names) { id in withUnsafeBytes(of: id.uuid) { Array($0) } }
        let sorted = Self.sortedByName(correlationOf, rank: order.rank)
        try Self.write(sorted.count, env: env) { txn, index in
            let id = names[Int(order.byRank[Int(sorted[index].rank)])]
            try BigEndian.withBytes(sorted[index].position) { position in
                try withUnsafeBytes(of: id.uuid) { try txn.put(layout.byCorrelation, key: $0, value: position, flags: MDB_APPENDDUP) }
            }
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

/// A position and the rank of its key in the index's order.
struct RankedPosition {
    var rank: UInt32
    var position: UInt64
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
