import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Service

/// A key the body does not take is a 400 naming its JSON path, not passed over: a misspelt
/// `upgrade` on an approval would otherwise approve whatever repave is pending (ADR 0021).
@Suite("Unknown body keys")
struct UnknownBodyKeyTests {
    static let registration = #"""
    {"id":"store-x","profile":{"name":"retail","version":"1.0.0"},"pools":[
      {"id":"control-plane","role":"control-plane","nodes":["x-cp1"]},
      {"id":"workers","role":"worker","nodes":["x-w1"],"maxSurg":"1"}]}
    """#

    @Test(arguments: [
        ("/v1/clusters/store-a/approve", "approver-token", #"{"comment":"window agreed","upgrde":1}"#,
         "upgrde is not a key of this body (known here: comment, upgrade)"),
        ("/v1/clusters/store-a/deny", "approver-token", #"{"reason":"no"}"#, "reason is not a key of this body (known here: comment, upgrade)"),
        ("/v1/clusters/store-a/cancel", "operator-token", #"{"comment":"stop","Upgrade":1}"#,
         "Upgrade is not a key of this body (known here: comment, upgrade)"),
        ("/v1/clusters/store-a/profile", "operator-token", #"{"name":"retail","version":"1.1.0","forceSkipMinr":{"reason":"lab"}}"#,
         "forceSkipMinr is not a key of this body (known here: name, version, forceSkipMinor)"),
        ("/v1/clusters/store-a/profile", "operator-token", #"{"name":"retail","version":"1.1.0","forceSkipMinor":{"reasn":"lab"}}"#,
         "forceSkipMinor.reasn is not a key of this body (known here: reason, actor)"),
        ("/v1/clusters/store-a/status", "operator-token", #"{"status":"running","since":"now"}"#,
         "since is not a key of this body (known here: status)"),
        ("/v1/clusters/store-a/overrides", "operator-token", #"{"packs":{},"pack":{"edge-rke2":"a: 1"}}"#,
         "pack is not a key of this body (known here: packs)"),
        ("/v1/clusters", "operator-token", registration,
         "pools[1].maxSurg is not a key of this body (known here: id, role, nodes, spareHosts, resetsOnRemoval, elementalHosts, maxSurge, maxUnavailable)"),
        ("/v1/clusters", "operator-token", #"{"id":"store-x","profile":{"name":"retail","version":"1.0.0","distribution":"rke2"},"pools":[]}"#,
         "profile.distribution is not a key of this body (known here: name, version)"),
        ("/v1/profiles", "operator-token",
         #"{"name":"retail","version":"2.0.0","distribution":"rke2","packs":[{"layer":"os","name":"o","version":"1","valuse":"a: 1"}]}"#,
         "packs[0].valuse is not a key of this body (known here: layer, name, version, values)"),
    ])
    func aKeyTheBodyDoesNotTakeIsA400NamingIt(path: String, token: String, body: String, message: String) async throws {
        try await ServiceHarness().test(.live) { client, store in
            #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0")).0 == .created)
            #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.1.0", os: "1.0.1")).0 == .created)
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-a")).0 == .created)
            let repave = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            #expect(repave.0 == .accepted && repave.1.contains("awaiting-approval"), "\(repave.1)")
            let before = try store.lastPosition()
            let method: HTTPRequest.Method = path.hasSuffix("/overrides") ? .put : .post
            let (status, answer) = try await client.call(method, path, token: token, json: body)
            #expect(status == .badRequest, "\(answer)")
            let error = try #require(try ClusterFlowTests.json(answer)["error"] as? [String: Any])
            #expect(error["message"] as? String == message, "\(answer)")
            #expect(try store.lastPosition() == before)
            let (_, view) = try await client.call(.get, "/v1/clusters/store-a", token: "viewer-token")
            #expect(view.contains(#""approval":"pending""#), "\(view)")
        }
    }

    @Test func theKnownKeysAloneAreTakenAsBefore() async throws {
        try await ServiceHarness().test(.live) { client, _ in
            #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0")).0 == .created)
            #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.1.0", os: "1.0.1")).0 == .created)
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-a")).0 == .created)
            #expect(try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#).0 == .accepted)
            let (status, answer) = try await client.call(.post, "/v1/clusters/store-a/approve", token: "approver-token", json: #"{"comment":"window agreed","upgrade":1}"#)
            #expect(status == .ok, "\(answer)")
            #expect(answer.contains(#""approvedBy":"alice""#), "\(answer)")
        }
    }
}
