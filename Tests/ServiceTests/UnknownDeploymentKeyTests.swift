import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Service

/// The template deployments' bodies refuse a key they do not take, as the edge bodies do (ADR
/// 0021): a misspelt `upgradeId` would otherwise start an upgrade under a generated id.
@Suite("Unknown deployment body keys")
struct UnknownDeploymentKeyTests {
    @Test(arguments: [
        ("/v1/deployments", #"{"clusterId":"prod-us","clusterName":"prod-us","targetInfrastructure":"aws","template":"aws-standalone-cp-1-0-14","namespce":"kcm"}"#,
         "namespce is not a key of this body (known here: clusterId, clusterName, namespace, targetInfrastructure, template, variables, upgradePaths, controlPlaneReplicas, noProgressDeadlineMs)"),
        ("/v1/deployments", #"{"clusterId":"prod-us","clusterName":"prod-us","targetInfrastructure":"aws","template":"aws-standalone-cp-1-0-14","upgradePaths":[{"template":"a","availableUpgrade":["b"]}]}"#,
         "upgradePaths[0].availableUpgrade is not a key of this body (known here: template, availableUpgrades)"),
        ("/v1/deployments/prod-eu/template", #"{"template":"aws-standalone-cp-1-0-15","upgradeID":"change-42"}"#,
         "upgradeID is not a key of this body (known here: template, variables, targetKubernetesVersion, upgradeId)"),
    ])
    func aKeyTheBodyDoesNotTakeIsA400NamingIt(path: String, body: String, message: String) async throws {
        try await ServiceHarness().test(.live) { client, store in
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: ClusterKindTests.deployment("prod-eu")).0 == .created)
            let before = try store.lastPosition()
            let (status, answer) = try await client.call(.post, path, token: "operator-token", json: body)
            #expect(status == .badRequest, "\(answer)")
            let error = try #require(try ClusterFlowTests.json(answer)["error"] as? [String: Any])
            #expect(error["message"] as? String == message, "\(answer)")
            #expect(try store.lastPosition() == before)
        }
    }

    @Test func variablesKeepTheirOwnKeys() async throws {
        try await ServiceHarness().test(.live) { client, _ in
            let body = #"{"clusterId":"prod-us","clusterName":"prod-us","targetInfrastructure":"aws","template":"aws-standalone-cp-1-0-14","variables":{"anyName":{"nested":1}}}"#
            let (status, answer) = try await client.call(.post, "/v1/deployments", token: "operator-token", json: body)
            #expect(status == .created, "\(answer)")
        }
    }
}
