import Foundation
import HummingbirdTesting
import Testing
@testable import Service

/// Small promises of openapi.yaml: the auth scheme, positions, report times, the batch metric.
@Suite("Protocol details")
struct ProtocolDetailTests {
    @Test(arguments: ["Bearer", "bearer", "BEARER", "bEaReR"])
    func theBearerSchemeIsCaseInsensitive(scheme: String) async throws {
        try await ServiceHarness().test(.live) { client, _ in
            let status = try await client.execute(uri: "/v1/fleet", method: .get, headers: [.authorization: "\(scheme) viewer-token"]) { $0.status }
            #expect(status == .ok)
        }
    }

    @Test(arguments: ["Bearerviewer-token", "Basic viewer-token", "Bearer"])
    func anotherSchemeIsStill401(header: String) async throws {
        try await ServiceHarness().test(.live) { client, _ in
            let status = try await client.execute(uri: "/v1/fleet", method: .get, headers: [.authorization: header]) { $0.status }
            #expect(status == .unauthorized)
        }
    }

    @Test func positionZeroIsRefusedByTheAuditAndTheEventStreamAlike() async throws {
        try await ServiceHarness().test(.live) { client, _ in
            let (audit, auditBody) = try await client.call(.get, "/v1/audit?fromPosition=0", token: "viewer-token")
            #expect(audit == .badRequest)
            #expect(auditBody.contains("fromPosition 0 is not a position (1 or more)"), "\(auditBody)")
            let (events, eventsBody) = try await client.call(.get, "/v1/events?from=0", token: "viewer-token")
            #expect(events == .badRequest)
            #expect(eventsBody.contains("from 0 is not a position (1 or more)"), "\(eventsBody)")
            #expect(try await client.call(.get, "/v1/audit?fromPosition=1", token: "viewer-token").0 == .ok)
        }
    }

    @Test func theGroupCommitBatchSizeCountsEveryAppendSoItIsNeverBelowOne() async throws {
        try await ServiceHarness().test(.live) { client, store in
            let (_, before) = try await client.call(.get, "/metrics")
            #expect(Self.batchSize(before) == 0, "\(before)")
            // Profiles, overrides and refusals are appended too, not only cluster commands.
            try await ClusterFlowTests.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            _ = try await client.call(.put, "/v1/clusters/store-a/overrides", token: "operator-token", json: #"{"packs":{}}"#)
            _ = try await client.call(.post, "/v1/clusters/store-a/resume", token: "operator-token")
            let (_, after) = try await client.call(.get, "/metrics")
            let batch = try #require(Self.batchSize(after), "\(after)")
            #expect(batch >= 1, "\(after)")
            #expect(batch == Double(store.committedAppendCount) / Double(store.commitCount))
        }
    }

    static func batchSize(_ exposition: String) -> Double? {
        exposition.split(separator: "\n").first { $0.hasPrefix("orchestrator_group_commit_batch_size ") }
            .flatMap { Double($0.split(separator: " ").last ?? "") }
    }
}
