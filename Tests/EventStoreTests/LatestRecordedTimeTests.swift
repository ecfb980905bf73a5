import Foundation
import Testing
@testable import EventStore

/// `latestRecordedAtMs`: the latest time any event was recorded at, whatever the log order, read
/// from the time index and the trailing events.
@Suite("The latest recorded time")
struct LatestRecordedTimeTests {
    let folder = TemporaryFolder("latest-time")

    static func event(at ms: Int64) -> EventData {
        EventData(id: UUID(), type: "Ticked", recordedAtMs: ms, actor: "clock", payload: Data("{}".utf8))
    }

    /// A store whose trail never comes of age while a test runs.
    func open() throws -> EventStore {
        let store = try EventStore.open(at: folder.path)
        store.trailAge.maxAge = .seconds(86_400)
        return store
    }

    @Test func anEmptyStoreHasNone() throws {
        let store = try open()
        defer { store.close() }
        #expect(try store.latestRecordedAtMs() == nil)
    }

    /// Times go back in the log; several land in the latest second, the latest of them not last.
    static let times: [Int64] = [4_102_444_800_250, 4_102_444_800_999, 4_102_444_800_500, 1_795_000_000_000, -1_500]

    @Test func trailingEventsAnswerBeforeTheyAreIndexed() async throws {
        let store = try open()
        defer { store.close() }
        for ms in Self.times { try await store.append(to: "cluster/a", expected: .any, events: [Self.event(at: ms)]) }
        #expect(try IndexTrailTests.indexedThrough(store) == 0)
        #expect(try store.latestRecordedAtMs() == 4_102_444_800_999)
    }

    @Test func theTimeIndexAnswersOnceWrittenAndTheTrailAfterItCounts() async throws {
        do {
            let store = try open()
            for ms in Self.times { try await store.append(to: "cluster/a", expected: .any, events: [Self.event(at: ms)]) }
            store.close()  // writes the trail into the indexes
        }
        let store = try open()
        defer { store.close() }
        #expect(try IndexTrailTests.indexedThrough(store) == UInt64(Self.times.count))
        #expect(try store.latestRecordedAtMs() == 4_102_444_800_999)
        // An earlier-dated trailing event changes nothing; a later one is the latest.
        try await store.append(to: "cluster/b", expected: .any, events: [Self.event(at: 1_000)])
        #expect(try store.latestRecordedAtMs() == 4_102_444_800_999)
        try await store.append(to: "cluster/b", expected: .any, events: [Self.event(at: 4_102_444_801_001)])
        #expect(try store.latestRecordedAtMs() == 4_102_444_801_001)
    }

    @Test func beforeNineteenSeventyIsAnswered() async throws {
        do {
            let store = try open()
            try await store.append(to: "cluster/a", expected: .any, events: [Self.event(at: -2_001), Self.event(at: -1_500)])
            store.close()
        }
        let store = try open()
        defer { store.close() }
        #expect(try store.latestRecordedAtMs() == -1_500)
    }
}
