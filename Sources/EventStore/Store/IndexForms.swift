import CLMDB
import Foundation

/// `verify`'s pass over every index entry before it reads the log: each key and value in the form
/// its database keeps (`StoreLayout`), each posting list and stream run decoding, the values of a
/// key following one another. A record out of form is `RecordDamage`, naming the database and key;
/// what the pass counts is compared with the log afterwards (`StoreVerifier`).
enum IndexForms {
    /// How many events the indexes list, database by database.
    struct Tally: Equatable {
        var runs: UInt64 = 0
        var eventIDs = 0
        var idMarks = 0
        var postings: [String: UInt64] = [:]
    }

    /// A posting-list database, with the form of its keys.
    private struct Postings {
        let name: String
        let dbi: MDB_dbi
        let timed: Bool
        let key: KeyForm
    }

    /// What a key of a database must be.
    private enum KeyForm {
        /// A stream id, event type or actor (`KeyName`): 1 to 400 bytes of UTF-8 without NUL.
        case name
        /// Exactly this many bytes (a position, a second, an id).
        case bytes(Int)

        func problem(_ key: UnsafeRawBufferPointer) -> String? {
            switch self {
            case .bytes(let count):
                return key.count == count ? nil : "a key of \(key.count) bytes, where this database's keys are \(count)"
            case .name:
                guard let text = String(validating: key, as: UTF8.self) else { return "the key is not UTF-8 text, as every name is" }
                return KeyName.problem(with: text).map { "the key \($0)" }
            }
        }
    }

    static func tally(layout: StoreLayout, txn: ReadTransaction) throws -> Tally {
        var tally = Tally()
        tally.runs = try runs(layout: layout, txn: txn)
        tally.eventIDs = try fixed("event_ids", dbi: layout.eventIDs, key: 16, value: 8, txn: txn)
        tally.idMarks = try fixed("id_marks", dbi: layout.idMarks, key: 8, value: 16, txn: txn)
        let lists = [
            Postings(name: "type_postings", dbi: layout.byType, timed: false, key: .name),
            Postings(name: "actor_postings", dbi: layout.byActor, timed: false, key: .name),
            Postings(name: "time_postings", dbi: layout.byTime, timed: true, key: .bytes(8)),
            Postings(name: "correlation_postings", dbi: layout.byCorrelation, timed: false, key: .bytes(16)),
        ]
        for list in lists { tally.postings[list.name] = try entries(of: list, txn: txn) }
        return tally
    }

    /// Every stream run decoded (24 bytes, a count above 0) under a stream id; their total, which
    /// saturates rather than traps on a damaged count near 2^64.
    private static func runs(layout: StoreLayout, txn: ReadTransaction) throws -> UInt64 {
        try txn.withCursor(layout.streamRuns) { cursor in
            var count: UInt64 = 0
            var entry = try cursor.get(MDB_FIRST)
            while let current = entry {
                let key = RecordDamage.key(current.key)
                if let problem = KeyForm.name.problem(current.key) {
                    throw RecordDamage(database: "stream_runs", place: key, problem: problem)
                }
                let run: StreamRuns.Run
                do { run = try StreamRuns.Run(current.value) } catch let error as PostingList.Malformed {
                    throw RecordDamage(database: "stream_runs", place: key, problem: error.why)
                }
                let (sum, overflow) = count.addingReportingOverflow(run.count)
                count = overflow ? .max : sum
                entry = try cursor.get(MDB_NEXT)
            }
            return count
        }
    }

    /// A database of one value per key, both of fixed sizes; how many entries it holds.
    private static func fixed(_ name: String, dbi: MDB_dbi, key: Int, value: Int, txn: ReadTransaction) throws -> Int {
        try txn.withCursor(dbi) { cursor in
            var count = 0
            var entry = try cursor.get(MDB_FIRST)
            while let current = entry {
                if let problem = KeyForm.bytes(key).problem(current.key) {
                    throw RecordDamage(database: name, place: RecordDamage.key(current.key), problem: problem)
                }
                guard current.value.count == value else {
                    throw RecordDamage(database: name, place: RecordDamage.key(current.key),
                                       problem: "a value of \(current.value.count) bytes, where this database's values are \(value)")
                }
                count += 1
                entry = try cursor.get(MDB_NEXT)
            }
            return count
        }
    }

    /// Every value of a posting-list database decoded, its entries rising, each value of a key
    /// starting after the one before ends; how many entries they hold.
    private static func entries(of list: Postings, txn: ReadTransaction) throws -> UInt64 {
        try txn.withCursor(list.dbi) { cursor in
            var count: UInt64 = 0
            var entry = try cursor.get(MDB_FIRST)
            var previousKey: [UInt8] = []
            var previousLast: UInt64 = 0
            var valueIndex = 0
            while let current = entry {
                if !current.key.elementsEqual(previousKey) {
                    if let problem = list.key.problem(current.key) {
                        throw RecordDamage(database: list.name, place: RecordDamage.key(current.key), problem: problem)
                    }
                    previousKey = Array(current.key)
                    previousLast = 0
                    valueIndex = 0
                }
                let place = "\(RecordDamage.key(current.key)), value \(valueIndex)"
                var first: UInt64?
                do {
                    try PostingList.forEach(in: current.value, timed: list.timed) { found in
                        if first == nil { first = found.position }
                        count += 1
                    }
                } catch let error as PostingList.Malformed {
                    throw RecordDamage(database: list.name, place: place, problem: "the posting list does not decode: \(error.why)")
                }
                guard let first, first > previousLast else {
                    throw RecordDamage(database: list.name, place: place,
                                       problem: "the list starts at position \(first ?? 0), not after the previous value's last position \(previousLast)")
                }
                previousLast = BigEndian.uint64(current.value)
                valueIndex += 1
                entry = try cursor.get(MDB_NEXT)
            }
            return count
        }
    }
}
