import Engine
import EventStore
import Foundation
import HummingbirdTesting
import Testing
@testable import Service

@Suite("Clusters, approvals and agents in process")
struct ClusterFlowTests {
    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    static func setUp(_ client: any TestClientProtocol, newVersion: String) async throws {
        #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0")).0 == .created)
        #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: newVersion).0 == .created)
        let (status, body) = try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-a"))
        #expect(status == .created, "\(body)")
    }

    @Test func aRebootIsPlannedAndAnAgentReportsOnceEvenWhenRetried() async throws {
        try await ServiceHarness().test { client, store in
            try await Self.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            let (assigned, body) = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            #expect(assigned == .accepted, "\(body)")
            let state = try Self.json(body)["state"] as? [String: Any]
            #expect(state?["status"] as? String == "in-progress")

            let (polled, actions) = try await client.call(.get, "/v1/agents/store-a/next-action", token: "agent-a-token")
            #expect(polled == .ok)
            let action = try #require((try Self.json(actions)["actions"] as? [[String: Any]])?.first)
            #expect(action["node"] as? String == "store-a-cp1")
            #expect(action["step"] as? String == "cordon")

            let report = #"{"node":"store-a-cp1","step":"cordon","outcome":"succeeded","idempotencyKey":"k-1","attempt":1}"#
            let first = try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: report)
            #expect(first.0 == .ok, "\(first.1)")
            var written = try store.lastPosition()
            let retry = try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: report)
            // The first answer again, marked as a repeat that applied nothing (202, as documented).
            #expect(retry.0 == .accepted, "\(retry.1)")
            #expect(retry.1 == first.1.replacingOccurrences(of: #"{"applied":true,"duplicate":false"#, with: #"{"applied":false,"duplicate":true"#))
            #expect(try store.lastPosition() == written)

            // The action named its upgrade; a report that names another is refused and recorded.
            #expect(action["upgrade"] as? Int == 1)
            let elsewhere = #"{"node":"store-a-cp1","step":"drain","outcome":"succeeded","idempotencyKey":"k-2","attempt":1,"upgrade":7}"#
            let (refused, why) = try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: elsewhere)
            #expect(refused == .conflict)
            #expect(why.contains("in upgrade 7, but upgrade 1 is under way"), "\(why)")
            #expect(try store.readStream("cluster/store-a").last?.type == "CommandRefused")
            written = try store.lastPosition()

            #expect(try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-b-token", json: report).0 == .forbidden)
            #expect(try await client.call(.get, "/v1/agents/store-a/next-action", token: "operator-token").0 == .forbidden)
            #expect(try store.lastPosition() == written)
        }
    }

    @Test func onlyAnApproverApprovesARepaveAndTheApprovalNamesThem() async throws {
        try await ServiceHarness().test { client, store in
            try await Self.setUp(client, newVersion: Fixtures.profile("1.1.0", os: "1.1.0"))
            let (_, body) = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            #expect((try Self.json(body)["state"] as? [String: Any])?["status"] as? String == "awaiting-approval")
            let written = try store.lastPosition()
            #expect(try await client.call(.post, "/v1/clusters/store-a/approve", token: "operator-token").0 == .forbidden)
            #expect(try store.lastPosition() == written)

            let (approved, answer) = try await client.call(.post, "/v1/clusters/store-a/approve", token: "approver-token", json: #"{"comment":"window 2"}"#)
            #expect(approved == .ok, "\(answer)")
            let upgrade = (try Self.json(answer)["state"] as? [String: Any])?["upgrade"] as? [String: Any]
            #expect(upgrade?["approval"] as? String == "approved")
            #expect(upgrade?["approvedBy"] as? String == "alice")
            let recorded = try store.events(ofType: "RepaveApproved")
            #expect(recorded.map(\.actor) == ["alice"])
        }
    }

    @Test func aLongPollWakesWhenAStepIsRequested() async throws {
        try await ServiceHarness().test { client, _ in
            try await Self.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            async let polled = client.call(.get, "/v1/agents/store-a/next-action?timeout=20000", token: "agent-a-token")
            let started = ContinuousClock.now
            #expect(try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#).0 == .accepted)
            let (status, body) = try await polled
            #expect(status == .ok, "\(body)")
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test func aLongPollWithNothingToDoEndsWith204AfterItsTimeout() async throws {
        try await ServiceHarness().test { client, _ in
            try await Self.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            #expect(try await client.call(.get, "/v1/agents/store-a/next-action?timeout=50", token: "agent-a-token").0 == .noContent)
        }
    }

    @Test func anOverdueStepTimesOutOnTheInjectedClock() async throws {
        let harness = ServiceHarness()
        try await harness.test { client, store in
            try await Self.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            harness.clock.advance(seconds: 3600)
            let service = ClusterService(store: store, clock: harness.clock, metrics: ServiceMetrics(), logger: .init(label: "test"))
            _ = try await service.resume()
            #expect(try store.events(ofType: "NodeStepFailed").count == 1)
            let (_, body) = try await client.call(.get, "/v1/clusters/store-a", token: "viewer-token")
            let nodes = ((try Self.json(body)["upgrade"] as? [String: Any])?["nodes"] as? [[String: Any]]) ?? []
            #expect(nodes.first?["attempt"] as? Int == 2, "\(body)")
        }
    }

    @Test func anEditInPlaceOfAProfileVersionFansOutToTheClustersOnIt() async throws {
        try await ServiceHarness().test { client, _ in
            try await Self.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            let edited = Fixtures.profile("1.0.0").replacingOccurrences(of: #""version":"3.28.0""#, with: #""version":"3.28.1""#)
            let (status, body) = try await client.call(.put, "/v1/profiles/retail/versions/1.0.0", token: "operator-token", json: edited)
            #expect(status == .ok, "\(body)")
            let clusters = try Self.json(body)["clusters"] as? [String: String]
            #expect(clusters == ["store-a": "ProfileChangeAccepted"])
            let (_, view) = try await client.call(.get, "/v1/clusters/store-a", token: "viewer-token")
            let upgrade = try Self.json(view)["upgrade"] as? [String: Any]
            #expect(upgrade?["behavior"] as? String == "service-restart", "\(view)")
            let mismatch = try await client.call(.put, "/v1/profiles/retail/versions/2.0.0", token: "operator-token", json: edited)
            #expect(mismatch.0 == .badRequest)
        }
    }

    @Test func aFailedOrCancelledUpgradeShowsHowItEndedAndTheNodesLeftCordoned() async throws {
        try await ServiceHarness().test { client, _ in
            try await Self.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            let policy = #","policy":{"maxRetries":0}}"#
            let second = Fixtures.cluster("store-b").replacingOccurrences(of: "}]}", with: "}]" + policy)
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: second).0 == .created)
            for id in ["store-a", "store-b"] {
                _ = try await client.call(.post, "/v1/clusters/\(id)/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
                let cordon = #"{"node":"\#(id)-cp1","step":"cordon","outcome":"succeeded","idempotencyKey":"k1","attempt":1}"#
                #expect(try await client.call(.post, "/v1/agents/\(id)/reports", token: "agent-\(id.last!)-token", json: cordon).0 == .ok)
            }
            let drain = #"{"node":"store-b-cp1","step":"drain","outcome":"failed","message":"eviction blocked","idempotencyKey":"k2","attempt":1}"#
            #expect(try await client.call(.post, "/v1/agents/store-b/reports", token: "agent-b-token", json: drain).0 == .ok)
            #expect(try await client.call(.post, "/v1/clusters/store-a/cancel", token: "operator-token", json: #"{"comment":"window closed"}"#).0 == .ok)

            let (_, failedView) = try await client.call(.get, "/v1/clusters/store-b", token: "viewer-token")
            let failed = try Self.json(failedView)
            #expect(failed["status"] as? String == "failed", "\(failedView)")
            let failure = try #require(failed["ended"] as? [String: Any], "\(failedView)")
            #expect(failure["node"] as? String == "store-b-cp1")
            #expect(failure["step"] as? String == "drain")
            #expect(failure["attempts"] as? Int == 1)
            #expect((failure["error"] as? String)?.contains("eviction blocked") == true, "\(failedView)")
            #expect(failed["nodesLeftCordoned"] as? [String] == ["store-b-cp1"])

            let (_, cancelledView) = try await client.call(.get, "/v1/clusters/store-a", token: "viewer-token")
            let cancelled = try Self.json(cancelledView)
            #expect(cancelled["status"] as? String == "cancelled", "\(cancelledView)")
            let cancellation = try #require(cancelled["ended"] as? [String: Any], "\(cancelledView)")
            #expect(cancellation["reason"] as? String == "operator-request")
            #expect(cancellation["by"] as? String == "olga")
            #expect(cancellation["comment"] as? String == "window closed")
            #expect(cancelled["nodesLeftCordoned"] as? [String] == ["store-a-cp1"])
        }
    }

    @Test func theSameContentAgainIsNoEditAndReachesNoCluster() async throws {
        try await ServiceHarness().test { client, store in
            try await Self.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            let before = try store.lastPosition()
            let (status, body) = try await client.call(.put, "/v1/profiles/retail/versions/1.0.0", token: "operator-token", json: Fixtures.profile("1.0.0"))
            #expect(status == .ok, "\(body)")
            #expect(try Self.json(body)["clusters"] as? [String: String] == [:])
            #expect(try store.lastPosition() == before)
        }
    }

    @Test func anEditWhoseFanOutWasCutShortIsFinishedAtTheNextStart() async throws {
        let harness = ServiceHarness()
        try await harness.test { client, store in
            try await Self.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-b")).0 == .created)
            // A complete edit leaves its record; an edit stored by a service that stopped before
            // telling any cluster (as a SIGKILL between the two would) leaves none.
            let edited = Fixtures.profile("1.0.0").replacingOccurrences(of: #""version":"3.28.0""#, with: #""version":"3.28.1""#)
            let stopped = ClusterService(store: store, clock: harness.clock, metrics: ServiceMetrics(), logger: .init(label: "test"))
            let position = try await stopped.catalog.edit(try JSONDecoder().decode(ProfileDocument.self, from: Data(edited.utf8)), actor: "olga", at: harness.clock.now()).event.position
            #expect(try store.readStream("cluster/store-a").last?.type == "ClusterRegistered")

            let restarted = ClusterService(store: store, clock: harness.clock, metrics: ServiceMetrics(), logger: .init(label: "test"))
            _ = try await restarted.resume()
            for id in ["store-a", "store-b"] {
                let last = try #require(try store.readStream("cluster/\(id)").last { $0.type == "ProfileChangeAccepted" })
                #expect(last.position > position)
                #expect(last.actor == "olga")
            }
            let record = try #require(try store.readStream("fanouts/retail").last)
            #expect(record.type == "ProfileEditFannedOut")
            #expect(String(decoding: record.data.payload, as: UTF8.self).contains(#""edit":\#(position)"#), "\(String(decoding: record.data.payload, as: UTF8.self))")

            // Finished once: the next start finds nothing to do.
            let written = try store.lastPosition()
            #expect(try await ClusterService(store: store, clock: harness.clock, metrics: ServiceMetrics(), logger: .init(label: "test")).finishFanOuts() == 0)
            #expect(try store.lastPosition() == written)
        }
    }

    @Test func anEditAClusterOnTheVersionRefusesIsNotMadeAndTheNextIsAssessedAgainstWhatItRuns() async throws {
        try await ServiceHarness().test { client, store in
            try await Self.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            let before = try store.lastPosition()
            // A new OS image (a repave) with a Kubernetes typo that is a downgrade.
            let typo = Fixtures.profile("1.0.0", kubernetes: "v1.30.1+rke2r1", os: "2.0.0")
            let (status, body) = try await client.call(.put, "/v1/profiles/retail/versions/1.0.0", token: "operator-token", json: typo)
            #expect(status == .conflict, "\(body)")
            let error = try #require(try Self.json(body)["error"] as? [String: Any])
            #expect(error["code"] as? String == "edit_refused")
            #expect((error["message"] as? String)?.hasPrefix("the edit of retail@1.0.0 is not made: cluster store-a refuses it: ") == true, "\(body)")
            #expect((error["details"] as? [String: String])?["store-a"]?.contains("downgrade") == true, "\(body)")
            #expect(try store.lastPosition() == before)
            let (_, stored) = try await client.call(.get, "/v1/profiles/retail/versions/1.0.0", token: "viewer-token")
            #expect(stored.contains("v1.30.4+rke2r1") && !stored.contains("v1.30.1"), "\(stored)")

            // The typo fixed: the cluster still runs the old image, so the change is the repave it is.
            let fixed = Fixtures.profile("1.0.0", os: "2.0.0")
            let (edited, answer) = try await client.call(.put, "/v1/profiles/retail/versions/1.0.0", token: "operator-token", json: fixed)
            #expect(edited == .ok, "\(answer)")
            let (_, view) = try await client.call(.get, "/v1/clusters/store-a", token: "viewer-token")
            #expect((try Self.json(view)["upgrade"] as? [String: Any])?["behavior"] as? String == "repave", "\(view)")
        }
    }

    @Test func overridesThatChangeValuesAreAnUpdateOfTheClusterAndARepaveWaitsForApproval() async throws {
        try await ServiceHarness().test { client, store in
            try await Self.setUp(client, newVersion: Fixtures.profile("1.1.0"))
            // On RKE2 a stage change repaves (the known issue): the update waits for an approver.
            let body = #"{"packs":{"edge-native-byoi":"stages:\n  boot:\n    - commands: [\"echo hi\"]\n"}}"#
            let (status, answer) = try await client.call(.put, "/v1/clusters/store-a/overrides", token: "operator-token", json: body)
            #expect(status == .ok, "\(answer)")
            let json = try Self.json(answer)
            #expect(json["events"] as? [String] == ["ProfileChangeAccepted", "RepaveApprovalRequested"], "\(answer)")
            #expect((json["state"] as? [String: Any])?["status"] as? String == "awaiting-approval", "\(answer)")
            #expect((json["packs"] as? [String: String])?.keys.sorted() == ["edge-native-byoi"])
            let written = try store.lastPosition()

            let again = try await client.call(.put, "/v1/clusters/store-a/overrides", token: "operator-token", json: body)
            #expect(again.0 == .ok)
            #expect(try Self.json(again.1)["events"] as? [String] == [])
            // The same overrides again are no update: nothing is written.
            #expect(try store.lastPosition() == written)
            #expect(try store.readStream("overrides/store-a").count == 1)
        }
    }

    @Test func overridesAClusterRefusesAreNotStored() async throws {
        try await ServiceHarness().test { client, store in
            try await Self.setUp(client, newVersion: Fixtures.profile("1.1.0"))
            let reported = try await client.call(.post, "/v1/clusters/store-a/status", token: "operator-token", json: #"{"status":"provisioning"}"#)
            #expect(reported.0 == .ok, "\(reported.1)")
            let body = #"{"packs":{"edge-native-byoi":"stages:\n  boot:\n    - commands: [\"echo hi\"]\n"}}"#
            let (status, answer) = try await client.call(.put, "/v1/clusters/store-a/overrides", token: "operator-token", json: body)
            #expect(status == .conflict, "\(answer)")
            #expect(try store.readStream("overrides/store-a").isEmpty)
            #expect(try store.readStream("cluster/store-a").last?.type == "CommandRefused")
            let (_, stored) = try await client.call(.get, "/v1/clusters/store-a/overrides", token: "viewer-token")
            #expect(try Self.json(stored)["packs"] as? [String: String] == [:])
        }
    }
}
