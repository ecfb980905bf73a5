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

    @Test(arguments: [
        ("GET /v1/clusters/%2E%2E", "the path's id %2E%2E cannot name anything"),
        ("GET /v1/clusters/a%0Ab", "the path's id a%0Ab cannot name anything"),
        ("GET /v1/clusters/a%2Fb/overrides", "the path's id a%2Fb cannot name anything"),
        ("GET /v1/fleet?after=%FF&limit=1", "query parameter after: %FF is not valid percent-encoding"),
        ("GET /v1/fleet?after=%zz", "query parameter after: %zz is not valid percent-encoding"),
        ("GET /v1/audit?type=Upgrade%2", "query parameter type: Upgrade%2 is not valid percent-encoding"),
    ])
    func aPathOrQueryThatNamesNothingIsA400SayingWhy(request: String, message: String) async throws {
        try await ServiceHarness().test(.live) { client, _ in
            let port = try #require(client.port)
            let answer = try await LoopbackRequest.exchange(port: port, head: "\(request) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer viewer-token")
            #expect(answer.status == 400, "\(answer.body)")
            #expect(answer.body.contains(message), "\(answer.body)")
        }
    }

    @Test func aQueryWithEncodedTextStillDecodes() async throws {
        try await ServiceHarness().test(.live) { client, _ in
            let port = try #require(client.port)
            let answer = try await LoopbackRequest.exchange(port: port, head: "GET /v1/audit?actor=caf%C3%A9%20bar HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer viewer-token")
            #expect(answer.status == 200, "\(answer.body)")
        }
    }
}
