import EventStore
import Foundation
import HummingbirdTesting
import Testing
@testable import Service

/// `requireSeparateApprover` (ADR 0027) on the live server: the approver who asked for a repave
/// gets a 409 naming the rule; a second approver approves it.
@Suite("A repave approved by someone other than who asked for it")
struct SeparateApproverServiceTests {
    static func harness(separate: Bool) -> ServiceHarness {
        var harness = ServiceHarness()
        harness.configuration.tokens.append(TokenRecord(name: "bob", role: .approver, sha256: TokenBook.hash("second-approver-token")))
        harness.configuration.requireSeparateApprover = separate
        return harness
    }

    /// alice (an approver, so she may also assign) asks for a repave of store-a.
    static func aliceAsksForARepave(_ client: any TestClientProtocol) async throws {
        try await ClusterFlowTests.setUp(client, newVersion: Fixtures.profile("1.1.0", os: "1.1.0"))
        let (assigned, body) = try await client.call(.post, "/v1/clusters/store-a/profile", token: "approver-token",
                                                     json: #"{"name":"retail","version":"1.1.0"}"#)
        #expect(assigned == .accepted, "\(body)")
        #expect((try ClusterFlowTests.json(body)["state"] as? [String: Any])?["status"] as? String == "awaiting-approval")
    }

    @Test func theAskerIsRefusedAndASecondApproverApproves() async throws {
        try await Self.harness(separate: true).test(.live) { client, store in
            try await Self.aliceAsksForARepave(client)
            let (refused, why) = try await client.call(.post, "/v1/clusters/store-a/approve", token: "approver-token", json: #"{"comment":"mine"}"#)
            #expect(refused == .conflict, "\(why)")
            #expect(why.contains("approverAskedForChange"), "\(why)")
            #expect(why.contains("alice asked for this change"), "\(why)")
            #expect(try store.events(ofType: "RepaveApproved").isEmpty)

            let (approved, answer) = try await client.call(.post, "/v1/clusters/store-a/approve", token: "second-approver-token")
            #expect(approved == .ok, "\(answer)")
            let upgrade = (try ClusterFlowTests.json(answer)["state"] as? [String: Any])?["upgrade"] as? [String: Any]
            #expect(upgrade?["approvedBy"] as? String == "bob")
            #expect(try store.events(ofType: "RepaveApproved").map(\.actor) == ["bob"])
        }
    }

    @Test func theAskerMayDenyTheirOwnRepave() async throws {
        try await Self.harness(separate: true).test(.live) { client, store in
            try await Self.aliceAsksForARepave(client)
            let (denied, answer) = try await client.call(.post, "/v1/clusters/store-a/deny", token: "approver-token", json: #"{"comment":"withdrawn"}"#)
            #expect(denied == .ok, "\(answer)")
            #expect(try store.events(ofType: "RepaveDenied").map(\.actor) == ["alice"])
        }
    }

    @Test func byDefaultTheAskerMayApprove() async throws {
        try await Self.harness(separate: false).test(.live) { client, store in
            try await Self.aliceAsksForARepave(client)
            let (approved, answer) = try await client.call(.post, "/v1/clusters/store-a/approve", token: "approver-token")
            #expect(approved == .ok, "\(answer)")
            #expect(try store.events(ofType: "RepaveApproved").map(\.actor) == ["alice"])
        }
    }

    @Test func theSettingIsReadFromTheConfigurationFileAndMustBeABoolean() throws {
        let on = try JSONDecoder().decode(ServiceConfiguration.self, from: Data(#"{"requireSeparateApprover": true}"#.utf8))
        #expect(on.requireSeparateApprover)
        let off = try JSONDecoder().decode(ServiceConfiguration.self, from: Data("{}".utf8))
        #expect(!off.requireSeparateApprover)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ServiceConfiguration.self, from: Data(#"{"requireSeparateApprover": "yes"}"#.utf8))
        }
    }
}
