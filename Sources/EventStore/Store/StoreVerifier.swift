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

/// Checks a store end to end: positions gap-free from 1, revisions gap-free per stream from 0,
/// every payload decodes, and every index holds exactly the log's entries (the secondary ones
/// up to their mark, see `IndexTrail`).
enum StoreVerifier {
    struct Problem: Error { let text: String }

    static func verify(layout: StoreLayout, txn: ReadTransaction) throws -> VerificationReport {
        var report = VerificationReport()
        do {
            var nextRevision: [String: UInt64] = [:]
            var correlated = 0
            // Events after the mark have no secondary entries yet (`IndexTrail`): none may exist.
            let indexedThrough = try IndexTrail.indexedThrough(layout: layout, txn: txn)
            // One snapshot for the whole walk (the index counts below must match this very log), and
            // views rather than owned events: the walk only reads the envelope, never keeps a payload.
            var decoder = EventDecoder()
            try txn.withCursor(layout.log) { cursor in
                var entry = try cursor.get(MDB_FIRST)
                while let current = entry {
                    let key = BigEndian.uint64(current.key)
                    guard key == report.events + 1 else { throw Problem(text: "position \(report.events + 1) is missing (next is \(key))") }
                    let event: RecordedEventView
                    do { event = try decoder.view(current.value) } catch { throw Problem(text: "position \(key) does not decode: \(error)") }
                    guard event.position == key else { throw Problem(text: "position \(key) holds an event recorded at \(event.position)") }
                    let expected = nextRevision[event.stream, default: 0]
                    guard event.revision == expected else {
                        throw Problem(text: "stream '\(event.stream)' jumps from revision \(expected) to \(event.revision) at position \(key)")
                    }
                    nextRevision[event.stream] = expected + 1
                    try checkIndexes(of: event, secondary: key <= indexedThrough, layout: layout, txn: txn)
                    if event.correlationID != nil && key <= indexedThrough { correlated += 1 }
                    report.events = key
                    entry = try cursor.get(MDB_NEXT)
                }
            }
            report.streams = nextRevision.count
            guard indexedThrough <= report.events else {
                throw Problem(text: "the secondary indexes are marked written through position \(indexedThrough), past the log's end at \(report.events)")
            }
            let counts = [("streams", layout.streams, report.events), ("event_ids", layout.eventIDs, report.events),
                          ("by_type", layout.byType, indexedThrough), ("by_actor", layout.byActor, indexedThrough),
                          ("by_time", layout.byTime, indexedThrough)]
            for (name, dbi, expected) in counts {
                let count = try txn.count(dbi)
                guard UInt64(count) == expected else {
                    throw Problem(text: "index \(name) holds \(count) entries for \(expected) events")
                }
            }
            let correlations = try txn.count(layout.byCorrelation)
            guard correlations == correlated else {
                throw Problem(text: "index by_correlation holds \(correlations) entries for \(correlated) correlated events")
            }
        } catch let problem as Problem {
            report.problem = problem.text
        }
        return report
    }

    /// The event's stream and id entries, and its secondary entries when `secondary`.
    private static func checkIndexes(of event: borrowing RecordedEventView, secondary: Bool, layout: StoreLayout, txn: ReadTransaction) throws {
        let position = BigEndian.bytes(event.position)
        let where_ = "position \(event.position)"
        guard try has(layout.streams, key: Array(event.stream.utf8), value: StoreLayout.streamEntry(revision: event.revision, position: event.position), txn) else {
            throw Problem(text: "index streams lacks '\(event.stream)' revision \(event.revision) at \(where_)")
        }
        let indexed = try Array(event.id.bytes).withRaw { try txn.get(layout.eventIDs, key: $0).map { BigEndian.uint64($0) } }
        guard indexed == event.position else { throw Problem(text: "index event_ids disagrees with the log at \(where_)") }
        guard secondary else { return }
        guard try has(layout.byType, key: Array(event.type.utf8), value: position, txn) else {
            throw Problem(text: "index by_type lacks \(where_)")
        }
        guard try has(layout.byActor, key: Array(event.actor.utf8), value: position, txn) else {
            throw Problem(text: "index by_actor lacks \(where_)")
        }
        guard try has(layout.byTime, key: StoreLayout.timeKey(event.recordedAtMs), value: position, txn) else {
            throw Problem(text: "index by_time lacks \(where_)")
        }
        if let correlation = event.correlationID,
           try !has(layout.byCorrelation, key: Array(correlation.bytes), value: position, txn) {
            throw Problem(text: "index by_correlation lacks \(where_)")
        }
    }

    private static func has(_ dbi: MDB_dbi, key: [UInt8], value: [UInt8], _ txn: ReadTransaction) throws -> Bool {
        try txn.withCursor(dbi) { cursor in
            try key.withRaw { k in try value.withRaw { try cursor.get(MDB_GET_BOTH, key: k, value: $0) != nil } }
        }
    }
}

extension EventStore {
    /// Verifies the whole store in one consistent snapshot (readers never block the writer).
    public func verify() throws(EventStoreError) -> VerificationReport {
        try reading { try StoreVerifier.verify(layout: layout, txn: $0) }
    }
}
