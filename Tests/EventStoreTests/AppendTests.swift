import EventStore
import Foundation
import Testing

@Suite("Appending events")
struct AppendTests {
    let folder = TemporaryFolder()

    @Test func appendedEventsReadBackWithGapFreePositionsAndRevisions() async throws {
        let store = try EventStore.open(at: folder.path)
        let first = try await store.append(to: "cluster/a", expected: .noStream, events: SampleEvents.events(3))
        let second = try await store.append(to: "cluster/b", expected: .noStream, events: SampleEvents.events(2))
        let third = try await store.append(to: "cluster/a", expected: .exact(2), events: SampleEvents.events(1))

        #expect(first == AppendResult(stream: "cluster/a", firstPosition: 1, lastPosition: 3, firstRevision: 0, lastRevision: 2, alreadyStored: false))
        #expect(second.firstPosition == 4 && second.lastPosition == 5 && second.firstRevision == 0)
        #expect(third.firstPosition == 6 && third.firstRevision == 3)
        let all = try store.readAll()
        #expect(all.map(\.position) == [1, 2, 3, 4, 5, 6])
        #expect(try store.readStream("cluster/a").map(\.revision) == [0, 1, 2, 3])
        #expect(try store.lastRevision(of: "cluster/a") == 3)
        #expect(try store.lastRevision(of: "cluster/none") == nil)
    }

    @Test func everyEnvelopeFieldSurvivesTheRoundTrip() async throws {
        let store = try EventStore.open(at: folder.path)
        let original = EventData(
            id: UUID(), type: "RepaveApproved", schemaVersion: 3, recordedAtMs: 1_795_000_123_456,
            actor: "alice@example.com", correlationID: UUID(), causationID: UUID(),
            contentType: "application/x-protobuf", payload: Data([0, 1, 2, 255])
        )
        try await store.append(to: "cluster/store-0413", expected: .any, events: [original])
        let read = try #require(try store.readStream("cluster/store-0413").first)
        #expect(read.data == original)
        #expect(read.stream == "cluster/store-0413")
    }

    @Test(arguments: [
        (ExpectedRevision.noStream, UInt64?.some(1)),
        (.exact(0), .some(1)),
        (.exact(5), .some(1)),
    ])
    func aWrongExpectedRevisionIsRefusedWithExpectedAndActualAndWritesNothing(expected: ExpectedRevision, actual: UInt64?) async throws {
        let store = try EventStore.open(at: folder.path)
        try await store.append(to: "cluster/a", expected: .noStream, events: SampleEvents.events(2))
        await #expect(throws: EventStoreError.wrongExpectedRevision(stream: "cluster/a", expected: expected, actual: actual)) {
            try await store.append(to: "cluster/a", expected: expected, events: SampleEvents.events(1))
        }
        #expect(try store.lastPosition() == 2)
        #expect(try store.verify().isSound)
    }

    @Test func expectingAnExistingStreamFailsForANewOne() async throws {
        let store = try EventStore.open(at: folder.path)
        await #expect(throws: EventStoreError.wrongExpectedRevision(stream: "cluster/new", expected: .streamExists, actual: nil)) {
            try await store.append(to: "cluster/new", expected: .streamExists, events: SampleEvents.events(1))
        }
    }

    @Test func retryingAnAppendReturnsTheOriginalPositionsAndWritesNothing() async throws {
        let store = try EventStore.open(at: folder.path)
        let events = SampleEvents.events(3)
        let first = try await store.append(to: "cluster/a", expected: .noStream, events: events)
        try await store.append(to: "cluster/b", expected: .any, events: SampleEvents.events(1))
        // A retry carries the same expectation it had the first time; it must not fail on it.
        let retry = try await store.append(to: "cluster/a", expected: .noStream, events: events)

        #expect(retry.alreadyStored)
        #expect(retry.firstPosition == first.firstPosition && retry.lastPosition == first.lastPosition)
        #expect(retry.firstRevision == 0 && retry.lastRevision == 2)
        #expect(try store.lastPosition() == 4)
    }

    @Test func aRetryMixingStoredAndNewEventsIsRefused() async throws {
        let store = try EventStore.open(at: folder.path)
        let stored = SampleEvents.events(2)
        try await store.append(to: "cluster/a", expected: .any, events: stored)
        let mixed = [stored[0], SampleEvents.event()]
        await #expect(throws: EventStoreError.partiallyStored(stream: "cluster/a", storedIDs: [stored[0].id])) {
            try await store.append(to: "cluster/a", expected: .any, events: mixed)
        }
        #expect(try store.lastPosition() == 2)
    }

    @Test(arguments: ["", String(repeating: "x", count: 401), "bad\u{0}name"])
    func anInvalidStreamIDIsRefused(stream: String) async throws {
        let store = try EventStore.open(at: folder.path)
        await #expect(throws: EventStoreError.self) {
            try await store.append(to: stream, expected: .any, events: SampleEvents.events(1))
        }
        #expect(try store.lastPosition() == 0)
    }

    @Test func anEventIDRepeatedWithinOneAppendIsRefused() async throws {
        let store = try EventStore.open(at: folder.path)
        let event = SampleEvents.event()
        await #expect(throws: EventStoreError.invalidRequest("an event id repeats within one append to 'cluster/a'")) {
            try await store.append(to: "cluster/a", expected: .any, events: [event, event])
        }
    }

    @Test func oneRefusedRequestInABatchLeavesTheOthersCommitted() throws {
        let store = try EventStore.open(at: folder.path)
        let results = try store.appendNow([
            AppendRequest(stream: "cluster/a", expected: .noStream, events: SampleEvents.events(2)),
            AppendRequest(stream: "cluster/a", expected: .noStream, events: SampleEvents.events(1)),
            AppendRequest(stream: "cluster/b", expected: .noStream, events: SampleEvents.events(1)),
        ])
        #expect((try? results[0].get())?.lastPosition == 2)
        #expect(results[1] == .failure(.wrongExpectedRevision(stream: "cluster/a", expected: .noStream, actual: 1)))
        #expect((try? results[2].get())?.firstPosition == 3)
        #expect(try store.verify() == VerificationReport(events: 3, streams: 2, problem: nil))
    }

    @Test func sixtyFourConcurrentAppendersAllGetDistinctDurablePositions() async throws {
        let store = try EventStore.open(at: folder.path)
        let results = try await withThrowingTaskGroup(of: [AppendResult].self) { group in
            for appender in 0..<64 {
                group.addTask {
                    var mine: [AppendResult] = []
                    for _ in 0..<20 {
                        mine.append(try await store.append(to: "cluster/\(appender)", expected: .any, events: [SampleEvents.event()]))
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(Set(results.map(\.firstPosition)) == Set(1...1280))
        // Concurrent appends share durable commits: one commit per append would be 1,280.
        #expect(store.commitCount < 1280 / 2, "\(store.commitCount) commits for 1,280 appends")
        for appender in 0..<64 {
            #expect(try store.readStream("cluster/\(appender)").map(\.revision) == Array(0..<20))
        }
        #expect(try store.verify().isSound)
    }
}
