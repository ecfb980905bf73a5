import CLMDB
@testable import EventStore
import Foundation
import Testing

/// A `stream_runs` value whose count the log cannot hold (a flipped byte): every read of it says
/// the store is damaged, where a reader once walked, and allocated, for billions of positions.
@Suite("Damaged stream runs")
struct DamagedStreamRunTests {
    let folder = TemporaryFolder()

    /// Ten events on cluster/a, fully indexed, then its run's count inflated by `extra`.
    func damaged(by extra: UInt64) async throws -> EventStore {
        do {
            let store = try EventStore.open(at: folder.path)
            for i in 0..<10 {
                try await store.append(to: "cluster/a", expected: .any, events: [SampleEvents.event("NodeDrained", at: 1_000_000 + Int64(i) * 1000)])
            }
            store.close()
        }
        let store = try EventStore.open(at: folder.path, mode: .readWrite)
        try store.env.write { txn in
            try txn.withCursor(store.layout.streamRuns) { cursor in
                try Array("cluster/a".utf8).withRaw { key in
                    try #require(try cursor.get(MDB_SET, key: key) != nil)
                    var run = try StreamRuns.Run(try #require(try cursor.get(MDB_LAST_DUP)).value)
                    run.count += extra
                    try cursor.deleteCurrent()
                    try run.withValue { try cursor.put(key: key, value: $0, flags: MDB_APPENDDUP) }
                }
            }
        }
        return store
    }

    /// Counts a little past the log, so that without the bound a read fails late rather than
    /// filling memory (the one QA found was 1,095,216,684,196).
    @Test(arguments: [UInt64(1), 1_000_000])
    func everyReadOfTheStreamSaysTheStoreIsDamaged(extra: UInt64) async throws {
        let store = try await damaged(by: extra)
        defer { store.close() }
        let damage = EventStoreError.corrupt(
            path: folder.path,
            detail: "index stream_runs holds a run of \(10 + extra) events from position 1 (revision 0), past the log's end at 10")
        #expect(throws: damage) { try store.lastRevision(of: "cluster/a") }
        #expect(throws: damage) { try store.readStream("cluster/a") }
        #expect(throws: damage) { try store.readStream("cluster/a", backward: true, limit: 1) }
        await #expect(throws: damage) {
            try await store.append(to: "cluster/a", expected: .any, events: [SampleEvents.event("NodeDrained", at: 2_000_000)])
        }
        // Other streams read as before.
        #expect(try store.readStream("cluster/b").isEmpty)
    }

    @Test func verifyComparesTheRunsTotalWithTheLog() async throws {
        let store = try await damaged(by: UInt64.max - 20)
        defer { store.close() }
        let report = try store.verify()
        #expect(report.problem == "index stream_runs holds \(UInt64.max - 10) events for 10")
    }
}
