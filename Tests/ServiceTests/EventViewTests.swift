import Engine
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Service

/// `GET /v1/events` and `GET /v1/audit` show each event as they did when `JSONSerialization` wrote
/// it: the same keys, values, key order and framing, for the service's own events and for payloads
/// of every kind (nested objects, escapes, Unicode, numbers, and text that is not JSON at all).
@Suite("Event JSON as Foundation wrote it")
struct EventViewTests {
    /// The route's document as it was built before it was written directly (the reference): the
    /// route still builds it so for payloads its rewriter refuses.
    static func foundationJSON(_ event: RecordedEvent) -> String {
        String(decoding: EventView.foundationJSON(event), as: UTF8.self)
    }

    static let payloads: [Data] = [
        #"{"spec":{"rollout":{"maxUnavailable":1,"maxSurge":"25%","maxima":[{"Kind":"a","kind":"b"}]}},"metadata":{"name":"c1","Labels":{"item10":"x","item2":"y"}}}"#,
        #"{"text":"quote \" backslash \\ slash / tab \t newline \n bell \u0007","unicode":"é e\u0301 日本 😀 \ud83d\ude00 \u2028"}"#,
        #"{"numbers":[0,-0,-7,9223372036854775807,18446744073709551615,100000000000000000000,1.5,-0.0,1e2,2.5e-5,0.1,3.0]}"#,
        #"{"a_b":1,"a-b":2,"a.b":3,"aB":4,"ab":5,"A":6,"a":7,"":8,"10":9,"9":10}"#,
        #"[true,false,null,{},[],"alone"]"#, #""just a string""#, "42", " { \"spaced\" : [ 1 , 2 ] } ",
        #"{"twice":1,"twice":2}"#, "not json at all", "",
    ].map { Data($0.utf8) } + [Data([0xEF, 0xBB, 0xBF] + Array(#"{"bom":true}"#.utf8)), Data([0xFF, 0xFE, 0x00])]

    /// Events with the payloads above, on streams and by actors whose names need escapes.
    static func appendPayloads(to store: EventStore) async throws {
        for (index, payload) in payloads.enumerated() {
            let event = EventData(
                id: UUID(), type: index % 3 == 0 ? "test.payload" : "test.other", recordedAtMs: Int64(index) - 3,
                actor: "actor \"\(index)\" é\n", correlationID: index.isMultiple(of: 2) ? UUID() : nil, payload: payload)
            _ = try await store.append(to: "misc/\(index % 4) \\ odd", expected: .any, events: [event])
        }
    }

    @Test func theEventStreamFramesEachEventAsBefore() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await ObservabilityTests.upgradeStarted(client)
            try await Self.appendPayloads(to: store)
            let last = try store.lastPosition()
            let (status, text) = try await client.call(.get, "/v1/events?from=1&limit=\(last)", token: "viewer-token")
            #expect(status == .ok)
            var expected = ""
            for position in 1...last {
                let event = try #require(try store.event(at: position))
                expected += "id: \(position)\nevent: \(event.type)\ndata: \(Self.foundationJSON(event))\n\n"
            }
            #expect(text == expected)
            // Service events carry correlation ids and nested payloads: they were among them.
            #expect(text.contains(#""correlationId":"#) && text.contains(#""payloadBase64":"#))
        }
    }

    @Test func theAuditListsEachEventAsBefore() async throws {
        try await ServiceHarness().test { client, store in
            try await ObservabilityTests.upgradeStarted(client)
            try await Self.appendPayloads(to: store)
            let last = try store.lastPosition()
            let (status, text) = try await client.call(.get, "/v1/audit?fromPosition=1&limit=\(last)", token: "viewer-token")
            #expect(status == .ok)
            let events = try (1...last).map { try #require(try store.event(at: $0)) }
            #expect(text == #"{"events":["# + events.map(Self.foundationJSON).joined(separator: ",") + "]}")
        }
    }

    /// One view serves a whole stream: the orders it remembers from one event fit the next.
    @Test func oneViewWritesEveryEventOfAStreamAsBefore() async throws {
        try await ServiceHarness().test { _, store in
            try await Self.appendPayloads(to: store)
            try await Self.appendPayloads(to: store)
            var view = EventView()
            for position in 1...(try store.lastPosition()) {
                let event = try #require(try store.event(at: position))
                #expect(String(decoding: view.json(event), as: UTF8.self) == Self.foundationJSON(event), "position \(position)")
            }
        }
    }
}
