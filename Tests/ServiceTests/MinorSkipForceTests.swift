import EventStore
import Foundation
import HummingbirdTesting
import Testing
@testable import Service

/// Seed 003: avoid skipping minor versions. A skipped minor is refused, saying how to force it; a
/// force with a reason lets it through, recorded with the caller's name.
@Suite("Forcing a skipped Kubernetes minor")
struct MinorSkipForceTests {
    /// 1.0.0 runs v1.30.4; 1.2.0 jumps to v1.32.1, skipping 1.31.
    static func setUp(_ client: any TestClientProtocol) async throws {
        #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0")).0 == .created)
        let skipping = Fixtures.profile("1.2.0", kubernetes: "v1.32.1+rke2r1")
        #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: skipping).0 == .created)
        let (status, body) = try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-a"))
        #expect(status == .created, "\(body)")
    }

    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    static func assignment(force: String? = nil) -> String {
        #"{"name":"retail","version":"1.2.0"\#(force.map { #","forceSkipMinor":\#($0)"# } ?? "")}"#
    }

    @Test func aSkippedMinorIsRefusedAndTheRefusalSaysHowToForceIt() async throws {
        try await ServiceHarness().test { client, store in
            try await Self.setUp(client)
            let (status, body) = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: Self.assignment())
            #expect(status == .conflict, "\(body)")
            let error = try #require(try Self.json(body)["error"] as? [String: Any])
            let message = try #require(error["message"] as? String)
            #expect(message.hasPrefix("changeProfile refused: Kubernetes v1.30.4+rke2r1 → v1.32.1+rke2r1 skips a minor version; "), "\(message)")
            #expect(message.contains(#""forceSkipMinor": {"reason": "#), "\(message)")
            #expect((error["details"] as? [String: String])?["reason"] == "skippedMinorVersion")
            #expect(try store.readStream("cluster/store-a").last?.type == "CommandRefused")
        }
    }

    @Test func aForceWithAReasonLetsTheSkipThroughAndRecordsWhoAndWhy() async throws {
        try await ServiceHarness().test { client, store in
            try await Self.setUp(client)
            let force = #"{"reason":"1.31 never certified for the stores; vendor signed off 1.32"}"#
            let (status, body) = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: Self.assignment(force: force))
            #expect(status == .accepted, "\(body)")
            #expect((try Self.json(body)["events"] as? [String])?.first == "ProfileChangeAccepted", "\(body)")

            let (_, view) = try await client.call(.get, "/v1/clusters/store-a", token: "viewer-token")
            let upgrade = try #require(try Self.json(view)["upgrade"] as? [String: Any], "\(view)")
            let forced = try #require(upgrade["forcedMinorSkip"] as? [String: String], "\(view)")
            #expect(forced == ["from": "v1.30.4+rke2r1", "to": "v1.32.1+rke2r1", "by": "olga",
                               "reason": "1.31 never certified for the stores; vendor signed off 1.32"])

            let accepted = try #require(try store.readStream("cluster/store-a").last { $0.type == "ProfileChangeAccepted" })
            #expect(accepted.actor == "olga")
            let data = try #require(try JSONSerialization.jsonObject(with: Data(accepted.data.payload)) as? [String: Any])
            let record = try #require(data["forcedMinorSkip"] as? [String: Any], "\(data)")
            #expect((record["override"] as? [String: String])?["actor"] == "olga")
            #expect(record["to"] as? String == "v1.32.1+rke2r1")
        }
    }

    @Test(arguments: [
        (#"{}"#, "forceSkipMinor.reason is required"),
        (#"{"reason":"  "}"#, "forceSkipMinor.reason is required"),
        (#"{"reason":"ok","actor":"bob"}"#, "forceSkipMinor.actor bob is not taken: a force is recorded as its caller (olga)"),
        (#"true"#, "forceSkipMinor"),
    ])
    func aForceWithoutAReasonOrNamingSomeoneElseIsA400AndWritesNothing(force: String, message: String) async throws {
        try await ServiceHarness().test { client, store in
            try await Self.setUp(client)
            let before = try store.lastPosition()
            let (status, body) = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: Self.assignment(force: force))
            #expect(status == .badRequest, "\(body)")
            #expect(((try Self.json(body)["error"] as? [String: Any])?["message"] as? String)?.contains(message) == true, "\(body)")
            #expect(try store.lastPosition() == before)
        }
    }

    @Test func aForceDoesNotGetPastAProvisioningCluster() async throws {
        try await ServiceHarness().test { client, _ in
            try await Self.setUp(client)
            #expect(try await client.call(.post, "/v1/clusters/store-a/status", token: "operator-token", json: #"{"status":"provisioning"}"#).0 == .ok)
            let (status, body) = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token",
                                                       json: Self.assignment(force: #"{"reason":"lab"}"#))
            #expect(status == .conflict, "\(body)")
            #expect(body.contains("clusterIsProvisioning"), "\(body)")
        }
    }
}
