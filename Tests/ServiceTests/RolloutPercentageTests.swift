import Engine
import EventStore
import Foundation
import HummingbirdTesting
import Testing
import UpgradeDomain
@testable import Service

/// A pool's percentage is a share of its nodes, at most all of them: registration refuses one over
/// 100% as the scenario files do, naming its JSON path, and registers nothing. A budget over 100%
/// recorded before the service refused it is still read and planned.
@Suite("Rollout percentages at registration")
struct RolloutPercentageTests {
    static func cluster(surge: String, unavailable: String) -> String {
        #"""
        {"id":"store-a","profile":{"name":"retail","version":"1.0.0"},"pools":[
          {"id":"control-plane","role":"control-plane","nodes":["store-a-cp1"],"maxSurge":"0","maxUnavailable":"1"},
          {"id":"workers","role":"worker","nodes":["store-a-w1","store-a-w2"],"spareHosts":2,"maxSurge":"\#(surge)","maxUnavailable":"\#(unavailable)"}]}
        """#
    }

    /// Publishes the profile versions the cluster registers on (1.0.0) and moves to (1.1.0).
    static func publishProfiles(_ client: some TestClientProtocol) async throws {
        #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0")).0 == .created)
        #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1")).0 == .created)
    }

    @Test(arguments: [
        ("0", "101%", "pools[1].maxUnavailable 101%"),
        ("150%", "1", "pools[1].maxSurge 150%"),
        ("0", "9223372036854775807%", "pools[1].maxUnavailable 9223372036854775807%"),
        ("99999999999999999999%", "0", "pools[1].maxSurge 99999999999999999999%"),
    ])
    func aPercentageOver100IsRefusedNamingItsPath(surge: String, unavailable: String, named: String) async throws {
        try await ServiceHarness().test(.live) { client, _ in
            try await Self.publishProfiles(client)
            let (status, body) = try await client.call(.post, "/v1/clusters", token: "operator-token", json: Self.cluster(surge: surge, unavailable: unavailable))
            #expect(status == .badRequest)
            let error = try #require(try ClusterFlowTests.json(body)["error"] as? [String: Any])
            #expect(error["code"] as? String == "invalid_body")
            #expect((error["message"] as? String)?.hasPrefix("\(named) is more than 100%") == true, "\(body)")
            #expect(try await client.call(.get, "/v1/clusters/store-a", token: "viewer-token").0 == .notFound)
        }
    }

    @Test(arguments: [("100%", "100%"), ("0%", "100%"), ("100%", "0")])
    func aPercentageUpTo100RegistersAndItsUpgradeIsPlanned(surge: String, unavailable: String) async throws {
        try await ServiceHarness().test(.live) { client, _ in
            try await Self.publishProfiles(client)
            let registered = try await client.call(.post, "/v1/clusters", token: "operator-token", json: Self.cluster(surge: surge, unavailable: unavailable))
            #expect(registered.0 == .created, "\(registered.1)")
            let assigned = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            #expect(assigned.0 == .accepted, "\(assigned.1)")
        }
    }

    @Test(arguments: [RolloutValue.percent(150), .percent(Int.max)])
    func aBudgetOver100RecordedBeforeIsReadAtStartAndItsUpgradeIsPlanned(_ recorded: RolloutValue) async throws {
        let harness = ServiceHarness()
        // The registration as a service that took the budget recorded it, in the store before the
        // service starts and folds it.
        let store = try EventStore.open(at: harness.folder)
        let nodes = ["store-a-w1", "store-a-w2"].map { FleetNode(id: NodeID($0), role: .worker) }
        let cluster = Cluster(
            id: ClusterID("store-a"), targetInfrastructure: "edge-native",
            pools: [
                NodePool(id: PoolID("control-plane"), role: .controlPlane, nodes: [FleetNode(id: NodeID("store-a-cp1"), role: .controlPlane)],
                         rollout: RolloutBudget(maxSurge: .count(0), maxUnavailable: .count(1))),
                NodePool(id: PoolID("workers"), role: .worker, nodes: nodes, spareHosts: 2,
                         rollout: RolloutBudget(maxSurge: recorded, maxUnavailable: recorded)),
            ],
            profile: ProfileReference(name: "retail", version: "1.0.0"), kubernetesVersion: "v1.30.4+rke2r1", cniPack: "cni-calico")
        let events = try ClusterUpgradeDecider.decide(.registerCluster(cluster, policy: .standard, at: harness.clock.now()), .initial).get()
        let envelopes = try EdgeClusters.envelopes(for: events, activeUpgrade: nil, cluster: "store-a", actor: "olga",
                                                   at: harness.clock.now(), newID: UUID.init)
        _ = try await store.append(to: EdgeClusters.stream("store-a"), expected: .noStream, events: envelopes)
        store.close()

        try await harness.test(.live) { client, _ in
            try await Self.publishProfiles(client)
            let (shown, body) = try await client.call(.get, "/v1/clusters/store-a", token: "viewer-token")
            #expect(shown == .ok, "\(body)")
            let assigned = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            #expect(assigned.0 == .accepted, "\(assigned.1)")
            #expect(try await client.call(.get, "/healthz").0 == .ok)
        }
    }
}
