@testable import EventStore
import CLMDB
import Foundation
import SwiftProtobuf
import Testing

@Suite("Reading events written by older versions")
struct SchemaEvolutionTests {
    let folder = TemporaryFolder()

    @Test func anEventWrittenBeforeContentTypeWasAddedStillReads() async throws {
        let store = try EventStore.open(at: folder.path)
        let original = SampleEvents.event("UpgradeStarted", actor: "bob", payload: #"{"cluster":"a"}"#)
        try await store.append(to: "cluster/a", expected: .noStream, events: [original])

        // Replace the record with the bytes a format-1.0 binary wrote: no content_type field.
        var legacy = Orchestrator_Store_Legacy_StoredEventV1_0()
        legacy.position = 1
        legacy.stream = "cluster/a"
        legacy.revision = 0
        legacy.eventID = withUnsafeBytes(of: original.id.uuid) { Data($0) }
        legacy.type = "UpgradeStarted"
        legacy.schemaVersion = 1
        legacy.recordedAtMs = original.recordedAtMs
        legacy.actor = "bob"
        legacy.payload = original.payload
        let bytes: [UInt8] = try legacy.serializedBytes()
        try store.env.write { txn in
            try BigEndian.bytes(1).withRaw { k in try bytes.withRaw { try txn.put(store.layout.log, key: k, value: $0) } }
        }

        let read = try #require(try store.readStream("cluster/a").first)
        #expect(read.data == original)
        #expect(read.data.contentType == "application/json")
        #expect(try store.verify().isSound)
    }

    @Test func aFieldFromTheFutureIsKeptUnknownNotLost() throws {
        // A newer binary may add fields; an older reader must still decode the fields it knows.
        var current = Orchestrator_Store_V1_StoredEvent()
        current.position = 9
        current.stream = "cluster/z"
        current.eventID = Data(repeating: 1, count: 16)
        current.type = "X"
        current.actor = "a"
        var bytes: [UInt8] = try current.serializedBytes()
        bytes += [0xA2, 0x06, 0x03, 0x61, 0x62, 0x63]  // field 100, length-delimited "abc"
        let decoded = try bytes.withRaw { try EventCodec.decode($0) }
        #expect(decoded.position == 9 && decoded.stream == "cluster/z" && decoded.type == "X")
    }
}
