import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Service

/// The agents' bodies refuse a key they do not take, as every other body does (ADR 0021, ADR 0024):
/// a misspelt key is a 400 naming it, nothing is recorded, and the plain bodies agents send are
/// still read without `JSONDecoder`.
@Suite("Unknown agent body keys")
struct UnknownAgentKeyTests {
    static func flat(_ text: String) -> KubernetesHealthBody? {
        Array(text.utf8).withUnsafeBytes(KubernetesHealthBody.init(flat:))
    }

    @Test(arguments: [
        ("/v1/agents/store-a/health", #"{"kubernetes":"down","cluster":"store-a"}"#,
         "cluster is not a key of this body (known here: kubernetes)"),
        ("/v1/agents/store-a/health", #"{"kubernetes":"down","kubernetes_":"healthy"}"#,
         "kubernetes_ is not a key of this body (known here: kubernetes)"),
        ("/v1/agents/store-a/health", #"{"kubernets":"down"}"#,
         "kubernets is not a key of this body (known here: kubernetes)"),
        ("/v1/agents/store-a/reports", #"{"node":"store-a-cp1","step":"cordon","outcome":"succeeded","idempotencyKey":"k1","attempt":1,"upgrde":7}"#,
         "upgrde is not a key of this body (known here: node, step, outcome, message, idempotencyKey, attempt, upgrade, atMs)"),
        ("/v1/agents/store-a/reports", #"{"node":"store-a-cp1","step":"cordon","outcome":"succeeded","idempotencyKey":"k1","attempt":1,"at":{"ms":1}}"#,
         "at is not a key of this body (known here: node, step, outcome, message, idempotencyKey, attempt, upgrade, atMs)"),
    ])
    func aKeyTheAgentsBodyDoesNotTakeIsA400NamingIt(path: String, body: String, message: String) async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await ClusterFlowTests.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            #expect(try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#).0 == .accepted)
            let before = try store.lastPosition()
            let (status, answer) = try await client.call(.post, path, token: "agent-a-token", json: body)
            #expect(status == .badRequest, "\(answer)")
            let error = try #require(try ClusterFlowTests.json(answer)["error"] as? [String: Any])
            #expect(error["code"] as? String == "invalid_body", "\(answer)")
            #expect(error["message"] as? String == message, "\(answer)")
            #expect(try store.lastPosition() == before)
            let (_, view) = try await client.call(.get, "/v1/clusters/store-a", token: "viewer-token")
            #expect(view.contains(#""kubernetesHealth":"healthy""#), "\(view)")
        }
    }

    @Test func theAgentsKnownKeysAloneAreTakenAsBefore() async throws {
        try await ServiceHarness().test(.live) { client, _ in
            try await ClusterFlowTests.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            #expect(try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#).0 == .accepted)
            let down = try await client.call(.post, "/v1/agents/store-a/health", token: "agent-a-token", json: #"{"kubernetes":"down"}"#)
            #expect(down.0 == .ok, "\(down.1)")
            #expect(down.1.contains(#""kubernetesHealth":"down""#), "\(down.1)")
            // Spelt another way (an escape, spaces) it goes to the decoder, and is taken all the same.
            let healthy = try await client.call(.post, "/v1/agents/store-a/health", token: "agent-a-token", json: #" { "kubernetes" : "h\u0065althy" } "#)
            #expect(healthy.0 == .ok, "\(healthy.1)")
            #expect(healthy.1.contains(#""kubernetesHealth":"healthy""#), "\(healthy.1)")
            let report = #"{"node":"store-a-cp1","step":"cordon","outcome":"succeeded","idempotencyKey":"k1","attempt":1,"upgrade":1,"message":null}"#
            let reported = try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: report)
            #expect(reported.0 == .ok, "\(reported.1)")
        }
    }

    @Test(arguments: [#"{"kubernetes":"healthy"}"#, " {\n \"kubernetes\" : \"down\" } ", #"{"kubernetes":"sideways"}"#])
    func plainHealthBodiesAreReadDirectlyAndAsTheDecoderReadsThem(text: String) throws {
        let direct = try #require(Self.flat(text), "the plain body went to the decoder")
        #expect(direct == (try JSONDecoder().decode(KubernetesHealthBody.self, from: Data(text.utf8))))
    }

    @Test(arguments: [
        #"{"kubernetes":"down","extra":1}"#,  // unknown key
        #"{"kubernets":"down"}"#,  // misspelt key
        #"{"kubernetes":"h\u0065althy"}"#,  // an escape
        #"{"kubernetes":null}"#, #"{"kubernetes":1}"#, #"{"kubernetes":{"state":"down"}}"#,  // not a string
        #"{"kubernetes":"down","kubernetes":"healthy"}"#,  // repeated key
        "{}", "", #"["kubernetes"]"#,
    ])
    func unusualHealthBodiesAreLeftToTheDecoder(text: String) {
        #expect(Self.flat(text) == nil)
    }
}
