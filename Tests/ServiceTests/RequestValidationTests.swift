import Engine
import Foundation
import HummingbirdTesting
import Testing
@testable import Service

/// Bad bodies are a 400 whose message names the JSON path in plain English, and write nothing.
@Suite("Request validation")
struct RequestValidationTests {
    static let profile = #"{"name":"retail","version":"1.0.0"}"#

    static func cluster(pools: String, policy: String = "") -> String {
        #"{"id":"qa","profile":\#(profile),"pools":[\#(pools)]\#(policy)}"#
    }

    static let cp = #"{"id":"cp","role":"control-plane","nodes":["cp1"]}"#
    static let workers = #"{"id":"w","role":"worker","nodes":["w1","w2"]}"#

    @Test(arguments: [
        (cluster(pools: cp + "," + workers, policy: #","policy":{"stepTimeoutMs":-5}"#), "policy.stepTimeoutMs -5 must be 1 to 31622400000"),
        (cluster(pools: cp + "," + workers, policy: #","policy":{"stepTimeoutMs":0}"#), "policy.stepTimeoutMs 0 must be 1 to 31622400000"),
        (cluster(pools: cp + "," + workers, policy: #","policy":{"stepTimeoutMs":9223372036854775807}"#),
         "policy.stepTimeoutMs 9223372036854775807 must be 1 to 31622400000"),
        (#"{"clusterId":"d","clusterName":"d","targetInfrastructure":"aws","template":"t","noProgressDeadlineMs":9223372036854775807}"#,
         "noProgressDeadlineMs 9223372036854775807 must be 1 to 31622400000"),
        (#"{"id":"\#(String(repeating: "n", count: 391))","profile":\#(profile),"pools":[\#(cp)]}"#, "id is 391 bytes long; at most 390 bytes (UTF-8) are allowed"),
        (#"{"clusterId":"\#(String(repeating: "é", count: 200))","clusterName":"d","targetInfrastructure":"aws","template":"t"}"#,
         "clusterId is 400 bytes long; at most 390 bytes (UTF-8) are allowed"),
        (#"{"name":"\#(String(repeating: "p", count: 600))","version":"2","distribution":"rke2","packs":[]}"#,
         "name is 600 bytes long; at most 392 bytes (UTF-8) are allowed"),
        (cluster(pools: cp + "," + workers, policy: #","policy":{"maxRetries":-1}"#), "policy.maxRetries -1 is negative"),
        (cluster(pools: workers), "pools: the cluster needs a pool with role control-plane"),
        (cluster(pools: cp + #",{"id":"w","role":"worker","nodes":["w1"],"elementalHosts":["w1","cp1"]}"#),
         "pools[1].elementalHosts[1]: cp1 is not one of pools[1].nodes"),
        (cluster(pools: cp + #",{"id":"w","role":"worker","nodes":["w1","cp1"]}"#), "pools[1].nodes[1]: node cp1 is also pools[0].nodes[0]"),
        (cluster(pools: cp + #",{"id":"cp","role":"worker","nodes":["w1"]}"#), "pools[1].id: pool cp is also pools[0]"),
        (cluster(pools: cp + #",{"id":"w","role":"worker","nodes":["w1"],"spareHosts":-3}"#), "pools[1].spareHosts -3 is negative"),
        (cluster(pools: cp + #",{"id":"w","role":"worker","nodes":["w1"],"maxSurge":"0","maxUnavailable":"0"}"#),
         "pools[1]: pool w: maxSurge and maxUnavailable are both 0"),
        (#"{"id":"qa","profile":\#(profile),"pools":{}}"#, "pools should be an array"),
        (#"[]"#, "the body should be an object"),
        (#"{"name":"retail","version":"2","distribution":"rke2","packs":[{"layer":"os","name":"o","version":"1","values":7}]}"#,
         "packs[0].values should be a string"),
        (#"{"name":"retail","version":"2","distribution":"rke2","packs":[{"layer":"os","name":"o"}]}"#, "packs[0].version is missing"),
        (#"{"name":"retail","version":"2","distribution":"rke2","packs":{}}"#, "packs should be an array"),
        (#"{"clusterId":"d","clusterName":"d","targetInfrastructure":"aws","template":"t","controlPlaneReplicas":-3}"#,
         "controlPlaneReplicas -3 must be 1 or more"),
        (#"{"clusterId":"d","clusterName":"d","targetInfrastructure":"aws","template":"t","controlPlaneReplicas":1.5}"#,
         "controlPlaneReplicas should be a whole number"),
        (#"{"clusterId":"d","clusterName":"d","targetInfrastructure":"aws","template":"t","variables":"str"}"#, "variables should be an object"),
        (#"{"clusterId":"d","clusterName":"d","targetInfrastructure":"aws","template":"t","variables":[]}"#, "variables should be an object"),
        (#"{"clusterId":"d","clusterName":"","targetInfrastructure":"aws","template":"t"}"#, "clusterName must not be empty"),
        (cluster(pools: #"{"id":"x","role":"boss","nodes":["n1"]}"#), "pools[0].role boss is not control-plane or worker"),
    ])
    func aBadBodyIsA400NamingItsJSONPath(body: String, message: String) async throws {
        try await ServiceHarness().test(.live) { client, store in
            #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0")).0 == .created)
            let path = body.contains("clusterId") ? "/v1/deployments" : body.contains("distribution") || body == "[]" ? "/v1/profiles" : "/v1/clusters"
            let before = try store.lastPosition()
            let (status, answer) = try await client.call(.post, path, token: "operator-token", json: body)
            #expect(status == .badRequest, "\(answer)")
            let error = try #require(try ClusterFlowTests.json(answer)["error"] as? [String: Any])
            let text = try #require(error["message"] as? String)
            #expect(text.hasPrefix(message), "\(text)")
            for leak in ["Dictionary<", "Array<", "UpgradeDomain.", "(pool:", "Swift.", ".["] { #expect(!text.contains(leak), "\(text)") }
            #expect(try store.lastPosition() == before)
        }
    }

    @Test(arguments: [
        (#"{"node":"store-a-cp1","step":"cordon","outcome":"started","idempotencyKey":"k","upgrade":1.5}"#, "upgrade should be a whole number"),
        (#"{"node":"store-a-cp1","step":"cordon","outcome":"started","idempotencyKey":"k","atMs":-100}"#, "atMs -100 is negative"),
        (#"{"node":"store-a-cp1","step":"cordon","outcome":"started","idempotencyKey":"k","atMs":1000}"#, "atMs 1000 is before the step was requested"),
        (#"{"node":"store-a-cp1","step":"cordon","outcome":"succeeded","idempotencyKey":"k","atMs":99999999999999}"#, "atMs 99999999999999 is ahead of this server's clock"),
        (#"{"node":"store-a-cp1","step":"cordon","outcome":"started","idempotencyKey":"k","attempt":0}"#, "attempt 0 is below 1"),
        (#"{"node":"store-a-cp1","step":"cordon","outcome":"started","idempotencyKey":"k","upgrade":-2}"#, "upgrade -2 is below 1"),
        (#"{"node":"store-a-cp1","step":"cordon","outcome":"started"}"#, "idempotencyKey is missing"),
        (#"{"node":"store-a-cp1","step":"cordon","outcome":"started","idempotencyKey":"k""#, "the body is not valid JSON at its end (it stops short)"),
        ("{\"node\":\"store-a-cp1\",\n\"step\" \"cordon\"}", "the body is not valid JSON at line 2, column 8"),
    ])
    func aBadReportIsA400InPlainEnglish(body: String, message: String) async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await ClusterFlowTests.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: AgentStartReportTests.assign)
            let before = try store.lastPosition()
            let (status, answer) = try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: body)
            #expect(status == .badRequest, "\(answer)")
            let text = try #require((try ClusterFlowTests.json(answer)["error"] as? [String: Any])?["message"] as? String)
            #expect(text.hasPrefix(message), "\(text)")
            #expect(try store.lastPosition() == before)
        }
    }

    @Test func aJSONPathReadsLikeTheDocuments() {
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int?
            init(stringValue: String) { self.stringValue = stringValue }
            init(intValue: Int) { self.stringValue = "Index \(intValue)"; self.intValue = intValue }
        }
        #expect(DecodingErrorText.path([Key(stringValue: "packs"), Key(intValue: 0), Key(stringValue: "values")]) == "packs[0].values")
        #expect(DecodingErrorText.path([Key(intValue: 2), Key(stringValue: "name")]) == "[2].name")
        #expect(DecodingErrorText.path([]) == "the body")
    }
}
