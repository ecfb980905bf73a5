@testable import EventStore
import CLMDB
import Foundation
import Testing

/// Index and stream reads fetch many positions through one log cursor and one decoder.
@Suite("Reading through the indexes")
struct IndexLookupTests {
    let folder = TemporaryFolder()

    /// 30 events over three streams, ten each, types cycling through three long names.
    func seeded() async throws -> EventStore {
        let store = try EventStore.open(at: folder.path)
        let types = ["UpgradeNodeStepStarted", "UpgradeNodeStepSucceeded", "UpgradeNodeStepFailed"]
        for i in 0..<30 {
            try await store.append(to: "cluster/store-\(i % 3)", expected: .any,
                                   events: [SampleEvents.event(types[i % 3], actor: "agent/store-\(i % 3)-long-name", at: 1_000 + Int64(i))])
        }
        return store
    }

    @Test func streamAndIndexReadsReturnTheLogsEventsInOrder() async throws {
        let store = try await seeded()
        let all = try store.readAll()
        #expect(try store.readStream("cluster/store-1") == all.filter { $0.stream == "cluster/store-1" })
        #expect(try store.readStream("cluster/store-1", backward: true) == all.filter { $0.stream == "cluster/store-1" }.reversed())
        #expect(try store.events(ofType: "UpgradeNodeStepFailed") == all.filter { $0.type == "UpgradeNodeStepFailed" })
        #expect(try store.events(byActor: "agent/store-0-long-name", from: 10) == all.filter { $0.actor == "agent/store-0-long-name" && $0.position >= 10 })
    }

    @Test func anIndexEntryForAMissingPositionReadsAsCorruptNotAsAShortAnswer() async throws {
        let store = try await seeded()
        try store.env.write { txn in
            try "UpgradeNodeStepFailed".withUTF8Bytes { key in
                try PostingList.append([PostingList.Entry(position: 99)], key: key, dbi: store.layout.byType, timed: false, txn: txn)
            }
        }
        #expect(throws: EventStoreError.corrupt(path: store.path, detail: "an index points at missing position 99")) {
            try store.events(ofType: "UpgradeNodeStepFailed")
        }
    }

    @Test func aPagedWalkReusingItsBufferSeesEveryEventOnce() async throws {
        let store = try await seeded()
        for pageSize in [1, 7, 30, 64] {
            var seen: [RecordedEvent] = []
            try store.forEachEvent(from: 4, pageSize: pageSize) { seen.append($0) }
            #expect(seen == (try store.readAll(from: 4)), "page size \(pageSize)")
        }
    }
}
