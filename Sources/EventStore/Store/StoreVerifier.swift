import CLMDB
import Foundation

/// What `verify` found: the counts it checked, or the first problem.
public struct VerificationReport: Sendable, Equatable {
    public var events: UInt64
    public var streams: Int
    /// The first problem found, or nil when the store is sound.
    public var problem: String?

    public init(events: UInt64 = 0, streams: Int = 0, problem: String? = nil) {
        self.events = events
        self.streams = streams
        self.problem = problem
    }

    public var isSound: Bool { problem == nil }
}

/// Checks a store end to end: every page of every tree readable (`TreeWalk`), every index entry in
/// its form (`IndexForms`), every log record decoding under the key of its own position, positions
/// gap-free from 1, revisions gap-free per stream from 0, and every index holds exactly the log's
/// entries (the secondary ones up to their mark, see `IndexTrail`). A record out of form is thrown
/// (`RecordDamage`: the store is damaged); records in form that disagree are the report's problem.
enum StoreVerifier {
    struct Problem: Error { let text: String }

    static func verify(layout: StoreLayout, txn: ReadTransaction) throws -> VerificationReport {
        // Every page of every tree first, the free-page tree too: damage there is the file's,
        // thrown (`TreeWalk.Damage`) rather than reported as a disagreement of the store's records.
        try TreeWalk.walk(layout: layout, txn: txn)
        // Then every index entry in its form (`RecordDamage`, thrown too), counted for the
        // comparisons with the log below.
        let tally = try IndexForms.tally(layout: layout, txn: txn)
        var report = VerificationReport()
        do {
            var nextRevision: [String: UInt64] = [:]
            var correlated = 0
            var chain = EventIDIndex.Chain()
            var stragglers = 0
            // Events after the mark have no secondary entries yet (`IndexTrail`): none may exist.
            let indexedThrough = try IndexTrail.indexedThrough(layout: layout, txn: txn)
            // One snapshot for the whole walk (the index counts below must match this very log), and
            // views rather than owned events: the walk only reads the envelope, never keeps a payload.
            var decoder = EventDecoder()
            try txn.withCursor(layout.log) { cursor in
                var entry = try cursor.get(MDB_FIRST)
                while let current = entry {
                    let expectedKey = report.events + 1
                    guard current.key.count == 8 else {
                        throw RecordDamage(database: "log", place: "\(RecordDamage.key(current.key)) after position \(report.events)",
                                           problem: "a key of \(current.key.count) bytes, where positions are 8")
                    }
                    let key = BigEndian.uint64(current.key)
                    let event: RecordedEventView
                    do { event = try decoder.view(current.value) } catch {
                        throw RecordDamage(database: "log", place: "position \(key)", problem: "the record does not decode (\(Self.why(error)))")
                    }
                    if key != expectedKey {
                        // The record says where it belongs: under another key, the key is damaged.
                        if event.position == expectedKey || key < expectedKey {
                            throw RecordDamage(database: "log", place: "key \(key) after position \(report.events)",
                                               problem: "the key does not follow the log (its record was recorded at position \(event.position))")
                        }
                        throw Problem(text: "position \(expectedKey) is missing (next is \(key))")
                    }
                    guard event.position == key else {
                        throw RecordDamage(database: "log", place: "position \(key)", problem: "the record says it was recorded at position \(event.position)")
                    }
                    let expected = nextRevision[event.stream, default: 0]
                    guard event.revision == expected else {
                        throw Problem(text: "stream '\(event.stream)' jumps from revision \(expected) to \(event.revision) at position \(key)")
                    }
                    nextRevision[event.stream] = expected + 1
                    try checkIndexes(of: event, secondary: key <= indexedThrough, layout: layout, txn: txn)
                    if !chain.extend(with: event.id.words) {
                        stragglers += 1
                        let indexed = try Array(event.id.bytes).withRaw { try txn.get(layout.eventIDs, key: $0).map { BigEndian.uint64($0) } }
                        guard indexed == key else { throw Problem(text: "index event_ids disagrees with the log at position \(key)") }
                    }
                    if key % EventIDIndex.markSpacing == 0 {
                        let mark = try EventIDIndex.mark(at: key, layout: layout, txn: txn)
                        guard let mark, mark == chain.mark else {
                            throw Problem(text: "index id_marks disagrees with the log at position \(key)")
                        }
                    }
                    if event.correlationID != nil && key <= indexedThrough { correlated += 1 }
                    report.events = key
                    entry = try cursor.get(MDB_NEXT)
                }
            }
            report.streams = nextRevision.count
            guard indexedThrough <= report.events else {
                throw Problem(text: "the secondary indexes are marked written through position \(indexedThrough), past the log's end at \(report.events)")
            }
            guard tally.runs == indexedThrough else {
                throw Problem(text: "index stream_runs holds \(tally.runs) events for \(indexedThrough)")
            }
            guard tally.eventIDs == stragglers else {
                throw Problem(text: "index event_ids holds \(tally.eventIDs) entries for \(stragglers) events whose ids are off the time-ordered chain")
            }
            guard UInt64(tally.idMarks) == report.events / EventIDIndex.markSpacing else {
                throw Problem(text: "index id_marks holds \(tally.idMarks) entries for \(report.events) events")
            }
            let lists = [("type_postings", indexedThrough), ("actor_postings", indexedThrough),
                         ("time_postings", indexedThrough), ("correlation_postings", UInt64(correlated))]
            for (name, expected) in lists {
                let count = tally.postings[name, default: 0]
                guard count == expected else {
                    throw Problem(text: "index \(name) holds \(count) entries for \(expected) events")
                }
            }
        } catch let problem as Problem {
            report.problem = problem.text
        }
        return report
    }

    /// Why a record does not decode, in words (the decoders' own, without their type names).
    private static func why(_ error: Error) -> String {
        switch error {
        case let malformed as WireReader.Malformed: malformed.why
        case let problem as EventCodec.DecodingProblem: problem.detail
        default: "\(error)"
        }
    }

    /// The event's stream run and secondary entries, when `secondary` (up to the mark).
    private static func checkIndexes(of event: borrowing RecordedEventView, secondary: Bool, layout: StoreLayout, txn: ReadTransaction) throws {
        guard secondary else { return }
        let where_ = "position \(event.position)"
        // Unbounded by the log's end: a run past it is found below, where the runs' total is compared.
        let run = try StreamRuns.positions(of: event.stream, from: event.revision, backward: false, limit: 1, logEnd: .max, layout: layout, txn: txn)
        guard run == [event.position] else {
            throw Problem(text: "index stream_runs lacks '\(event.stream)' revision \(event.revision) at \(where_)")
        }
        let position = event.position
        guard try lists(position, key: Array(event.type.utf8), dbi: layout.byType, txn: txn) else {
            throw Problem(text: "index type_postings lacks \(where_)")
        }
        guard try lists(position, key: Array(event.actor.utf8), dbi: layout.byActor, txn: txn) else {
            throw Problem(text: "index actor_postings lacks \(where_)")
        }
        let (second, offset) = StoreLayout.timeBucket(event.recordedAtMs)
        let secondKey = StoreLayout.withSecondKey(second) { Array($0) }
        guard try lists(position, offset: offset, key: secondKey, dbi: layout.byTime, timed: true, txn: txn) else {
            throw Problem(text: "index time_postings lacks \(where_)")
        }
        if let correlation = event.correlationID,
           try !lists(position, key: Array(correlation.bytes), dbi: layout.byCorrelation, txn: txn) {
            throw Problem(text: "index correlation_postings lacks \(where_)")
        }
    }

    /// Whether `key`'s posting list holds `position` (at `offset` into its second, when timed).
    private static func lists(
        _ position: UInt64, offset: UInt32 = 0, key: [UInt8], dbi: MDB_dbi, timed: Bool = false, txn: ReadTransaction
    ) throws -> Bool {
        try txn.withCursor(dbi) { cursor in
            try key.withRaw { key in
                guard try cursor.get(MDB_SET, key: key) != nil,
                      let value = try BigEndian.withBytes(position, { try cursor.get(MDB_GET_BOTH_RANGE, key: key, value: $0) }) else { return false }
                var found = false
                try PostingList.forEach(in: value.value, timed: timed) { entry in
                    if entry.position == position && entry.offset == offset { found = true }
                }
                return found
            }
        }
    }
}

extension EventStore {
    /// Verifies the whole store in one consistent snapshot (readers never block the writer).
    public func verify() throws(EventStoreError) -> VerificationReport {
        try reading { try StoreVerifier.verify(layout: layout, txn: $0) }
    }
}
