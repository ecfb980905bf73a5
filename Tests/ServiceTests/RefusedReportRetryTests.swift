import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Service

/// An agent retries a report until it is answered: a refused report is recorded once, and its
/// retries get the same answer without growing the log. On the server over loopback, store on disk.
@Suite("Retries of a refused agent report")
struct RefusedReportRetryTests {
    /// Cluster `store-a` with upgrade 1 cancelled while cp1's cordon was requested: a success
    /// reported for it now is refused (a late report after a cancel).
    static func cancelledUpgrade(_ client: any TestClientProtocol) async throws {
        for version in ["1.0.0", "1.1.0"] {
            let document = version == "1.0.0" ? Fixtures.profile(version) : Fixtures.profile(version, kubernetes: "v1.30.5+rke2r1")
            #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: document).0 == .created)
        }
        #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-a")).0 == .created)
        _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
        #expect(try await client.call(.post, "/v1/clusters/store-a/cancel", token: "operator-token", json: #"{"comment":"stop"}"#).0 == .ok)
    }

    static let late = #"{"node":"store-a-cp1","step":"cordon","outcome":"succeeded","idempotencyKey":"late-1","attempt":1,"upgrade":1}"#

    static func report(_ client: any TestClientProtocol, _ json: String) async throws -> (HTTPResponse.Status, String) {
        try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: json)
    }

    @Test func theSameRefusedReportSentThreeTimesIsRecordedOnceAndAnsweredAlike() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await Self.cancelledUpgrade(client)
            let before = try store.lastPosition()

            let first = try await Self.report(client, Self.late)
            #expect(first.0 == .conflict, "\(first.1)")
            #expect(first.1.contains("reportNodeStep refused"), "\(first.1)")
            for _ in 0..<2 {
                let again = try await Self.report(client, Self.late)
                #expect(again.0 == first.0)
                #expect(again.1 == first.1)
            }
            let refusals = try store.events(ofType: "CommandRefused").filter { $0.position > before }
            #expect(refusals.count == 1)
            #expect(refusals.first?.actor == "agent-a")
            #expect(try store.lastPosition() == refusals.first?.position)
        }
    }

    @Test func theSameKeyWithOtherContentIsJudgedOnItsOwn() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await Self.cancelledUpgrade(client)
            let before = try store.lastPosition()
            #expect(try await Self.report(client, Self.late).0 == .conflict)

            // The same key, now saying the cordon failed: decided again, and refused again.
            let failed = Self.late.replacingOccurrences(of: #""outcome":"succeeded""#, with: #""outcome":"failed","message":"no""#)
            let other = try await Self.report(client, failed)
            #expect(other.0 == .conflict, "\(other.1)")
            #expect(try store.events(ofType: "CommandRefused").filter { $0.position > before }.count == 2)

            // A retry of that one is the report refused last: nothing more recorded.
            #expect(try await Self.report(client, failed) == other)
            #expect(try store.events(ofType: "CommandRefused").filter { $0.position > before }.count == 2)
        }
    }

    /// The same report sent twice at the same instant: the second waits for the first to be
    /// decided and is given its refusal, recorded once. The first is held just before it is
    /// decided (`ServiceHooks.reportDeciding`) until the second has either come to the same point
    /// (decided alongside it) or waits for it.
    @Test func theSameRefusedReportSentTwiceAtOnceIsRecordedOnceAndAnsweredAlike() async throws {
        let hold = Hold()
        var harness = ServiceHarness()
        harness.hooks.reportDeciding = { await hold.hold() }
        try await harness.test(.live) { client, store, service in
            try await Self.cancelledUpgrade(client)
            let before = try store.lastPosition()
            let port = try #require(client.port)
            @Sendable func send() async throws -> LoopbackRequest.Answer {
                try await LoopbackRequest.json(port: port, "POST", "/v1/agents/store-a/reports", token: "agent-a-token", json: Self.late)
            }
            let first = Task { try await send() }
            await hold.arrivals(1)
            let second = Task { try await send() }
            #expect(await Hold.until { hold.arrived == 2 || service.answers.waiting > 0 })
            hold.release()

            let answers = [try await first.value, try await second.value]
            #expect(answers.map(\.status) == [409, 409], "\(answers)")
            #expect(answers[0].body == answers[1].body)
            #expect(answers[0].body.contains("reportNodeStep refused"), "\(answers[0].body)")
            let refusals = try store.events(ofType: "CommandRefused").filter { $0.position > before }
            #expect(refusals.count == 1)
            #expect(try store.lastPosition() == refusals.first?.position)
        }
    }
}
