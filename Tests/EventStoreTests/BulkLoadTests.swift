import EventStore
import Foundation
import Testing

@Suite("Bulk loading a new store")
struct BulkLoadTests {
    let folder = TemporaryFolder("bulk")

    /// Requests over interleaved streams, types and actors, times that step back, some events
    /// correlated: everything the deferred indexes must order exactly as appends would.
    static func requests(seed: UInt64, count: Int) -> [AppendRequest] {
        var random = SplitMix64(seed: seed)
        var revisions: [String: UInt64] = [:]
        let correlations = (0..<5).map { _ in UUID() }
        return (0..<count).map { index in
            let stream = "cluster/c-\(random.next() % 40)"
            let events = (0..<Int(1 + random.next() % 3)).map { _ in
                EventData(
                    id: UUID(), type: ["NodeStepStarted", "NodeStepSucceeded", "Assigned", "N"][Int(random.next() % 4)],
                    recordedAtMs: 1_795_000_000_000 + Int64(index * 10) - Int64(random.next() % 50),
                    actor: ["agent/\(stream)", "alice", "system", "agent/x"][Int(random.next() % 4)],
                    correlationID: random.next() % 3 == 0 ? nil : correlations[Int(random.next() % 5)],
                    payload: Data("{\"i\":\(index)}".utf8))
            }
            let expected: ExpectedRevision = revisions[stream].map { .exact($0) } ?? .noStream
            revisions[stream] = (revisions[stream].map { $0 + 1 } ?? 0) + UInt64(events.count) - 1
            return AppendRequest(stream: stream, expected: expected, events: events)
        }
    }

    @Test func aBulkLoadedStoreReadsExactlyAsOneWrittenByAppends() throws {
        let requests = Self.requests(seed: 7, count: 3_000)
        let appended = try EventStore.open(at: folder.child("appended"))
        for result in try appended.appendNow(requests) { _ = try result.get() }
        let loaded = try EventStore.open(at: folder.child("loaded"))
        let load = try loaded.beginBulkLoad()
        for batch in stride(from: 0, to: requests.count, by: 700) {
            try load.append(Array(requests[batch..<min(batch + 700, requests.count)]))
        }
        try load.finish()

        #expect(try loaded.readAll(limit: .max) == (try appended.readAll(limit: .max)))
        let all = try appended.readAll(limit: .max)
        for stream in Set(all.map(\.stream)) {
            #expect(try loaded.readStream(stream) == (try appended.readStream(stream)))
            #expect(try loaded.lastRevision(of: stream) == (try appended.lastRevision(of: stream)))
        }
        for type in Set(all.map(\.type)) {
            #expect(try loaded.events(ofType: type, limit: .max) == (try appended.events(ofType: type, limit: .max)))
        }
        for actor in Set(all.map(\.data.actor)) {
            #expect(try loaded.events(byActor: actor, limit: .max) == (try appended.events(byActor: actor, limit: .max)))
        }
        for correlation in Set(all.compactMap(\.data.correlationID)) {
            #expect(try loaded.events(correlatedWith: correlation, limit: .max) == (try appended.events(correlatedWith: correlation, limit: .max)))
        }
        let (from, until) = (all.map(\.recordedAtMs).min()! + 2_000, all.map(\.recordedAtMs).max()! - 2_000)
        #expect(try loaded.events(recordedFrom: from, until: until, limit: .max) == (try appended.events(recordedFrom: from, until: until, limit: .max)))
        #expect(try loaded.verify() == (try appended.verify()))
        #expect(try loaded.verify().isSound)
    }

    @Test func aLoadThatNeverFinishedLeavesAStoreThatRefusesToOpenSayingSo() throws {
        do {
            let store = try EventStore.open(at: folder.path)
            let load = try store.beginBulkLoad()
            try load.append(Array(Self.requests(seed: 1, count: 50)))
            store.close()
        }
        #expect(throws: EventStoreError.unfinishedBulkLoad(path: folder.path)) { try EventStore.open(at: folder.path) }
        #expect(throws: EventStoreError.unfinishedBulkLoad(path: folder.path)) { try EventStore.open(at: folder.path, mode: .readOnly) }
        #expect(!EventStoreError.unfinishedBulkLoad(path: folder.path).description.contains("\n"))
    }

    @Test func aRefusedBatchWritesNothingAndTheLoadGoesOn() throws {
        let store = try EventStore.open(at: folder.path)
        let load = try store.beginBulkLoad()
        try load.append([AppendRequest(stream: "cluster/a", expected: .noStream, events: SampleEvents.events(2))])
        let wrong = [
            AppendRequest(stream: "cluster/b", expected: .noStream, events: SampleEvents.events(1)),
            AppendRequest(stream: "cluster/a", expected: .exact(0), events: SampleEvents.events(1)),
        ]
        #expect(throws: EventStoreError.wrongExpectedRevision(stream: "cluster/a", expected: .exact(0), actual: 1)) { try load.append(wrong) }
        let repeated = SampleEvents.events(1)
        try load.append([AppendRequest(stream: "cluster/a", expected: .exact(1), events: repeated)])
        #expect(throws: EventStoreError.self) { try load.append([AppendRequest(stream: "cluster/c", expected: .any, events: repeated)]) }
        let results = try load.append([AppendRequest(stream: "cluster/b", expected: .noStream, events: SampleEvents.events(2))])
        #expect(results.map(\.firstPosition) == [4])
        try load.finish()

        #expect(try store.readAll().map(\.position) == [1, 2, 3, 4, 5])
        #expect(try store.readStream("cluster/a").map(\.revision) == [0, 1, 2])
        #expect(try store.readStream("cluster/b").map(\.revision) == [0, 1])
        #expect(try store.verify().isSound)
    }

    @Test func aLoadNeedsAnEmptyStoreAndHoldsOffOtherAppendsUntilItFinishes() async throws {
        let used = try EventStore.open(at: folder.child("used"))
        try await used.append(to: "cluster/a", expected: .noStream, events: SampleEvents.events(1))
        #expect(throws: EventStoreError.self) { try used.beginBulkLoad() }

        let store = try EventStore.open(at: folder.child("new"))
        let load = try store.beginBulkLoad()
        #expect(throws: EventStoreError.self) { try store.beginBulkLoad() }
        await #expect(throws: EventStoreError.self) {
            try await store.append(to: "cluster/a", expected: .any, events: SampleEvents.events(1))
        }
        try load.append([AppendRequest(stream: "cluster/a", expected: .noStream, events: SampleEvents.events(2))])
        try load.finish()

        let after = try await store.append(to: "cluster/a", expected: .exact(1), events: SampleEvents.events(1))
        #expect(after.firstPosition == 3 && after.firstRevision == 2)
        #expect(try store.verify().isSound)
    }
}
