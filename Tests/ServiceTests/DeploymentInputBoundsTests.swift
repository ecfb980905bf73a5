import Engine
import EventStore
import Foundation
import HummingbirdTesting
import Testing
import UpgradeDomain
@testable import Service

/// What the deployment routes accept is what the store can read back and the domain can judge:
/// variables nest at most `TemplateValue.maximumNestingDepth` levels, replica counts fit Cluster
/// API's `int32`, and telemetry always names an infrastructure. A refusal writes nothing.
@Suite("Deployment input bounds")
struct DeploymentInputBoundsTests {
    /// `{"x":[[…]]}`: an object holding arrays, `depth` levels in all.
    static func variables(depth: Int) -> String {
        #"{"x":"# + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1) + "}"
    }

    static func registration(variables: String = "{}", infrastructure: String = "aws") -> String {
        #"{"clusterId":"dv","clusterName":"dv","targetInfrastructure":"\#(infrastructure)","template":"t-14","variables":\#(variables)}"#
    }

    @Test("the deepest variables accepted, on registration and on change, read back from the store")
    func deepestAcceptedReadsBack() async throws {
        let depth = TemplateValue.maximumNestingDepth
        try await ServiceHarness().test { client, store in
            let (registered, body) = try await client.call(.post, "/v1/deployments", token: "operator-token",
                                                          json: Self.registration(variables: Self.variables(depth: depth)))
            #expect(registered == .created, "\(body)")
            try await ClusterWatchLine.post("dv", cluster: "dv", client)
            let change = #"{"template":"t-15","variables":\#(Self.variables(depth: depth))}"#
            let (changed, answer) = try await client.call(.post, "/v1/deployments/dv/template", token: "operator-token", json: change)
            #expect(changed == .accepted, "\(answer)")
            // A restart folds the stream from the store: every event decodes.
            let folded = try await TemplateDeployments(store: store).state(of: "dv").state
            #expect(folded.deployment?.variables.nestingDepth == depth)
            #expect(folded.upgrade?.start.toVariables.nestingDepth == depth)
        }
    }

    @Test("variables nested deeper than the limit are a 400 naming the field and the limit, and write nothing",
          arguments: [TemplateValue.maximumNestingDepth + 1, 511])  // 511: QA's repro, 510 arrays in an object
    func tooDeepRefused(depth: Int) async throws {
        try await ServiceHarness().test { client, store in
            let empty = try store.lastPosition()
            let (status, body) = try await client.call(.post, "/v1/deployments", token: "operator-token",
                                                      json: Self.registration(variables: Self.variables(depth: depth)))
            #expect(status == .badRequest, "\(body)")
            #expect(body.contains("variables nest \(depth) levels deep; at most \(TemplateValue.maximumNestingDepth) are accepted"), "\(body)")
            #expect(try store.lastPosition() == empty)
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: Self.registration()).0 == .created)
            let before = try store.lastPosition()
            let change = #"{"template":"t-15","variables":\#(Self.variables(depth: depth))}"#
            let (changed, answer) = try await client.call(.post, "/v1/deployments/dv/template", token: "operator-token", json: change)
            #expect(changed == .badRequest, "\(answer)")
            #expect(answer.contains("variables nest \(depth) levels deep"), "\(answer)")
            #expect(try store.lastPosition() == before)
        }
    }

    @Test("an empty targetInfrastructure is a 400 naming the field, and writes nothing")
    func emptyInfrastructureRefused() async throws {
        try await ServiceHarness().test { client, store in
            let empty = try store.lastPosition()
            let (status, body) = try await client.call(.post, "/v1/deployments", token: "operator-token",
                                                      json: Self.registration(infrastructure: ""))
            #expect(status == .badRequest, "\(body)")
            #expect(body.contains("targetInfrastructure must not be empty"), "\(body)")
            #expect(try store.lastPosition() == empty)
        }
    }

    @Test("a watch event with a replica count beyond int32 is a 400 naming object.spec.replicas, and writes nothing",
          arguments: ["9223372036854775807", "4611686018427387904", "-1"])
    func hugeReplicasRefused(replicas: String) async throws {
        try await ServiceHarness().test { client, store in
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: Self.registration()).0 == .created)
            let before = try store.lastPosition()
            let line = #"{"type":"MODIFIED","object":{"apiVersion":"controlplane.cluster.x-k8s.io/v1beta2","kind":"KubeadmControlPlane","#
                + #""metadata":{"name":"dv-cp","uid":"u-cp","resourceVersion":"9","generation":3,"labels":{"cluster.x-k8s.io/cluster-name":"dv"}},"#
                + #""spec":{"replicas":\#(replicas)}}}"#
            let (status, body) = try await client.call(.post, "/v1/deployments/dv/watch", token: "operator-token", json: line + "\n")
            #expect(status == .badRequest, "\(body)")
            #expect(body.contains("object.spec.replicas: expected an integer from 0 to 2147483647, got \(replicas)"), "\(body)")
            #expect(try store.lastPosition() == before)
        }
    }

    /// QA: `"upgradeId":""` started an upgrade named nothing ("upgrade  to t-15 is in progress"), a
    /// blank template was a template, and an id of any size or with control characters was written
    /// into every event of the upgrade and every refusal.
    @Test("a blank, oversized or control-character upgradeId, or a blank template, is a 400 naming the field, and writes nothing",
          arguments: [
            (#"{"template":"t-15","upgradeId":""}"#, "upgradeId must not be empty or blank"),
            (#"{"template":"t-15","upgradeId":"  "}"#, "upgradeId must not be empty or blank"),
            (#"{"template":"t-15","upgradeId":"CHG\u001b[31m-42"}"#, "upgradeId must not contain control characters"),
            (#"{"template":"t-15","upgradeId":"\#(String(repeating: "x", count: 401))"}"#, "upgradeId is 401 bytes long; at most 400 bytes"),
            (#"{"template":"   "}"#, "template must not be empty or blank"),
            (#"{"template":"t-\n15"}"#, "template must not contain control characters"),
          ])
    func badUpgradeIdOrTemplateRefused(change: String, message: String) async throws {
        try await ServiceHarness().test(.live) { client, store in
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: Self.registration()).0 == .created)
            let before = try store.lastPosition()
            let (status, body) = try await client.call(.post, "/v1/deployments/dv/template", token: "operator-token", json: change)
            #expect(status == .badRequest, "\(body)")
            #expect(body.contains(message), "\(body)")
            #expect(try store.lastPosition() == before)
            // The longest id accepted starts the upgrade (once the watch has listed the cluster).
            try await ClusterWatchLine.post("dv", cluster: "dv", client)
            let longest = #"{"template":"t-15","upgradeId":"\#(String(repeating: "x", count: 400))"}"#
            #expect(try await client.call(.post, "/v1/deployments/dv/template", token: "operator-token", json: longest).0 == .accepted)
        }
    }

    @Test("a blank template on registration is a 400, and writes nothing")
    func blankTemplateRegistrationRefused() async throws {
        try await ServiceHarness().test(.live) { client, store in
            let empty = try store.lastPosition()
            let blank = #"{"clusterId":"dv","clusterName":"dv","targetInfrastructure":"aws","template":" "}"#
            let (status, body) = try await client.call(.post, "/v1/deployments", token: "operator-token", json: blank)
            #expect(status == .badRequest, "\(body)")
            #expect(body.contains("template must not be empty or blank"), "\(body)")
            #expect(try store.lastPosition() == empty)
        }
    }

    /// The route's variables replace the deployment's whole (docs/openapi.yaml, docs/template-upgrade.md);
    /// a scenario's changeTemplate merges instead. QA found the service's rule written nowhere.
    @Test("variables sent with a change replace the deployment's whole; without them they are kept")
    func variablesAreReplacedWhole() async throws {
        try await ServiceHarness().test(.live) { client, store in
            let registration = Self.registration(variables: #"{"region":"eu-west-1","worker":{"instanceType":"m6i.large","rootVolumeSize":64}}"#)
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: registration).0 == .created)
            try await ClusterWatchLine.post("dv", cluster: "dv", client)
            let partial = #"{"template":"t-14","variables":{"worker":{"instanceType":"m6i.2xlarge"}},"upgradeId":"bigger"}"#
            #expect(try await client.call(.post, "/v1/deployments/dv/template", token: "operator-token", json: partial).0 == .accepted)
            let folded = try await TemplateDeployments(store: store).state(of: "dv").state
            #expect(folded.deployment?.variables == .object(["worker": .object(["instanceType": .string("m6i.2xlarge")])]))
        }
    }
}
