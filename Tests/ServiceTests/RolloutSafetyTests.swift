import Engine
import EventStore
import Foundation
import HummingbirdTesting
import Testing
@testable import Service

/// What an approver, an operator and the agents see and may do while an edge cluster rolls node by
/// node, on the server over loopback with its store on disk.
@Suite("Rollout safety over the live service")
struct RolloutSafetyTests {
    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    static func view(_ client: any TestClientProtocol, _ id: String = "store-a") async throws -> [String: Any] {
        try json(try await client.call(.get, "/v1/clusters/\(id)", token: "viewer-token").1)
    }

    static func publish(_ client: any TestClientProtocol, _ documents: String...) async throws {
        for document in documents {
            let (status, body) = try await client.call(.post, "/v1/profiles", token: "operator-token", json: document)
            #expect(status == .created, "\(body)")
        }
    }

    @Test func anApprovalNamingARepaveThatWasReplacedIsRefusedAndStartsNothing() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await Self.publish(client, Fixtures.profile("1.0.0"), Fixtures.profile("1.1.0", os: "1.1.0"), Fixtures.profile("1.2.0", os: "1.2.0"))
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-a")).0 == .created)
            // The approver looks at upgrade 1, a repave to 1.1.0 …
            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            let seen = try #require(try await Self.view(client)["upgrade"] as? [String: Any])
            #expect(seen["number"] as? Int == 1 && seen["approval"] as? String == "pending")
            // … while an operator queues 1.2.0 and cancels upgrade 1: upgrade 2, a repave to 1.2.0, waits instead.
            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.2.0"}"#)
            #expect(try await client.call(.post, "/v1/clusters/store-a/cancel", token: "operator-token").0 == .ok)
            let written = try store.lastPosition()

            let (refused, why) = try await client.call(.post, "/v1/clusters/store-a/approve", token: "approver-token",
                                                      json: #"{"comment":"ok for 1.1.0","upgrade":1}"#)
            #expect(refused == .conflict, "\(why)")
            #expect(why.contains("approveRepave refused: it names upgrade 1, but upgrade 2 (to retail@1.2.0) is under way"), "\(why)")
            #expect(try store.events(ofType: "RepaveApproved").isEmpty)
            #expect(try store.readStream("cluster/store-a").filter { $0.position > written }.map(\.type) == ["CommandRefused"])
            let waiting = try #require(try await Self.view(client)["upgrade"] as? [String: Any])
            #expect(waiting["approval"] as? String == "pending")
            #expect(try await client.call(.get, "/v1/agents/store-a/next-action", token: "agent-a-token").0 == .noContent)

            // A cancel, pause or deny naming the wrong upgrade is refused the same way.
            for verb in ["deny", "cancel"] {
                let token = verb == "deny" ? "approver-token" : "operator-token"
                #expect(try await client.call(.post, "/v1/clusters/store-a/\(verb)", token: token, json: #"{"upgrade":1}"#).0 == .conflict)
            }
            // An upgrade number that cannot be one is a bad request, and writes nothing.
            let before = try store.lastPosition()
            let (bad, badBody) = try await client.call(.post, "/v1/clusters/store-a/approve", token: "approver-token", json: #"{"upgrade":0}"#)
            #expect(bad == .badRequest, "\(badBody)")
            #expect(badBody.contains("upgrade 0 is below 1"), "\(badBody)")
            #expect(try store.lastPosition() == before)

            // Naming the upgrade under way approves it.
            let (approved, answer) = try await client.call(.post, "/v1/clusters/store-a/approve", token: "approver-token",
                                                          json: #"{"comment":"ok for 1.2.0","upgrade":2}"#)
            #expect(approved == .ok, "\(answer)")
            #expect(try store.events(ofType: "RepaveApproved").map(\.actor) == ["alice"])
        }
    }

    @Test func aCancelWhileACordonIsInFlightCountsThatNodeAsLeftCordoned() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await Self.publish(client, Fixtures.profile("1.0.0"), Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-a")).0 == .created)
            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            let (_, actions) = try await client.call(.get, "/v1/agents/store-a/next-action", token: "agent-a-token")
            let action = try #require((try Self.json(actions)["actions"] as? [[String: Any]])?.first)
            #expect(action["node"] as? String == "store-a-cp1" && action["step"] as? String == "cordon")

            // The agent cordons the node; before its report arrives, the operator cancels.
            #expect(try await client.call(.post, "/v1/clusters/store-a/cancel", token: "operator-token", json: #"{"comment":"stop"}"#).0 == .ok)
            let late = #"{"node":"store-a-cp1","step":"cordon","outcome":"succeeded","idempotencyKey":"late-1","attempt":1,"upgrade":1}"#
            #expect(try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: late).0 == .conflict)

            // The node may well be cordoned: it is listed, so the next upgrade uncordons it.
            let view = try await Self.view(client)
            #expect(view["status"] as? String == "cancelled")
            #expect(view["nodesLeftCordoned"] as? [String] == ["store-a-cp1"], "\(view)")
            let cancelled = try #require(try store.events(ofType: "UpgradeCancelled").first)
            #expect(String(decoding: cancelled.data.payload, as: UTF8.self).contains(#""cordonedNodes":["store-a-cp1"]"#))
        }
    }

    @Test func aFailureAfterANodeWasRemovedSaysTheClusterIsANodeShortAndTheNextUpgradeReplacesItFirst() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await Self.publish(client, Fixtures.profile("1.0.0"), Fixtures.profile("1.1.0", os: "1.1.0"),
                                   Fixtures.profile("1.2.0", kubernetes: "v1.30.5+rke2r1", os: "1.1.0"))
            let noRetries = Fixtures.cluster("store-a").replacingOccurrences(of: "}]}", with: #"}],"policy":{"maxRetries":0}}"#)
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: noRetries).0 == .created)
            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            #expect(try await client.call(.post, "/v1/clusters/store-a/approve", token: "approver-token", json: #"{"upgrade":1}"#).0 == .ok)

            // The agent does every step until w1 is out of the cluster; its replacement then fails.
            var reports = 0
            while true {
                let (_, body) = try await client.call(.get, "/v1/agents/store-a/next-action", token: "agent-a-token")
                let action = try #require((try Self.json(body)["actions"] as? [[String: Any]])?.first)
                let node = try #require(action["node"] as? String), step = try #require(action["step"] as? String)
                let failing = node == "store-a-w1" && step == "provision-replacement"
                reports += 1
                let report = #"{"node":"\#(node)","step":"\#(step)","outcome":"\#(failing ? "failed" : "succeeded")","message":"no host answered","idempotencyKey":"r\#(reports)","attempt":1,"upgrade":1}"#
                #expect(try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: report).0 == .ok)
                if failing { break }
            }
            let view = try await Self.view(client)
            #expect(view["status"] as? String == "failed")
            #expect(view["nodesLeftRemoved"] as? [String] == ["store-a-w1"], "\(view)")
            #expect(view["nodesLeftCordoned"] as? [String] == [], "\(view)")
            let failed = try #require(try store.events(ofType: "UpgradeFailed").first)
            #expect(String(decoding: failed.data.payload, as: UTF8.self).contains(#""removedNodes":["store-a-w1"]"#))

            // The next upgrade plans w1 back first: a replacement, ahead of w2 in its pool.
            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.2.0"}"#)
            let upgrade = try #require(try await Self.view(client)["upgrade"] as? [String: Any])
            let nodes = try #require(upgrade["nodes"] as? [[String: Any]])
            #expect(nodes.map { $0["node"] as? String } == ["store-a-cp1", "store-a-w1", "store-a-w2"])
            #expect(nodes[1]["steps"] as? [String] == ["provision-replacement"], "\(nodes)")
        }
    }

    /// store-a with w1 and w2 surging one at a time onto one spare host, no retries.
    static let surgingCluster = """
        {"id":"store-a","profile":{"name":"retail","version":"1.0.0"},"policy":{"maxRetries":0},"pools":[
          {"id":"control-plane","role":"control-plane","nodes":["store-a-cp1"],"maxSurge":"0","maxUnavailable":"1"},
          {"id":"workers","role":"worker","nodes":["store-a-w1","store-a-w2"],"spareHosts":1,"maxSurge":"1","maxUnavailable":"0"}]}
        """

    /// The agent answers every step of `upgrade` it is given, in order, until `stop` says so of the
    /// next one (which it then leaves unanswered); returns that action.
    static func answer(_ client: any TestClientProtocol, upgrade: Int, key: String,
                       until stop: (String, String) -> Bool) async throws -> [String: Any] {
        var reports = 0
        while true {
            let (_, body) = try await client.call(.get, "/v1/agents/store-a/next-action", token: "agent-a-token")
            let action = try #require((try json(body)["actions"] as? [[String: Any]])?.first, "\(body)")
            let node = try #require(action["node"] as? String), step = try #require(action["step"] as? String)
            if stop(node, step) { return action }
            reports += 1
            let report = #"{"node":"\#(node)","step":"\#(step)","outcome":"succeeded","idempotencyKey":"\#(key)\#(reports)","attempt":1,"upgrade":\#(upgrade)}"#
            let (status, answer) = try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: report)
            try #require(status == .ok, "\(node) \(step): \(answer)")
        }
    }

    @Test func aCancelOnceASurgedReplacementIsUpShowsItAndTheNextUpgradeRemovesTheNodeBeforeAnotherSurge() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await Self.publish(client, Fixtures.profile("1.0.0"), Fixtures.profile("1.1.0", os: "1.1.0"), Fixtures.profile("1.2.0", os: "1.2.0"))
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Self.surgingCluster).0 == .created)
            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            #expect(try await client.call(.post, "/v1/clusters/store-a/approve", token: "approver-token", json: #"{"upgrade":1}"#).0 == .ok)

            // The agent brings w1's replacement up on the spare host; w1's cordon is in flight when the window closes.
            let cordon = try await Self.answer(client, upgrade: 1, key: "a") { $0 == "store-a-w1" && $1 == "cordon" }
            #expect(cordon["step"] as? String == "cordon")
            #expect(try await client.call(.post, "/v1/clusters/store-a/cancel", token: "operator-token", json: #"{"upgrade":1}"#).0 == .ok)

            let view = try await Self.view(client)
            #expect(view["status"] as? String == "cancelled")
            #expect(view["nodesLeftWithReplacement"] as? [String] == ["store-a-w1"], "\(view)")
            #expect(view["nodesLeftCordoned"] as? [String] == ["store-a-w1"], "\(view)")
            #expect(view["nodesLeftRemoved"] as? [String] == [], "\(view)")
            #expect(view["nodesLeftRemovalUnknown"] as? [String] == [], "\(view)")
            let cancelled = try #require(try store.events(ofType: "UpgradeCancelled").first)
            #expect(String(decoding: cancelled.data.payload, as: UTF8.self).contains(#""replacementsLeft":["store-a-w1"]"#))
            #expect(EventSummary.line(for: cancelled).hasSuffix("; replacement up beside, node not removed: store-a-w1"), "\(EventSummary.line(for: cancelled))")
            let timeline = try UpgradeTimeline.read(StableID.upgrade(cluster: "store-a", number: 1), from: store)
            #expect(timeline.rows.last?.detail.hasSuffix("; cordoned: store-a-w1; replacement up beside, node not removed: store-a-w1") == true,
                    "\(String(describing: timeline.rows.last))")

            // The next repave finishes w1's swap first: cordon, drain and remove w1 (no second
            // replacement), then repave it like w2. w2 waits: w1's replacement holds the spare host.
            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.2.0"}"#)
            let upgrade = try #require(try await Self.view(client)["upgrade"] as? [String: Any])
            let nodes = try #require(upgrade["nodes"] as? [[String: Any]])
            #expect(nodes.map { $0["node"] as? String } == ["store-a-cp1", "store-a-w1", "store-a-w2"])
            #expect(nodes[1]["steps"] as? [String] == ["cordon", "drain", "remove-node", "provision-replacement", "cordon", "drain", "remove-node"], "\(nodes)")
            #expect(nodes[2]["steps"] as? [String] == ["provision-replacement", "cordon", "drain", "remove-node"], "\(nodes)")
            #expect(try await client.call(.post, "/v1/clusters/store-a/approve", token: "approver-token", json: #"{"upgrade":2}"#).0 == .ok)
            let first = try await Self.answer(client, upgrade: 2, key: "b") { node, _ in node != "store-a-cp1" }
            #expect(first["node"] as? String == "store-a-w1" && first["step"] as? String == "cordon", "\(first)")
            let (_, pending) = try await client.call(.get, "/v1/agents/store-a/next-action", token: "agent-a-token")
            #expect((try Self.json(pending)["actions"] as? [[String: Any]])?.count == 1, "\(pending)")
        }
    }

    @Test func aCancelWhileARemovalIsInFlightShowsItUnknownAndTheNextUpgradeAsksForItAgainFirst() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await Self.publish(client, Fixtures.profile("1.0.0"), Fixtures.profile("1.1.0", os: "1.1.0"), Fixtures.profile("1.2.0", os: "1.2.0"))
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-a")).0 == .created)
            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            #expect(try await client.call(.post, "/v1/clusters/store-a/approve", token: "approver-token", json: #"{"upgrade":1}"#).0 == .ok)

            // No spare host: w1 is cordoned and drained, and the agent is removing it when the operator cancels.
            let removal = try await Self.answer(client, upgrade: 1, key: "a") { $0 == "store-a-w1" && $1 == "remove-node" }
            #expect(removal["step"] as? String == "remove-node")
            #expect(try await client.call(.post, "/v1/clusters/store-a/cancel", token: "operator-token", json: #"{"upgrade":1}"#).0 == .ok)

            // Whether w1 is still in the cluster nobody knows: it is not counted as removed, nor as a node that is up.
            let view = try await Self.view(client)
            #expect(view["status"] as? String == "cancelled")
            #expect(view["nodesLeftRemovalUnknown"] as? [String] == ["store-a-w1"], "\(view)")
            #expect(view["nodesLeftRemoved"] as? [String] == [], "\(view)")
            #expect(view["nodesLeftWithReplacement"] as? [String] == [], "\(view)")
            let cancelled = try #require(try store.events(ofType: "UpgradeCancelled").first)
            #expect(String(decoding: cancelled.data.payload, as: UTF8.self).contains(#""removalsUnknown":["store-a-w1"]"#))
            #expect(EventSummary.line(for: cancelled).hasSuffix("; removal requested, not answered (in the cluster or not): store-a-w1"),
                    "\(EventSummary.line(for: cancelled))")

            // The next upgrade asks for w1's removal again, then its replacement, first in its pool;
            // w2 waits (one worker down at a time, and w1 counts as down).
            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.2.0"}"#)
            let upgrade = try #require(try await Self.view(client)["upgrade"] as? [String: Any])
            let nodes = try #require(upgrade["nodes"] as? [[String: Any]])
            #expect(nodes.map { $0["node"] as? String } == ["store-a-cp1", "store-a-w1", "store-a-w2"])
            #expect(nodes[1]["steps"] as? [String] == ["remove-node", "provision-replacement"], "\(nodes)")
            #expect(try await client.call(.post, "/v1/clusters/store-a/approve", token: "approver-token", json: #"{"upgrade":2}"#).0 == .ok)
            let first = try await Self.answer(client, upgrade: 2, key: "b") { node, _ in node != "store-a-cp1" }
            #expect(first["node"] as? String == "store-a-w1" && first["step"] as? String == "remove-node", "\(first)")
        }
    }

    @Test func theApproverSeesWhatThePlanWarnsOfForASingleNodeCluster() async throws {
        try await ServiceHarness().test(.live) { client, _ in
            try await Self.publish(client, Fixtures.profile("1.0.0"), Fixtures.profile("1.1.0", os: "1.1.0"))
            let single = #"{"id":"store-a","profile":{"name":"retail","version":"1.0.0"},"pools":[{"id":"control-plane","role":"control-plane","nodes":["store-a-cp1"]}]}"#
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: single).0 == .created)
            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            let upgrade = try #require(try await Self.view(client)["upgrade"] as? [String: Any])
            #expect(upgrade["approval"] as? String == "pending")
            let notes = try #require(upgrade["notes"] as? [String], "\(upgrade)")
            #expect(notes.contains("the control plane has 1 member: etcd loses quorum while a control-plane node is down, until it is back or replaced"), "\(notes)")
            #expect(notes.contains("pool control-plane has no spare host to surge onto: each node is removed before its replacement is provisioned"), "\(notes)")
        }
    }

    @Test func anAgentThatReusesItsKeysInTheNextUpgradeIsHeardNotToldItsReportIsARepeat() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await Self.publish(client, Fixtures.profile("1.0.0"), Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"),
                                   Fixtures.profile("1.2.0", kubernetes: "v1.30.6+rke2r1"))
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-a")).0 == .created)
            // The agent's key is its node, step and try: the same in every upgrade.
            func answerEverything(upgrade: Int) async throws {
                while true {
                    let (status, body) = try await client.call(.get, "/v1/agents/store-a/next-action", token: "agent-a-token")
                    guard status == .ok, let action = (try Self.json(body)["actions"] as? [[String: Any]])?.first,
                          let node = action["node"] as? String, let step = action["step"] as? String, let attempt = action["attempt"] as? Int
                    else { return }
                    let report = #"{"node":"\#(node)","step":"\#(step)","outcome":"succeeded","idempotencyKey":"\#(node)-\#(step)-\#(attempt)","attempt":\#(attempt),"upgrade":\#(upgrade)}"#
                    let (answered, answer) = try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: report)
                    try #require(answered == .ok, "upgrade \(upgrade), \(node) \(step): \(answer)")
                }
            }
            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            try await answerEverything(upgrade: 1)
            #expect(try await Self.view(client)["status"] as? String == "succeeded")

            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.2.0"}"#)
            try await answerEverything(upgrade: 2)
            #expect(try await Self.view(client)["profile"] as? String == "retail@1.2.0")
            #expect(try store.events(ofType: "NodeStepFailed").isEmpty)
        }
    }

    @Test func aReportHeldUpOnItsWayLeavesTheNextStepItsWholeTime() async throws {
        let harness = ServiceHarness()
        try await harness.test(.live) { client, store in
            try await Self.publish(client, Fixtures.profile("1.0.0"), Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-a")).0 == .created)
            _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            let (_, body) = try await client.call(.get, "/v1/agents/store-a/next-action", token: "agent-a-token")
            let cordon = try #require((try Self.json(body)["actions"] as? [[String: Any]])?.first)
            let requested = try #require(cordon["requestedAtMs"] as? Int)

            // The agent cordoned within a second; its report reaches the service nine minutes later.
            harness.clock.advance(seconds: 540)
            let report = #"{"node":"store-a-cp1","step":"cordon","outcome":"succeeded","idempotencyKey":"k1","attempt":1,"upgrade":1,"atMs":\#(requested + 1000)}"#
            let (status, answer) = try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: report)
            #expect(status == .ok, "\(answer)")
            let drain = try #require((try Self.json(answer)["nextActions"] as? [[String: Any]])?.first)
            #expect(drain["step"] as? String == "drain")
            // The drain was asked for now, and has its ten minutes from now, not one.
            let now = Int(harness.clock.now().millisecondsSinceEpoch)
            #expect(drain["requestedAtMs"] as? Int == now, "\(drain)")
            #expect(drain["deadlineMs"] as? Int == now + 600_000, "\(drain)")
            // The cordon is recorded when the agent did it.
            let succeeded = try #require(try store.events(ofType: "NodeStepSucceeded").first)
            #expect(String(decoding: succeeded.data.payload, as: UTF8.self).contains(#""at":\#(requested + 1000)"#))
        }
    }
}
