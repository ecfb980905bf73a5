import Engine
import EventStore
import Foundation
import HummingbirdTesting
import Testing
@testable import Service

/// A repave cancelled while a surged replacement is being provisioned, on the server over loopback
/// with its store on disk: the view names the replacement unknown, a late answer is refused, and the
/// next upgrade asks for the replacement again before anything else on the node.
@Suite("A replacement unanswered when its upgrade ends, over the live service")
struct ReplacementUnknownServiceTests {
    @Test func aCancelWhileASurgedReplacementIsInFlightShowsItUnknownAndTheNextUpgradeAsksForItAgainFirst() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await RolloutSafetyTests.publish(
                client, Fixtures.profile("1.0.0"), Fixtures.profile("1.1.0", os: "1.1.0"), Fixtures.profile("1.2.0", os: "1.2.0"))
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: RolloutSafetyTests.surgingCluster).0 == .created)
            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            #expect(try await client.call(.post, "/v1/clusters/store-a/approve", token: "approver-token", json: #"{"upgrade":1}"#).0 == .ok)

            // The agent is bringing w1's replacement up on the spare host when the window closes.
            let provision = try await RolloutSafetyTests.answer(client, upgrade: 1, key: "a") { $0 == "store-a-w1" && $1 == "provision-replacement" }
            #expect(provision["step"] as? String == "provision-replacement")
            #expect(try await client.call(.post, "/v1/clusters/store-a/cancel", token: "operator-token", json: #"{"upgrade":1}"#).0 == .ok)

            let view = try await RolloutSafetyTests.view(client)
            #expect(view["status"] as? String == "cancelled")
            #expect(view["nodesLeftReplacementUnknown"] as? [String] == ["store-a-w1"], "\(view)")
            #expect(view["nodesLeftWithReplacement"] as? [String] == [] && view["nodesLeftRemoved"] as? [String] == [], "\(view)")
            let cancelled = try #require(try store.events(ofType: "UpgradeCancelled").first)
            #expect(String(decoding: cancelled.data.payload, as: UTF8.self).contains(#""replacementsUnknown":["store-a-w1"]"#))
            #expect(EventSummary.line(for: cancelled).hasSuffix("; replacement requested, not answered (up or not): store-a-w1"),
                    "\(EventSummary.line(for: cancelled))")

            // The replacement came up after all: the answer is late, refused, and settles nothing.
            let late = #"{"node":"store-a-w1","step":"provision-replacement","outcome":"succeeded","idempotencyKey":"late-1","attempt":1,"upgrade":1}"#
            #expect(try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: late).0 == .conflict)
            #expect(try await RolloutSafetyTests.view(client)["nodesLeftReplacementUnknown"] as? [String] == ["store-a-w1"])

            // The next repave asks for w1's replacement again (the agent makes none: it is up), then
            // finishes the swap, then repaves w1 like w2. w2 waits: w1's replacement holds the spare host.
            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.2.0"}"#)
            let upgrade = try #require(try await RolloutSafetyTests.view(client)["upgrade"] as? [String: Any])
            let nodes = try #require(upgrade["nodes"] as? [[String: Any]])
            #expect(nodes.map { $0["node"] as? String } == ["store-a-cp1", "store-a-w1", "store-a-w2"])
            #expect(nodes[1]["steps"] as? [String] == [
                "provision-replacement", "cordon", "drain", "remove-node", "provision-replacement", "cordon", "drain", "remove-node",
            ], "\(nodes)")
            #expect(try await client.call(.post, "/v1/clusters/store-a/approve", token: "approver-token", json: #"{"upgrade":2}"#).0 == .ok)
            let first = try await RolloutSafetyTests.answer(client, upgrade: 2, key: "b") { node, _ in node != "store-a-cp1" }
            #expect(first["node"] as? String == "store-a-w1" && first["step"] as? String == "provision-replacement", "\(first)")
            let (_, pending) = try await client.call(.get, "/v1/agents/store-a/next-action", token: "agent-a-token")
            #expect((try RolloutSafetyTests.json(pending)["actions"] as? [[String: Any]])?.count == 1, "\(pending)")
        }
    }
}
