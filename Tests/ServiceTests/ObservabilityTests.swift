import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Service

@Suite("Metrics, audit and the event stream")
struct ObservabilityTests {
    static func upgradeStarted(_ client: any TestClientProtocol) async throws {
        try await ClusterFlowTests.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
        _ = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
        let report = #"{"node":"store-a-cp1","step":"cordon","outcome":"succeeded","idempotencyKey":"k-1","attempt":1}"#
        _ = try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: report)
    }

    @Test func metricsCountUpgradesByStateNodeActionsAndAppendLatency() async throws {
        try await ServiceHarness().test { client, _ in
            try await Self.upgradeStarted(client)
            let (status, text) = try await client.call(.get, "/metrics")
            #expect(status == .ok)
            #expect(text.contains(#"orchestrator_upgrades{state="in-progress"} 1"#), "\(text)")
            #expect(text.contains(#"orchestrator_node_actions_total{kind="cordon",outcome="succeeded"} 1"#))
            #expect(text.contains("orchestrator_append_latency_seconds_bucket"))
            #expect(text.contains("orchestrator_group_commit_batch_size"))
        }
    }

    @Test func auditTakesTheFiltersOfTheCLI() async throws {
        try await ServiceHarness().test { client, _ in
            try await Self.upgradeStarted(client)
            let (status, text) = try await client.call(.get, "/v1/audit?cluster=store-a&type=NodeStepSucceeded&actor=agent-a", token: "viewer-token")
            #expect(status == .ok)
            let events = (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["events"] as? [[String: Any]]
            #expect(events?.count == 1)
            #expect(events?.first?["stream"] as? String == "cluster/store-a")
            #expect(try await client.call(.get, "/v1/audit?upgrade=nope", token: "viewer-token").0 == .badRequest)
            #expect(try await client.call(.get, "/v1/audit?since=yesterday", token: "viewer-token").0 == .badRequest)
        }
    }

    @Test func auditTakesSeveralClustersAndAnswersAnyOfThemInLogOrder() async throws {
        try await ServiceHarness().test { client, _ in
            try await Self.upgradeStarted(client)
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-b")).0 == .created)
            func streams(_ query: String) async throws -> [String] {
                let (status, text) = try await client.call(.get, "/v1/audit?\(query)", token: "viewer-token")
                #expect(status == .ok, "\(text)")
                let events = (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["events"] as? [[String: Any]] ?? []
                #expect(events.map { $0["position"] as? Int ?? 0 } == events.map { $0["position"] as? Int ?? 0 }.sorted())
                return events.compactMap { $0["stream"] as? String }
            }
            let a = try await streams("cluster=store-a"), b = try await streams("cluster=store-b")
            #expect(!a.isEmpty && !b.isEmpty)
            let both = try await streams("cluster=store-b&cluster=store-a")
            #expect(both.count == a.count + b.count)
            #expect(Set(both) == ["cluster/store-a", "cluster/store-b"])
            #expect(try await streams("cluster=store-b&cluster=store-a&limit=2").count == 2)
            #expect(try await streams("cluster=store-b&cluster=nowhere") == b)
        }
    }

    @Test func theEventStreamSendsEventsFromAPositionAsServerSentEvents() async throws {
        try await ServiceHarness().test { client, store in
            try await Self.upgradeStarted(client)
            let (status, text) = try await client.call(.get, "/v1/events?from=2&limit=3", token: "viewer-token")
            #expect(status == .ok)
            let ids = text.split(separator: "\n").filter { $0.hasPrefix("id: ") }.map { $0.dropFirst(4) }
            #expect(ids == ["2", "3", "4"])
            let first = try #require(try store.event(at: 2))
            #expect(text.contains("event: \(first.type)\ndata: {"))
        }
    }

    @Test func aReconnectingStreamResumesAfterItsLastEventID() async throws {
        try await ServiceHarness().test(.live) { client, _ in
            try await Self.upgradeStarted(client)
            func stream(lastEventID: String) async throws -> (HTTPResponse.Status, String) {
                let headers: HTTPFields = [.authorization: "Bearer viewer-token", .init("Last-Event-ID")!: lastEventID]
                return try await client.execute(uri: "/v1/events?limit=2", method: .get, headers: headers) { ($0.status, String(buffer: $0.body)) }
            }
            let (status, text) = try await stream(lastEventID: "3")
            #expect(status == .ok)
            #expect(text.split(separator: "\n").filter { $0.hasPrefix("id: ") } == ["id: 4", "id: 5"])
            for bad in ["18446744073709551615", "abc", "-5", ""] {
                let (status, text) = try await stream(lastEventID: bad)
                #expect(status == .badRequest, "\(bad): \(text)")
                #expect(text.contains("header Last-Event-ID \(bad) is not the position of an event"), "\(text)")
            }
        }
    }
}
