import EventStore
import Foundation
import HummingbirdTesting
import Testing
@testable import Service

@Suite("An agent's started report, over HTTP on loopback")
struct AgentStartReportTests {
    static let assign = #"{"name":"retail","version":"1.1.0"}"#

    static func start(_ step: String, node: String = "store-a-cp1", key: String, atMs: Int64? = nil) -> String {
        #"{"node":"\#(node)","step":"\#(step)","outcome":"started","idempotencyKey":"\#(key)""#
            + (atMs.map { #","atMs":\#($0)}"# } ?? "}")
    }

    @Test func aStartIsRecordedAndShownInTheAuditAndTheNodeProgress() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await ClusterFlowTests.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            #expect(try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: Self.assign).0 == .accepted)

            let startedAt: Int64 = 1_795_000_123_000
            let (status, body) = try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token",
                                                       json: Self.start("cordon", key: "s-1", atMs: startedAt))
            #expect(status == .ok, "\(body)")
            let answer = try ClusterFlowTests.json(body)
            #expect(answer["applied"] as? Bool == true)
            #expect(answer["events"] as? [String] == ["NodeStepStartReported"])
            #expect((answer["nextActions"] as? [[String: Any]])?.first?["startedAtMs"] as? Int64 == startedAt)

            let (_, audit) = try await client.call(.get, "/v1/audit?cluster=store-a&type=NodeStepStartReported", token: "viewer-token")
            let events = try #require(try ClusterFlowTests.json(audit)["events"] as? [[String: Any]], "\(audit)")
            #expect(events.count == 1)
            #expect(events.first?["actor"] as? String == "agent-a")
            #expect(try store.events(ofType: "NodeStepStartReported").map(\.stream) == ["cluster/store-a"])

            let (_, view) = try await client.call(.get, "/v1/clusters/store-a", token: "viewer-token")
            let nodes = ((try ClusterFlowTests.json(view)["upgrade"] as? [String: Any])?["nodes"] as? [[String: Any]]) ?? []
            let cp = try #require(nodes.first { $0["node"] as? String == "store-a-cp1" }, "\(view)")
            #expect(cp["phase"] as? String == "running")
            #expect(cp["startedAtMs"] as? Int64 == startedAt)
        }
    }

    @Test func aNextActionForANodeTheClusterDoesNotHaveIs404AtOnce() async throws {
        try await ServiceHarness().test(.live) { client, _ in
            try await ClusterFlowTests.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            #expect(try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: Self.assign).0 == .accepted)
            // Asked to wait a minute: an unknown node is answered at once, not at the end of the wait.
            let (status, body) = try await client.call(.get, "/v1/agents/store-a/next-action?node=nope&timeout=60000", token: "agent-a-token")
            #expect(status == .notFound, "\(body)")
            #expect(body.contains("node nope is not in cluster store-a"), "\(body)")
            let (known, actions) = try await client.call(.get, "/v1/agents/store-a/next-action?node=store-a-cp1&timeout=0", token: "agent-a-token")
            #expect(known == .ok, "\(actions)")
        }
    }

    @Test func aRepeatedStartWritesNothingAndAStartOfAnUnrequestedStepIs409() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await ClusterFlowTests.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: Self.assign)
            let first = try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: Self.start("cordon", key: "s-1"))
            #expect(first.0 == .ok, "\(first.1)")
            let written = try store.lastPosition()
            let retry = try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: Self.start("cordon", key: "s-1"))
            #expect(retry.0 == .accepted)
            #expect(retry.1 == first.1.replacingOccurrences(of: #"{"applied":true,"duplicate":false"#, with: #"{"applied":false,"duplicate":true"#))
            #expect(try store.lastPosition() == written)

            let (refused, body) = try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token",
                                                        json: Self.start("drain", key: "s-2"))
            #expect(refused == .conflict, "\(body)")
            #expect(try store.events(ofType: "NodeStepStartReported").count == 1)
            let (worker, _) = try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token",
                                                    json: Self.start("cordon", node: "store-a-w1", key: "s-3"))
            #expect(worker == .conflict)
        }
    }
}
