import Foundation
import HummingbirdTesting
import Testing
@testable import Service

/// Path parameters are percent-decoded; an id or name no path could address is refused.
@Suite("Path parameters")
struct PathParameterTests {
    @Test func aClusterIdWithASpaceIsReadBackPercentEncoded() async throws {
        try await ServiceHarness().test(.live) { client, _ in
            #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0")).0 == .created)
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("qa 5")).0 == .created)
            let port = try #require(client.port)
            let answer = try await LoopbackRequest.exchange(port: port, head: "GET /v1/clusters/qa%205 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer viewer-token")
            #expect(answer.status == 200, "\(answer.body)")
            #expect(answer.body.contains(#""id":"qa 5""#), "\(answer.body)")
            let overrides = try await LoopbackRequest.exchange(port: port, head: "GET /v1/clusters/qa%205/overrides HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer viewer-token")
            #expect(overrides.status == 200, "\(overrides.body)")
        }
    }

    @Test func aProfileVersionWithAPlusIsReadBackPercentEncoded() async throws {
        try await ServiceHarness().test(.live) { client, _ in
            #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0+qa 1")).0 == .created)
            let port = try #require(client.port)
            let answer = try await LoopbackRequest.exchange(port: port, head: "GET /v1/profiles/retail/versions/1.0.0%2Bqa%201 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer viewer-token")
            #expect(answer.status == 200, "\(answer.body)")
        }
    }

    @Test(arguments: [
        ("/v1/profiles", #"{"name":"q/b","version":"1","distribution":"rke2","packs":[]}"#, "name q/b"),
        ("/v1/profiles", #"{"name":"q","version":"..","distribution":"rke2","packs":[]}"#, "version .."),
        ("/v1/profiles", #"{"name":"","version":"1","distribution":"rke2","packs":[]}"#, "name must not be empty"),
        ("/v1/clusters", Fixtures.cluster("a/b"), "id a/b"),
        ("/v1/clusters", Fixtures.cluster("."), "id ."),
        ("/v1/deployments", #"{"clusterId":"x/y","clusterName":"x","targetInfrastructure":"aws","template":"t"}"#, "clusterId x/y"),
    ])
    func aNameNoPathCouldAddressIsA400NamingTheField(path: String, body: String, named: String) async throws {
        try await ServiceHarness().test(.live) { client, store in
            #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0")).0 == .created)
            let before = try store.lastPosition()
            let (status, answer) = try await client.call(.post, path, token: "operator-token", json: body)
            #expect(status == .badRequest, "\(answer)")
            #expect(answer.contains(named), "\(answer)")
            #expect(try store.lastPosition() == before)
        }
    }
}
