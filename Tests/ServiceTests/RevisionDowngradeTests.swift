import EventStore
import Foundation
import HummingbirdTesting
import Testing
@testable import Service

/// An RKE2 cluster on `v1.30.4+rke2r2` cannot go back to `+rke2r1` (ADR 0023): the earlier
/// revision is an earlier release of RKE2, refused as any downgrade is, over the wire.
@Suite("Stepping a distribution revision down, on the live service")
struct RevisionDowngradeTests {
    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    /// retail@1.0.0 on `kubernetes`, and store-a registered on it.
    static func setUp(_ client: any TestClientProtocol, kubernetes: String = "v1.30.4+rke2r2") async throws {
        let published = try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0", kubernetes: kubernetes))
        #expect(published.0 == .created, "\(published.1)")
        let (status, body) = try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-a"))
        #expect(status == .created, "\(body)")
    }

    @Test func anEditToAnEarlierRevisionIsRefusedAsADowngradeAndALaterOneIsMade() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await Self.setUp(client)
            let before = try store.lastPosition()
            let earlier = Fixtures.profile("1.0.0", kubernetes: "v1.30.4+rke2r1")
            let (status, body) = try await client.call(.put, "/v1/profiles/retail/versions/1.0.0", token: "operator-token", json: earlier)
            #expect(status == .conflict, "\(body)")
            let error = try #require(try Self.json(body)["error"] as? [String: Any], "\(body)")
            #expect(error["code"] as? String == "edit_refused")
            #expect((error["details"] as? [String: String])?["store-a"] == "Kubernetes v1.30.4+rke2r2 → v1.30.4+rke2r1 is a downgrade", "\(body)")
            #expect(try store.lastPosition() == before)
            let (_, stored) = try await client.call(.get, "/v1/profiles/retail/versions/1.0.0", token: "viewer-token")
            #expect(stored.contains("v1.30.4+rke2r2") && !stored.contains("rke2r1"), "\(stored)")

            // The next RKE2 release of the same Kubernetes is an upgrade: new binaries, a reboot.
            let later = Fixtures.profile("1.0.0", kubernetes: "v1.30.4+rke2r3")
            let (edited, answer) = try await client.call(.put, "/v1/profiles/retail/versions/1.0.0", token: "operator-token", json: later)
            #expect(edited == .ok, "\(answer)")
            let (_, view) = try await client.call(.get, "/v1/clusters/store-a", token: "viewer-token")
            #expect((try Self.json(view)["upgrade"] as? [String: Any])?["behavior"] as? String == "reboot", "\(view)")
        }
    }

    /// A version copied from an image tag (`v1.30.4-rke2r2`, where `+` cannot be written) is the
    /// same revision, not a pre-release that any release would follow.
    @Test func fromTheImageTagSpellingAnAssignmentToAnEarlierRevisionIsRefusedAndRecorded() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await Self.setUp(client, kubernetes: "v1.30.4-rke2r2")
            let earlier = try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.1.0", kubernetes: "v1.30.4+rke2r1"))
            #expect(earlier.0 == .created, "\(earlier.1)")
            let (status, body) = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            #expect(status == .conflict, "\(body)")
            let error = try #require(try Self.json(body)["error"] as? [String: Any], "\(body)")
            #expect(error["message"] as? String == "changeProfile refused: Kubernetes v1.30.4-rke2r2 → v1.30.4+rke2r1 is a downgrade", "\(body)")
            #expect((error["details"] as? [String: String])?["reason"] == "kubernetesDowngrade", "\(body)")
            #expect(try store.readStream("cluster/store-a").last?.type == "CommandRefused")
        }
    }
}
