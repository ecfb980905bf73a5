import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Service

/// The inventory's status of an edge cluster (seed 003: no update while it is provisioning) is
/// taken at registration and reported by an operator afterwards; a profile change waits for `running`.
@Suite("Cluster inventory status")
struct ClusterStatusTests {
    static let assignment = #"{"name":"retail","version":"1.1.0"}"#

    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    /// Profiles 1.0.0 and 1.1.0 (a Kubernetes patch) published, `store-a` registered with `extra` fields.
    static func setUp(_ client: any TestClientProtocol, registering extra: String = "") async throws {
        #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0")).0 == .created)
        let newer = Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1")
        #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: newer).0 == .created)
        let body = Fixtures.cluster("store-a").replacingOccurrences(of: #"{"id":"store-a","#, with: #"{"id":"store-a",\#(extra)"#)
        let (status, answer) = try await client.call(.post, "/v1/clusters", token: "operator-token", json: body)
        #expect(status == .created, "\(answer)")
    }

    static func clusterStatus(_ client: any TestClientProtocol) async throws -> String? {
        let (_, view) = try await client.call(.get, "/v1/clusters/store-a", token: "viewer-token")
        return try json(view)["clusterStatus"] as? String
    }

    @Test func aClusterRegisteredWithoutAStatusIsRunning() async throws {
        try await ServiceHarness().test { client, _ in
            try await Self.setUp(client)
            #expect(try await Self.clusterStatus(client) == "running")
        }
    }

    @Test func aClusterRegisteredProvisioningRefusesAProfileUntilTheInventoryReportsItRunning() async throws {
        try await ServiceHarness().test { client, store in
            try await Self.setUp(client, registering: #""status":"provisioning","#)
            #expect(try await Self.clusterStatus(client) == "provisioning")

            let (refused, why) = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: Self.assignment)
            #expect(refused == .conflict, "\(why)")
            let error = try #require(try Self.json(why)["error"] as? [String: Any])
            #expect((error["message"] as? String)?.contains("the cluster is still provisioning") == true, "\(why)")
            #expect((error["details"] as? [String: String])?["reason"] == "clusterIsProvisioning", "\(why)")
            let recorded = try #require(try store.readStream("cluster/store-a").last)
            #expect(recorded.type == "CommandRefused")
            #expect(recorded.actor == "olga")

            let (reported, answer) = try await client.call(.post, "/v1/clusters/store-a/status", token: "operator-token", json: #"{"status":"running"}"#)
            #expect(reported == .ok, "\(answer)")
            #expect(try Self.json(answer)["events"] as? [String] == ["ClusterStatusChanged"])
            #expect((try Self.json(answer)["state"] as? [String: Any])?["clusterStatus"] as? String == "running", "\(answer)")
            #expect(try store.readStream("cluster/store-a").last.map { [$0.type, $0.actor] } == ["ClusterStatusChanged", "olga"])

            let (accepted, body) = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: Self.assignment)
            #expect(accepted == .accepted, "\(body)")
        }
    }

    @Test func aClusterBeingDeletedRefusesAProfileChange() async throws {
        try await ServiceHarness().test { client, store in
            try await Self.setUp(client)
            let (reported, answer) = try await client.call(.post, "/v1/clusters/store-a/status", token: "operator-token", json: #"{"status":"deleting"}"#)
            #expect(reported == .ok, "\(answer)")
            #expect(try await Self.clusterStatus(client) == "deleting")
            let (refused, why) = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: Self.assignment)
            #expect(refused == .conflict, "\(why)")
            #expect(why.contains("clusterIsDeleting"), "\(why)")
            #expect(try store.readStream("cluster/store-a").last?.type == "CommandRefused")
        }
    }

    @Test func theSameStatusAgainRecordsNothing() async throws {
        try await ServiceHarness().test { client, store in
            try await Self.setUp(client)
            let before = try store.lastPosition()
            let (status, answer) = try await client.call(.post, "/v1/clusters/store-a/status", token: "operator-token", json: #"{"status":"running"}"#)
            #expect(status == .ok, "\(answer)")
            #expect(try Self.json(answer)["events"] as? [String] == [])
            #expect(try store.lastPosition() == before)
        }
    }

    @Test(arguments: [
        ("/v1/clusters/store-a/status", #"{"status":"Provisioning"}"#, HTTPResponse.Status.badRequest,
         "status Provisioning is not provisioning, running or deleting"),
        ("/v1/clusters/store-a/status", #"{"status":"gone"}"#, .badRequest, "status gone is not provisioning, running or deleting"),
        ("/v1/clusters/store-a/status", #"{}"#, .badRequest, "status"),
        ("/v1/clusters/store-b/status", #"{"status":"running"}"#, .notFound, "cluster store-b is not registered"),
    ])
    func aBadStatusReportIsRefusedAndWritesNothing(path: String, body: String, expected: HTTPResponse.Status, message: String) async throws {
        try await ServiceHarness().test { client, store in
            try await Self.setUp(client)
            let before = try store.lastPosition()
            let (status, answer) = try await client.call(.post, path, token: "operator-token", json: body)
            #expect(status == expected, "\(answer)")
            #expect(((try Self.json(answer)["error"] as? [String: Any])?["message"] as? String)?.contains(message) == true, "\(answer)")
            #expect(try store.lastPosition() == before)
        }
    }

    @Test func anUnknownStatusAtRegistrationIsA400NamingTheFieldAndRegistersNothing() async throws {
        try await ServiceHarness().test { client, store in
            #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0")).0 == .created)
            let before = try store.lastPosition()
            let body = Fixtures.cluster("store-a").replacingOccurrences(of: #"{"id":"store-a","#, with: #"{"id":"store-a","status":"booting","#)
            let (status, answer) = try await client.call(.post, "/v1/clusters", token: "operator-token", json: body)
            #expect(status == .badRequest, "\(answer)")
            let message = (try Self.json(answer)["error"] as? [String: Any])?["message"] as? String
            #expect(message == "status booting is not provisioning, running or deleting", "\(answer)")
            #expect(try store.lastPosition() == before)
        }
    }

    @Test func onlyAnOperatorReportsTheStatusNotTheClustersAgent() async throws {
        try await ServiceHarness().test { client, store in
            try await Self.setUp(client)
            let before = try store.lastPosition()
            for token in ["viewer-token", "agent-a-token"] {
                let (status, answer) = try await client.call(.post, "/v1/clusters/store-a/status", token: token, json: #"{"status":"deleting"}"#)
                #expect(status == .forbidden, "\(token): \(answer)")
            }
            #expect(try store.lastPosition() == before)
        }
    }
}
