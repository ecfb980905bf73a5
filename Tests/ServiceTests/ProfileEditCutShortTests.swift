import Engine
import EventStore
import Foundation
import HummingbirdTesting
import Testing
@testable import Service

/// Edits in place of a profile version that a stop cut short, between storing the edit and telling
/// every cluster: each is finished once, in the order the edits were made, for exactly the clusters it missed.
@Suite("Profile edits cut short")
struct ProfileEditCutShortTests {
    static let calico = (#""version":"3.28.0""#, #""version":"3.28.1""#)
    /// A new OS image (a repave), then, on top of it, a Calico patch (a service restart).
    static let newImage = Fixtures.profile("1.0.0", os: "2.0.0")
    static let newImageAndCalico = newImage.replacingOccurrences(of: calico.0, with: calico.1)

    static func document(_ json: String) throws -> ProfileDocument {
        try JSONDecoder().decode(ProfileDocument.self, from: Data(json.utf8))
    }

    /// A service over `store` that stores edits and stops before fanning them out (as a SIGKILL would).
    static func service(_ store: EventStore, _ harness: ServiceHarness) -> ClusterService {
        ClusterService(store: store, clock: harness.clock, metrics: ServiceMetrics(), logger: .init(label: "test"))
    }

    static func editWithoutFanOut(_ json: String, _ store: EventStore, _ harness: ServiceHarness) async throws -> ProfileCatalog.Appended {
        try await service(store, harness).catalog.edit(try document(json), actor: "olga", at: harness.clock.now()).event
    }

    static func view(_ client: any TestClientProtocol, _ id: String) async throws -> [String: Any] {
        let (_, body) = try await client.call(.get, "/v1/clusters/\(id)", token: "viewer-token")
        return try ClusterFlowTests.json(body)
    }

    static func fannedOut(_ store: EventStore) throws -> [String] {
        try store.readStream("fanouts/retail").map { String(decoding: $0.data.payload, as: UTF8.self) }
    }

    @Test func twoEditsCutShortReachAClusterThatMissedBothInTheOrderTheyWereMade() async throws {
        let harness = ServiceHarness()
        try await harness.test(.live) { client, store in
            try await ClusterFlowTests.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            let first = try await Self.editWithoutFanOut(Self.newImage, store, harness)
            let second = try await Self.editWithoutFanOut(Self.newImageAndCalico, store, harness)

            _ = try await Self.service(store, harness).resume()
            // The new image is a repave and waits for an approver; the Calico patch queues behind it.
            let view = try await Self.view(client, "store-a")
            #expect((view["upgrade"] as? [String: Any])?["behavior"] as? String == "repave", "\(view)")
            #expect(view["status"] as? String == "awaiting-approval", "\(view)")
            #expect(view["queuedTarget"] as? String == "retail@1.0.0", "\(view)")
            let told = try store.readStream("cluster/store-a").filter { $0.position > second.position }
            #expect(told.map(\.type) == ["ProfileChangeAccepted", "RepaveApprovalRequested", "ProfileChangeQueued"])
            #expect(told.map(\.data.causationID) == [first.id, first.id, second.id])
            let records = try Self.fannedOut(store)
            #expect(records.count == 2)
            #expect(records.first?.contains(#""edit":\#(first.position)"#) == true, "\(records)")
            #expect(records.last?.contains(#""edit":\#(second.position)"#) == true, "\(records)")
        }
    }

    @Test func aClusterWithOtherEventsSinceTheEditIsStillToldOfIt() async throws {
        let harness = ServiceHarness()
        try await harness.test(.live) { client, store in
            try await ClusterFlowTests.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            let edit = try await Self.editWithoutFanOut(Fixtures.profile("1.0.0").replacingOccurrences(of: Self.calico.0, with: Self.calico.1), store, harness)
            // The inventory reports on the cluster after the edit: events of its own, not the edit.
            for status in ["provisioning", "running"] {
                let (reported, body) = try await client.call(.post, "/v1/clusters/store-a/status", token: "operator-token", json: #"{"status":"\#(status)"}"#)
                #expect(reported == .ok, "\(body)")
            }

            #expect(try await Self.service(store, harness).finishFanOuts() == 1)
            let accepted = try #require(try store.readStream("cluster/store-a").last { $0.type == "ProfileChangeAccepted" })
            #expect(accepted.position > edit.position)
            #expect(accepted.data.causationID == edit.id)
            #expect((try await Self.view(client, "store-a")["upgrade"] as? [String: Any])?["behavior"] as? String == "service-restart")
        }
    }

    @Test func aLaterEditFinishesAnEarlierOneCutShortBeforeItIsMade() async throws {
        let harness = ServiceHarness()
        try await harness.test(.live) { client, store in
            try await ClusterFlowTests.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            // Stored by a service that stopped; this one is running and never restarts.
            let first = try await Self.editWithoutFanOut(Self.newImage, store, harness)

            let (status, body) = try await client.call(.put, "/v1/profiles/retail/versions/1.0.0", token: "operator-token", json: Self.newImageAndCalico)
            #expect(status == .ok, "\(body)")
            #expect(try ClusterFlowTests.json(body)["clusters"] as? [String: String] == ["store-a": "ProfileChangeQueued"], "\(body)")
            let view = try await Self.view(client, "store-a")
            #expect((view["upgrade"] as? [String: Any])?["behavior"] as? String == "repave", "\(view)")
            #expect(view["status"] as? String == "awaiting-approval", "\(view)")
            let records = try Self.fannedOut(store)
            #expect(records.count == 2)
            #expect(records.first?.contains(#""edit":\#(first.position)"#) == true, "\(records)")
        }
    }

    @Test func aClusterTheEditReachedOrThatCameLaterIsNotToldAgain() async throws {
        let harness = ServiceHarness()
        try await harness.test(.live) { client, store in
            try await ClusterFlowTests.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-b")).0 == .created)
            let edited = Fixtures.profile("1.0.0").replacingOccurrences(of: Self.calico.0, with: Self.calico.1)
            let stopped = Self.service(store, harness)
            let (before, edit) = try await stopped.catalog.edit(try Self.document(edited), actor: "olga", at: harness.clock.now())
            // The stop came after store-a was told: store-a's upgrade ends (cancelled) before the next start.
            #expect(try await stopped.fanOut(editOf: before, to: try Self.document(edited), causedBy: edit.id, actor: "olga", only: ["store-a"]).count == 1)
            #expect(try await client.call(.post, "/v1/clusters/store-a/cancel", token: "operator-token", json: #"{"comment":"not now"}"#).0 == .ok)
            // store-c registers on the edited content after the edit.
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-c")).0 == .created)

            #expect(try await Self.service(store, harness).finishFanOuts() == 1)
            #expect(try store.readStream("cluster/store-a").count { $0.type == "ProfileChangeAccepted" } == 1)
            #expect(try store.readStream("cluster/store-b").last { $0.type == "ProfileChangeAccepted" }?.data.causationID == edit.id)
            #expect(try store.readStream("cluster/store-c").map(\.type) == ["ClusterRegistered"])
            let written = try store.lastPosition()
            #expect(try await Self.service(store, harness).finishFanOuts() == 0)
            #expect(try store.lastPosition() == written)
        }
    }
}
