import EventStore
import Foundation
import Testing

@Suite("Reading events")
struct ReadTests {
    let folder = TemporaryFolder()

    /// Ten events on cluster/a interleaved with ten on cluster/b, types alternating, one per second.
    func seeded() async throws -> EventStore {
        let store = try EventStore.open(at: folder.path)
        for i in 0..<20 {
            let type = i.isMultiple(of: 2) ? "NodeDrained" : "NodeRebooted"
            let actor = i < 10 ? "agent/a" : "alice"
            try await store.append(to: i.isMultiple(of: 2) ? "cluster/a" : "cluster/b", expected: .any,
                                   events: [SampleEvents.event(type, actor: actor, at: 1_000_000 + Int64(i) * 1000)])
        }
        return store
    }

    @Test func aStreamReadsForwardAndBackwardFromARevision() async throws {
        let store = try await seeded()
        #expect(try store.readStream("cluster/a", from: 7).map(\.revision) == [7, 8, 9])
        #expect(try store.readStream("cluster/a", from: 3, backward: true).map(\.revision) == [3, 2, 1, 0])
        #expect(try store.readStream("cluster/a", backward: true, limit: 2).map(\.revision) == [9, 8])
        #expect(try store.readStream("cluster/a", from: 42, backward: true, limit: 1).map(\.revision) == [9])
        #expect(try store.readStream("cluster/a", from: 42).isEmpty)
        #expect(try store.readStream("cluster/missing").isEmpty)
    }

    @Test func theLogReadsForwardFromAPosition() async throws {
        let store = try await seeded()
        #expect(try store.readAll(from: 18).map(\.position) == [18, 19, 20])
        #expect(try store.readAll(from: 5, limit: 2).map(\.position) == [5, 6])
        var seen: [UInt64] = []
        try store.forEachEvent(from: 1, pageSize: 3) { seen.append($0.position) }
        #expect(seen == Array(1...20))
    }

    @Test func readsByTypeActorAndTimeFindTheirEvents() async throws {
        let store = try await seeded()
        #expect(try store.events(ofType: "NodeDrained").map(\.position) == [1, 3, 5, 7, 9, 11, 13, 15, 17, 19])
        #expect(try store.events(ofType: "NodeDrained", from: 12, limit: 2).map(\.position) == [13, 15])
        #expect(try store.events(byActor: "alice").map(\.position) == Array(11...20))
        #expect(try store.events(recordedFrom: 1_003_000, until: 1_006_000).map(\.position) == [4, 5, 6])
        #expect(try store.events(ofType: "Unknown").isEmpty)
    }

    @Test func aSubscriptionCatchesUpThenDeliversNewCommits() async throws {
        let store = try await seeded()
        var iterator = store.subscribe(after: 17).makeAsyncIterator()
        #expect(try await iterator.next()?.position == 18)
        #expect(try await iterator.next()?.position == 19)
        #expect(try await iterator.next()?.position == 20)
        async let live = iterator.next()
        try await store.append(to: "cluster/c", expected: .any, events: [SampleEvents.event()])
        #expect(try await live?.position == 21)
    }

    @Test func aSubscriptionEndsWhenTheStoreCloses() async throws {
        let store = try await seeded()
        var iterator = store.subscribe(after: 20).makeAsyncIterator()
        async let end = iterator.next()
        store.close()
        #expect(try await end == nil)
    }
}
