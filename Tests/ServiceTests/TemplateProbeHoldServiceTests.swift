import Engine
import EventStore
import Foundation
import HummingbirdTesting
import Testing
@testable import Service

/// The service judges a deployment's no-progress deadline as the decider does: the time its
/// Cluster's `RemoteConnectionProbe` is False does not count (ADR 0028).
@Suite("A template deployment's deadline held while its Cluster's API probe fails")
struct TemplateProbeHoldServiceTests {
    static let registration = #"""
    {"clusterId":"ph","clusterName":"ph","targetInfrastructure":"aws","template":"t-14","noProgressDeadlineMs":900000}
    """#

    /// A MODIFIED v1beta2 Cluster `ph` whose probe (and `Available` with it) fails or succeeds.
    static func cluster(rv: Int, probe: Bool) -> String {
        let status = probe ? "True" : "False"
        return #"{"type":"MODIFIED","object":{"apiVersion":"cluster.x-k8s.io/v1beta2","kind":"Cluster","metadata":"#
            + #"{"name":"ph","namespace":"default","uid":"cluster-ph","resourceVersion":"\#(rv)","generation":1},"#
            + #""status":{"observedGeneration":1,"conditions":[{"type":"Available","status":"\#(status)","reason":"\#(probe ? "Available" : "NotAvailable")"},"#
            + #"{"type":"RemoteConnectionProbe","status":"\#(status)","reason":"\#(probe ? "ProbeSucceeded" : "ProbeFailed")"}]}}}"# + "\n"
    }

    @Test func givenTheProbeFailingForAnHourWhenTheServiceTicksThenTheUpgradeFailsOnlyOnceTheDeadlineHasRunWithTheProbeSucceeding() async throws {
        var harness = ServiceHarness()
        harness.configuration.tickIntervalMs = 86_400_000  // only the resumes below tick
        let clock = harness.clock
        try await harness.test { client, store in
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: Self.registration).0 == .created)
            try await ClusterWatchLine.post("ph", cluster: "ph", client)
            let change = #"{"template":"t-15","targetKubernetesVersion":"v1.32.5","upgradeId":"CHG-7"}"#
            #expect(try await client.call(.post, "/v1/deployments/ph/template", token: "operator-token", json: change).0 == .accepted)
            let down = try await client.call(.post, "/v1/deployments/ph/watch", token: "operator-token", json: Self.cluster(rv: 2, probe: false))
            #expect(down.0 == .ok, "\(down.1)")

            func tick() async throws -> Int {
                _ = try await ClusterService(store: store, clock: clock, metrics: ServiceMetrics(), logger: .init(label: "test")).resume()
                return try store.events(ofType: "TemplateUpgradeFailed").count
            }
            clock.advance(seconds: 3600)
            #expect(try await tick() == 0)

            let up = try await client.call(.post, "/v1/deployments/ph/watch", token: "operator-token", json: Self.cluster(rv: 3, probe: true))
            #expect(up.0 == .ok, "\(up.1)")
            clock.advance(seconds: 899)
            #expect(try await tick() == 0)
            clock.advance(seconds: 1)
            #expect(try await tick() == 1)
            let failed = try #require(try store.events(ofType: "TemplateUpgradeFailed").first)
            let text = String(decoding: failed.data.payload, as: UTF8.self)
            #expect(text.contains("not counting 3600s while the Cluster's RemoteConnectionProbe was False"), "\(text)")
        }
    }
}
