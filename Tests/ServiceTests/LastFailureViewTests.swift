import EventStore
import Foundation
import HummingbirdTesting
import Testing
@testable import Service

/// The cluster's view names its last failed upgrade (node, step, error, upgrade id) until a later
/// upgrade begins work on the nodes or fails (ADR 0024): also while the change queued behind it is
/// held after the failure, when `status` is `paused` and `ended` is absent, and once that change is
/// cancelled before its first step.
@Suite("The cluster view's last failure")
struct LastFailureViewTests {
    /// Profiles 1.0.0, 1.1.0 and 1.2.0 (Kubernetes patches); `store-a` registered on 1.0.0 with no
    /// retries, upgrading to 1.1.0, and, when `queueing`, 1.2.0 queued behind it; then its drain
    /// on `store-a-cp1` fails.
    static func failUpgrade(_ client: any TestClientProtocol, queueing: Bool) async throws {
        for (version, kubernetes) in [("1.0.0", "v1.30.4+rke2r1"), ("1.1.0", "v1.30.5+rke2r1"), ("1.2.0", "v1.30.6+rke2r1")] {
            #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile(version, kubernetes: kubernetes)).0 == .created)
        }
        let cluster = Fixtures.cluster("store-a").replacingOccurrences(of: "}]}", with: #"}],"policy":{"maxRetries":0}}"#)
        #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: cluster).0 == .created)
        #expect(try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#).0 == .accepted)
        if queueing {
            let (status, answer) = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.2.0"}"#)
            #expect(status == .accepted, "\(answer)")
            #expect(answer.contains(#""queuedTarget":"retail@1.2.0""#), "\(answer)")
        }
        let cordon = #"{"node":"store-a-cp1","step":"cordon","outcome":"succeeded","idempotencyKey":"k1","attempt":1}"#
        #expect(try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: cordon).0 == .ok)
        let drain = #"{"node":"store-a-cp1","step":"drain","outcome":"failed","message":"eviction blocked","idempotencyKey":"k2","attempt":1}"#
        #expect(try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: drain).0 == .ok)
    }

    static func view(_ client: any TestClientProtocol) async throws -> [String: Any] {
        let (status, text) = try await client.call(.get, "/v1/clusters/store-a", token: "viewer-token")
        #expect(status == .ok, "\(text)")
        return try ClusterFlowTests.json(text)
    }

    /// The failure as the view should name it: upgrade 1's drain on `store-a-cp1`, under the
    /// correlation id its events carry.
    static func expectNamesTheFailure(_ view: [String: Any], _ store: EventStore) throws {
        let failure = try #require(view["lastFailure"] as? [String: Any], "\(view)")
        let failed = try #require(try store.readStream("cluster/store-a").last { $0.type == "UpgradeFailed" })
        #expect(failure["upgrade"] as? Int == 1)
        #expect(failure["upgradeId"] as? String == failed.data.correlationID?.uuidString.lowercased(), "\(failure)")
        #expect(failure["target"] as? String == "retail@1.1.0")
        #expect(failure["node"] as? String == "store-a-cp1")
        #expect(failure["step"] as? String == "drain")
        #expect(failure["attempts"] as? Int == 1)
        #expect((failure["error"] as? String)?.contains("eviction blocked") == true, "\(failure)")
        #expect(failure["atMs"] as? Int == Int(failed.recordedAtMs), "\(failure)")
    }

    @Test func aChangeHeldAfterTheFailureLeavesTheFailureNamedUntilItIsResumed() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await Self.failUpgrade(client, queueing: true)
            let held = try await Self.view(client)
            #expect(held["status"] as? String == "paused", "\(held)")
            #expect(held["lastOutcome"] as? String == "failed", "\(held)")
            #expect(held["ended"] == nil, "\(held)")
            #expect((held["upgrade"] as? [String: Any])?["number"] as? Int == 2, "\(held)")
            try Self.expectNamesTheFailure(held, store)

            let (resumed, answer) = try await client.call(.post, "/v1/clusters/store-a/resume", token: "operator-token", json: #"{"comment":"looked"}"#)
            #expect(resumed == .ok, "\(answer)")
            let running = try await Self.view(client)
            #expect(running["status"] as? String == "in-progress", "\(running)")
            #expect(running["lastFailure"] == nil, "\(running)")
            #expect(running["lastOutcome"] as? String == "failed", "\(running)")
        }
    }

    @Test func aFailedClusterNamesItsFailureBesideHowItEnded() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await Self.failUpgrade(client, queueing: false)
            let failed = try await Self.view(client)
            #expect(failed["status"] as? String == "failed", "\(failed)")
            #expect((failed["ended"] as? [String: Any])?["step"] as? String == "drain", "\(failed)")
            try Self.expectNamesTheFailure(failed, store)

            // The next upgrade begins with the node the failure left cordoned: the failure is behind it.
            let (assigned, answer) = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.2.0"}"#)
            #expect(assigned == .accepted, "\(answer)")
            let running = try await Self.view(client)
            #expect(running["status"] as? String == "in-progress", "\(running)")
            #expect(running["lastFailure"] == nil, "\(running)")
        }
    }

    @Test func aChangeHeldAfterTheFailureAndCancelledLeavesTheFailureNamedUntilALaterUpgradeBegins() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await Self.failUpgrade(client, queueing: true)
            let (cancelled, answer) = try await client.call(.post, "/v1/clusters/store-a/cancel", token: "operator-token", json: #"{"comment":"not now"}"#)
            #expect(cancelled == .ok, "\(answer)")
            // The held change never touched a node: what the failure left is as it was, and named.
            let view = try await Self.view(client)
            #expect(view["status"] as? String == "cancelled", "\(view)")
            #expect(view["lastOutcome"] as? String == "cancelled", "\(view)")
            #expect((view["ended"] as? [String: Any])?["comment"] as? String == "not now", "\(view)")
            #expect(view["nodesLeftCordoned"] as? [String] == ["store-a-cp1"], "\(view)")
            try Self.expectNamesTheFailure(view, store)

            // An upgrade that begins work on the nodes (first the node the failure left cordoned) is past it.
            let (assigned, assignment) = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.2.0"}"#)
            #expect(assigned == .accepted, "\(assignment)")
            let running = try await Self.view(client)
            #expect(running["status"] as? String == "in-progress", "\(running)")
            #expect((running["upgrade"] as? [String: Any])?["number"] as? Int == 3, "\(running)")
            #expect(running["lastFailure"] == nil, "\(running)")
        }
    }
}
