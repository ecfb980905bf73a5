import EventStore
import Foundation
import Testing

@Suite("Growing the map")
struct MapGrowthTests {
    let folder = TemporaryFolder()

    @Test func aFullMapGrowsInsteadOfFailing() async throws {
        // A 256 KiB map holds a few hundred of these events; we write 8 MiB worth.
        let store = try EventStore.open(at: folder.path, initialMapSize: 256 << 10)
        let payload = String(repeating: "x", count: 2000)
        for batch in 0..<40 {
            let events = (0..<100).map { _ in SampleEvents.event(payload: payload) }
            try await store.append(to: "cluster/\(batch)", expected: .noStream, events: events)
        }
        #expect(try store.lastPosition() == 4000)
        #expect(try store.verify() == VerificationReport(events: 4000, streams: 40, problem: nil))
        store.close()

        let reopened = try EventStore.open(at: folder.path, mode: .readOnly)
        #expect(try reopened.readStream("cluster/39").count == 100)
    }

    @Test func anImportedBatchLargerThanTheMapGrowsIt() throws {
        // One restore of 8 MiB into a 256 KiB map: the batch is one transaction, so the map must
        // grow (several doublings) and the whole batch be written again.
        let store = try EventStore.open(at: folder.path, initialMapSize: 256 << 10)
        let payload = String(repeating: "z", count: 2000)
        let events = (0..<4000).map { i in
            RecordedEvent(position: UInt64(i + 1), stream: "cluster/\(i % 40)", revision: UInt64(i / 40),
                          data: SampleEvents.event(payload: payload))
        }
        try store.restore(Array(events[..<2000]))
        try store.restore(Array(events[2000...]))
        #expect(try store.lastPosition() == 4000)
        #expect(try store.verify() == VerificationReport(events: 4000, streams: 40, problem: nil))
        #expect(try store.events(ofType: "NodeRebooted", limit: .max).count == 4000)
    }

    @Test func aReaderFollowsAMapGrownByAnotherHandle() async throws {
        let writer = try EventStore.open(at: folder.path, initialMapSize: 256 << 10)
        let reader = try EventStore.open(at: folder.path, mode: .readOnly, initialMapSize: 256 << 10)
        let payload = String(repeating: "y", count: 4000)
        for batch in 0..<10 {
            try await writer.append(to: "cluster/\(batch)", expected: .any, events: (0..<100).map { _ in SampleEvents.event(payload: payload) })
        }
        #expect(try reader.lastPosition() == 1000)
        #expect(try reader.readStream("cluster/9").count == 100)
    }
}
