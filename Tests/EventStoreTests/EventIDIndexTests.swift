import CLMDB
import Foundation
import Testing
@testable import EventStore

/// Every stored id is found, whether it has an `event_ids` entry (an id below the greatest
/// before it) or only the `id_marks` around it (an id beyond every one before it), so appends
/// stay idempotent with no entry for most events (ADR 0009).
@Suite("Finding stored event ids")
struct EventIDIndexTests {
    let folder = TemporaryFolder("ids")

    /// Requests of one to three events whose ids mostly rise (time-ordered) and sometimes do not:
    /// a random id, or an id from an earlier millisecond.
    static func requests(seed: UInt64, count: Int) -> [AppendRequest] {
        var random = SplitMix64(seed: seed)
        var ms: UInt64 = 1_795_000_000_000
        return (0..<count).map { index in
            let events = (0..<Int(1 + random.next() % 3)).map { _ in
                ms += random.next() % 3
                let id: UUID
                switch random.next() % 10 {
                case 0: id = UUID()
                case 1: id = TimeOrderedEventID.make(ms: ms - 5_000, counter: 0, random: UInt32(truncatingIfNeeded: random.next()))
                default: id = TimeOrderedEventID.make(ms: ms, counter: 0, random: UInt32(truncatingIfNeeded: random.next()))
                }
                return EventData(id: id, type: "T", recordedAtMs: Int64(ms), actor: "a", payload: Data("{\"i\":\(index)}".utf8))
            }
            return AppendRequest(stream: "cluster/\(random.next() % 7)", expected: .any, events: events)
        }
    }

    static func ids(_ store: EventStore) throws -> (entries: Int, marks: Int) {
        try store.env.read { txn in (try txn.count(store.layout.eventIDs), try txn.count(store.layout.idMarks)) }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func everyRetryReturnsItsOriginalPositionsWhereverItsIdIsKept(seed: UInt64) throws {
        let store = try EventStore.open(at: folder.path)
        let requests = Self.requests(seed: seed, count: 400)
        var originals: [AppendResult] = []
        for start in stride(from: 0, to: requests.count, by: 25) {
            originals += try store.appendNow(Array(requests[start..<(start + 25)])).map { try $0.get() }
        }
        let last = try store.lastPosition()
        let (entries, marks) = try Self.ids(store)
        #expect(entries > 0 && entries < Int(last) / 3, "only ids off the chain have entries (\(entries) of \(last))")
        #expect(UInt64(marks) == last / EventIDIndex.markSpacing)

        // Retried one by one and all together: the original answers, nothing written.
        for (request, original) in zip(requests, originals) {
            var expected = original
            expected.alreadyStored = true
            #expect(try store.appendNow([request])[0].get() == expected)
        }
        let again = try store.appendNow(requests).map { try $0.get() }
        #expect(again.map(\.firstPosition) == originals.map(\.firstPosition))
        #expect(try store.lastPosition() == last)
        #expect(try store.verify().isSound)
    }

    @Test func anIdStoredWithoutAnEntryIsStillRefusedInAMixedRetry() async throws {
        let store = try EventStore.open(at: folder.path)
        let rising = (0..<200).map { i in
            EventData(id: TimeOrderedEventID.make(ms: 1_795_000_000_000 + UInt64(i), counter: 0, random: 7), type: "T", recordedAtMs: 0, actor: "a", payload: Data())
        }
        for event in rising { try await store.append(to: "cluster/a", expected: .any, events: [event]) }
        #expect(try Self.ids(store).entries == 0)
        let fresh = EventData(id: UUID(), type: "T", recordedAtMs: 0, actor: "a", payload: Data())
        await #expect(throws: EventStoreError.partiallyStored(stream: "cluster/a", storedIDs: [rising[70].id])) {
            try await store.append(to: "cluster/a", expected: .any, events: [rising[70], fresh])
        }
    }

    @Test func aBulkLoadRefusesAnIdItStoredInOrder() throws {
        let store = try EventStore.open(at: folder.path)
        let load = try store.beginBulkLoad()
        let events = (0..<100).map { i in
            EventData(id: TimeOrderedEventID.make(ms: 1_795_000_000_000 + UInt64(i), counter: 0, random: 1), type: "T", recordedAtMs: 0, actor: "a", payload: Data())
        }
        try load.append([AppendRequest(stream: "cluster/a", expected: .noStream, events: events)])
        #expect(throws: EventStoreError.invalidRequest("event id \(events[3].id.uuidString.lowercased()) is already stored; a bulk load writes new events only")) {
            try load.append([AppendRequest(stream: "cluster/b", expected: .noStream, events: [events[3]])])
        }
        try load.finish()
        #expect(try store.verify().isSound)
    }

    @Test func verifyNamesAMarkThatDisagreesWithTheLog() throws {
        let store = try EventStore.open(at: folder.path)
        let requests = Self.requests(seed: 9, count: 100)
        for result in try store.appendNow(requests) { _ = try result.get() }
        try store.env.write { txn in
            try BigEndian.withBytes(128) { try txn.delete(store.layout.idMarks, key: $0) }
            try BigEndian.withBytes(128) { key in try BigEndian.withBytes(1, 2) { try txn.put(store.layout.idMarks, key: key, value: $0) } }
        }
        #expect(try store.verify().problem == "index id_marks disagrees with the log at position 128")
    }
}
