import EventStore
import Foundation
import HummingbirdTesting
import Testing
@testable import Service

/// Edge clusters and template deployments share `cluster/<id>`; an id names one kind only.
@Suite("One stream per cluster id, either kind")
struct ClusterKindTests {
    static func deployment(_ id: String) -> String {
        #"{"clusterId":"\#(id)","clusterName":"\#(id)","targetInfrastructure":"aws","template":"aws-standalone-cp-1-0-14"}"#
    }

    static func profile(_ client: any TestClientProtocol) async throws {
        #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0")).0 == .created)
    }

    @Test func aTemplateUpgradeThatMakesNoProgressFailsAtItsDeadline() async throws {
        var harness = ServiceHarness()
        harness.configuration.tickIntervalMs = 86_400_000  // only the resumes below tick
        let clock = harness.clock
        try await harness.test { client, store in
            let registration = #"""
            {"clusterId":"prod-eu","clusterName":"prod-eu","targetInfrastructure":"aws","template":"aws-standalone-cp-1-0-14",
             "noProgressDeadlineMs":900000,
             "upgradePaths":[{"template":"aws-standalone-cp-1-0-14","availableUpgrades":["aws-standalone-cp-1-0-15"]}]}
            """#
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: registration).0 == .created)
            try await ClusterWatchLine.post("prod-eu", cluster: "prod-eu", client)
            let change = #"{"template":"aws-standalone-cp-1-0-15","targetKubernetesVersion":"v1.32.5","upgradeId":"upg-1"}"#
            let (status, body) = try await client.call(.post, "/v1/deployments/prod-eu/template", token: "operator-token", json: change)
            #expect(status == .accepted, "\(body)")
            clock.advance(seconds: 899)
            let early = ClusterService(store: store, clock: clock, metrics: ServiceMetrics(), logger: .init(label: "test"))
            _ = try await early.resume()
            #expect(try store.events(ofType: "TemplateUpgradeFailed").isEmpty)
            clock.advance(seconds: 2)
            let late = ClusterService(store: store, clock: clock, metrics: ServiceMetrics(), logger: .init(label: "test"))
            _ = try await late.resume()
            #expect(try store.events(ofType: "TemplateUpgradeFailed").count == 1)
        }
    }

    @Test func aTemplateChangeWhoseVariablesAreNotAnObjectIs400AndWritesNothing() async throws {
        try await ServiceHarness().test { client, store in
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: Self.deployment("prod-eu")).0 == .created)
            let before = try store.lastPosition()
            for variables in ["42", #""str""#, "[]"] {
                let change = #"{"template":"aws-standalone-cp-1-0-15","variables":\#(variables)}"#
                let (status, body) = try await client.call(.post, "/v1/deployments/prod-eu/template", token: "operator-token", json: change)
                #expect(status == .badRequest, "\(variables): \(body)")
                #expect(body.contains("variables should be an object"), "\(body)")
            }
            #expect(try store.lastPosition() == before)
        }
    }

    @Test func aDeploymentIsRecordedOnTheClusterStreamAndAuditedByItsId() async throws {
        try await ServiceHarness().test { client, store in
            let (status, body) = try await client.call(.post, "/v1/deployments", token: "operator-token", json: Self.deployment("prod-eu"))
            #expect(status == .created, "\(body)")
            #expect(try store.readStream("cluster/prod-eu").map(\.type) == ["TemplateDeploymentRegistered"])
            let (_, audit) = try await client.call(.get, "/v1/audit?cluster=prod-eu", token: "viewer-token")
            let events = try #require(try ClusterFlowTests.json(audit)["events"] as? [[String: Any]], "\(audit)")
            #expect(events.map { $0["type"] as? String } == ["TemplateDeploymentRegistered"])
            #expect(try await client.call(.get, "/v1/deployments/prod-eu", token: "viewer-token").0 == .ok)
            let (missing, text) = try await client.call(.get, "/v1/clusters/prod-eu", token: "viewer-token")
            #expect(missing == .notFound)
            #expect(text.contains("prod-eu is a template-based deployment, not an edge cluster"))
        }
    }

    @Test func anEdgeClusterCannotTakeTheIdOfADeployment() async throws {
        try await ServiceHarness().test { client, store in
            try await Self.profile(client)
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: Self.deployment("store-a")).0 == .created)
            let written = try store.lastPosition()
            let (status, body) = try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-a"))
            #expect(status == .conflict, "\(body)")
            #expect(body.contains("store-a is already registered as a template-based deployment; it cannot also be an edge cluster"))
            #expect(try store.lastPosition() == written)
            #expect(try await client.call(.get, "/v1/deployments/store-a", token: "viewer-token").0 == .ok)
        }
    }

    @Test func aDeploymentCannotTakeTheIdOfAnEdgeCluster() async throws {
        try await ServiceHarness().test { client, store in
            try await Self.profile(client)
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-a")).0 == .created)
            let written = try store.lastPosition()
            let (status, body) = try await client.call(.post, "/v1/deployments", token: "operator-token", json: Self.deployment("store-a"))
            #expect(status == .conflict, "\(body)")
            #expect(body.contains("store-a is already registered as an edge cluster; it cannot also be a template-based deployment"))
            #expect(try store.lastPosition() == written)
            #expect(try await client.call(.get, "/v1/clusters/store-a", token: "viewer-token").0 == .ok)
            let (missing, text) = try await client.call(.get, "/v1/deployments/store-a", token: "viewer-token")
            #expect(missing == .notFound)
            #expect(text.contains("store-a is an edge cluster, not a template-based deployment"))
        }
    }
}
