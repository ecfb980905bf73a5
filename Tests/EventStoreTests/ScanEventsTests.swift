@testable import EventStore
import CLMDB
import Dispatch
import Foundation
import SwiftProtobuf
import Testing

/// The borrowing scan against the owning reads, on a real store: the same events, whatever the
/// chunking, a gap-free prefix while another writer appends, and the same typed error on damage.
@Suite("Scanning the log through views")
struct ScanEventsTests {
    let folder = TemporaryFolder()

    /// A scan's views, copied out.
    func scanned(_ store: EventStore, from position: UInt64 = 1, chunkSize: Int = 8192) throws -> [RecordedEvent] {
        var seen: [RecordedEvent] = []
        try store.scanEvents(from: position, chunkSize: chunkSize) { seen.append(RecordedEvent(copying: $0)) }
        return seen
    }

    /// Events that use every field: ids present and absent, other content types, empty, binary and
    /// non-ASCII payloads and names, short and long names (cached and not), a time before 1970.
    func variedEvents(_ count: Int) -> [EventData] {
        let types = ["NodeDrained", "X", "UpgradeStartedWithAVeryLongTypeNameIndeed", "Ünïcødé-тип"]
        return (0..<count).map { i in
            let payload: Data
            if i % 6 == 0 {
                payload = Data()
            } else if i % 5 == 0 {
                payload = Data((0..<(i * 13 % 300 + 1)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            } else {
                payload = Data(#"{"i":\#(i),"name":"nœud"}"#.utf8)
            }
            let recordedAtMs: Int64 = i == 5 ? -86_400_000 : 1_795_000_000_000 + Int64(i) * 7
            return EventData(
                id: UUID(), type: types[i % 4], schemaVersion: UInt32(i % 3), recordedAtMs: recordedAtMs,
                actor: i.isMultiple(of: 2) ? "agent/store-\(i % 5)" : "bob",
                correlationID: i % 3 == 0 ? UUID() : nil, causationID: i % 4 == 1 ? UUID() : nil,
                contentType: i % 5 == 0 ? "application/octet-stream" : "application/json",
                payload: payload
            )
        }
    }

    /// Replaces the record at `position` with `bytes`, as damage or an older binary would leave it.
    func overwrite(_ store: EventStore, at position: UInt64, with bytes: [UInt8]) throws {
        try store.env.write { txn in
            try BigEndian.bytes(position).withRaw { k in try bytes.withRaw { try txn.put(store.layout.log, key: k, value: $0) } }
        }
    }

    @Test func aViewHoldsExactlyWhatTheOwningReadHolds() throws {
        let store = try EventStore.open(at: folder.path)
        let requests = variedEvents(60).enumerated().map { i, event in
            AppendRequest(stream: i % 3 == 0 ? "cluster/a" : "profile/with-a-longer-name-\(i % 2)", expected: .any, events: [event])
        }
        for result in try store.appendNow(requests) { _ = try result.get() }
        // Position 7 as a format-1.0 binary wrote it: no content type, so it reads as JSON.
        let seventh = try #require(try store.event(at: 7))
        var legacy = Orchestrator_Store_Legacy_StoredEventV1_0()
        legacy.position = 7
        legacy.stream = seventh.stream
        legacy.revision = seventh.revision
        legacy.eventID = seventh.id.bytes
        legacy.type = seventh.type
        legacy.schemaVersion = seventh.data.schemaVersion
        legacy.recordedAtMs = seventh.recordedAtMs
        legacy.actor = seventh.actor
        legacy.payload = seventh.data.payload
        try overwrite(store, at: 7, with: try legacy.serializedBytes())

        let owned = try store.readAll(from: 1, limit: .max)
        #expect(owned.count == 60 && owned[6].data.contentType == "application/json")
        #expect(try scanned(store) == owned)
        // Field by field on the view itself, not only through the copy.
        var index = 0
        try store.scanEvents { view in
            let event = owned[index]
            #expect(view.position == event.position && view.stream == event.stream && view.revision == event.revision)
            #expect(view.id == event.id && view.type == event.type && view.schemaVersion == event.data.schemaVersion)
            #expect(view.recordedAtMs == event.recordedAtMs && view.actor == event.actor && view.contentType == event.data.contentType)
            #expect(view.correlationID == event.data.correlationID && view.causationID == event.data.causationID)
            #expect(Data(view.payload) == event.data.payload)
            index += 1
        }
        #expect(index == 60)
    }

    @Test(arguments: [1, 2, 7, 24, 25, 26, 100])
    func chunksOfAnySizeLendEveryEventOnce(chunkSize: Int) async throws {
        let store = try EventStore.open(at: folder.path)
        _ = try await store.append(to: "cluster/a", expected: .noStream, events: SampleEvents.events(25))
        let owned = try store.readAll(from: 1, limit: .max)
        for from: UInt64 in [0, 1, 5, 24, 25, 26, 99] {
            let expected = Array(owned.drop(while: { $0.position < from }))
            #expect(try scanned(store, from: from, chunkSize: chunkSize) == expected, "from \(from), chunks of \(chunkSize)")
        }
    }

    @Test func anEmptyStoreLendsNothing() throws {
        let store = try EventStore.open(at: folder.path)
        #expect(try scanned(store).isEmpty)
    }

    @Test func eventsAppendedByAnotherWriterDuringTheScanExtendAGapFreePrefix() async throws {
        let store = try EventStore.open(at: folder.path)
        _ = try await store.append(to: "cluster/a", expected: .noStream, events: SampleEvents.events(25))
        var seen: [RecordedEvent] = []
        try store.scanEvents(chunkSize: 10) { view in
            if view.position == 5 {
                // Another thread appends five events, durably, while this chunk's transaction is open.
                let done = DispatchSemaphore(value: 0)
                DispatchQueue.global().async {
                    _ = try? store.appendNow([AppendRequest(stream: "cluster/b", expected: .noStream, events: SampleEvents.events(5))])
                    done.signal()
                }
                done.wait()
            }
            seen.append(RecordedEvent(copying: view))
        }
        // The first chunk's snapshot ended at 25; the later chunks saw the new events.
        #expect(seen.map(\.position) == Array(1...30))
        #expect(seen == (try store.readAll(from: 1, limit: .max)))
    }

    @Test func scansWhileAppendsGoOnSeeOnlyGapFreePrefixes() async throws {
        let store = try EventStore.open(at: folder.path)
        _ = try await store.append(to: "cluster/seed", expected: .noStream, events: SampleEvents.events(100))
        let writer = Task {
            for i in 0..<150 { _ = try await store.append(to: "cluster/w\(i % 5)", expected: .any, events: SampleEvents.events(4)) }
        }
        var lengths: [Int] = []
        for _ in 0..<40 {
            let seen = try scanned(store, chunkSize: 16)
            #expect(seen.map(\.position) == Array(1...UInt64(seen.count)))
            #expect(seen == (try store.readAll(from: 1, limit: seen.count)))
            lengths.append(seen.count)
        }
        try await writer.value
        #expect(lengths.allSatisfy { $0 >= 100 } && lengths == lengths.sorted())
        #expect(try scanned(store, chunkSize: 16).count == 700)
    }

    /// Damage the owning reads report as `.corrupt`: a truncated varint, a record without an event
    /// id, a stream name that is not UTF-8.
    @Test(arguments: [[0x08], [0x08, 0x11], [0x12, 0x02, 0xC3, 0x28, 0x22, 0x10] + [UInt8](repeating: 7, count: 16)] as [[UInt8]])
    func aDamagedRecordGivesTheOwningReadsTypedError(damage: [UInt8]) async throws {
        let store = try EventStore.open(at: folder.path)
        _ = try await store.append(to: "cluster/a", expected: .noStream, events: SampleEvents.events(30))
        try overwrite(store, at: 17, with: damage)
        let owning = #expect(throws: EventStoreError.self) { try store.readAll(from: 1, limit: .max) }
        guard case .corrupt(let path, _)? = owning else { Issue.record("not corrupt: \(String(describing: owning))"); return }
        #expect(path == folder.path)
        var lent: [UInt64] = []
        let scanning = #expect(throws: EventStoreError.self) {
            try store.scanEvents(chunkSize: 8) { lent.append($0.position) }
        }
        #expect(scanning == owning)
        #expect(lent == Array(1...16))
        // verify names the database and the position, as damage (not as a disagreement of records).
        let verified = #expect(throws: EventStoreError.self) { try store.verify() }
        guard case .corrupt(_, let detail)? = verified else { Issue.record("not corrupt: \(String(describing: verified))"); return }
        #expect(detail.hasPrefix("database log, position 17: the record does not decode ("), "\(detail)")
    }

    @Test func whatTheBodyThrowsComesBackUnchanged() async throws {
        struct Enough: Error, Equatable {}
        let store = try EventStore.open(at: folder.path)
        _ = try await store.append(to: "cluster/a", expected: .noStream, events: SampleEvents.events(30))
        var lent = 0
        #expect(throws: Enough()) {
            try store.scanEvents(chunkSize: 8) { view in
                lent += 1
                if view.position == 12 { throw Enough() }
            }
        }
        #expect(lent == 12)
    }
}
