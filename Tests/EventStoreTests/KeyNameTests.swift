import Foundation
import Testing
@testable import EventStore

/// Stream ids, types and actors are whole LMDB keys: the store takes those LMDB can hold and
/// refuses the others with its own error, on every path that writes, before LMDB sees them.
@Suite("Names kept as keys")
struct KeyNameTests {
    let folder = TemporaryFolder()

    static let unstorable = ["", String(repeating: "t", count: KeyName.maxBytes + 1), String(repeating: "é", count: 300), "bad\u{0}name"]

    @Test func theLimitLeavesRoomUnderLMDBsLargestKey() throws {
        let store = try EventStore.open(at: folder.path)
        #expect(KeyName.maxBytes < store.env.maxKeySize)
    }

    @Test func namesOfTheLongestAllowedLengthAreWrittenAndFoundAgain() async throws {
        let store = try EventStore.open(at: folder.path)
        let (stream, type, actor) = (String(repeating: "s", count: 400), String(repeating: "t", count: 400), String(repeating: "a", count: 400))
        try await store.append(to: stream, expected: .noStream, events: [SampleEvents.event(type, actor: actor)])
        store.close()
        let reopened = try EventStore.open(at: folder.path, mode: .readOnly)
        #expect(try reopened.readStream(stream).count == 1)
        #expect(try reopened.events(ofType: type).count == 1)
        #expect(try reopened.events(byActor: actor).count == 1)
    }

    @Test(arguments: ["stream", "type", "actor"], unstorable)
    func aRestoreOfAnEventWithAnUnstorableNameIsRefusedAndWritesNothing(field: String, name: String) throws {
        let store = try EventStore.open(at: folder.path)
        let good = RecordedEvent(position: 1, stream: "cluster/a", revision: 0, data: SampleEvents.event())
        let bad = RecordedEvent(position: 2, stream: field == "stream" ? name : "cluster/a", revision: field == "stream" ? 0 : 1,
                                data: SampleEvents.event(field == "type" ? name : "NodeRebooted", actor: field == "actor" ? name : "agent/1"))
        let expectedField = ["stream": "stream id", "type": "event type", "actor": "actor"][field]!
        do {
            try store.restore([good, bad])
            Issue.record("restore accepted a \(field) of \(name.utf8.count) bytes")
        } catch {
            guard case .invalidRequest(let why) = error else { Issue.record("expected invalidRequest, got \(error)"); return }
            #expect(why.hasPrefix("the event at position 2: \(expectedField) "))
        }
        #expect(try store.lastPosition() == 0)
    }

    @Test(arguments: unstorable)
    func aReadForANameTheStoreCannotHoldFindsNothing(name: String) async throws {
        let store = try EventStore.open(at: folder.path)
        try await store.append(to: "cluster/a", expected: .noStream, events: SampleEvents.events(3))
        #expect(try store.events(ofType: name).isEmpty)
        #expect(try store.events(byActor: name).isEmpty)
        #expect(try store.indexedCount(ofType: name, upTo: 10) == 0)
        #expect(try store.indexedCount(byActor: name, upTo: 10) == 0)
        #expect(try store.readStream(name).isEmpty)
        #expect(try store.lastRevision(of: name) == nil)
    }
}
