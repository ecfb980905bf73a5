import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Service

/// Requests that race for the same stream: each is answered as if it had come alone.
@Suite("Concurrent requests")
struct ConcurrentRequestTests {
    static func concurrently(_ count: Int, _ call: @escaping @Sendable (Int) async throws -> (HTTPResponse.Status, String)) async throws -> [(HTTPResponse.Status, String)] {
        try await withThrowingTaskGroup(of: (HTTPResponse.Status, String).self) { group in
            for index in 0..<count { group.addTask { try await call(index) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test func oneOfTenIdenticalDeploymentRegistrationsCreatesItAndTheRestAre409() async throws {
        try await ServiceHarness().test { client, store in
            let answers = try await Self.concurrently(10) { _ in
                try await client.call(.post, "/v1/deployments", token: "operator-token", json: ClusterKindTests.deployment("prod-eu"))
            }
            #expect(answers.filter { $0.0 == .created }.count == 1, "\(answers)")
            #expect(answers.filter { $0.0 == .conflict }.count == 9, "\(answers)")
            #expect(answers.filter { $0.0 == .conflict }.allSatisfy { $0.1.contains("deployment prod-eu is already registered") })
            #expect(try store.readStream("cluster/prod-eu").filter { $0.type == "TemplateDeploymentRegistered" }.count == 1)
        }
    }

    @Test func versionsOfOneProfilePublishedAtOnceAreAllPublished() async throws {
        try await ServiceHarness().test { client, store in
            let answers = try await Self.concurrently(20) { index in
                try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.\(index)"))
            }
            #expect(answers.allSatisfy { $0.0 == .created }, "\(answers.filter { $0.0 != .created })")
            #expect(try store.readStream("profile/retail").count == 20)
            // The same version twice at once: one is published, the other refused as published.
            let twice = try await Self.concurrently(2) { _ in
                try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("2.0.0"))
            }
            #expect(twice.map(\.0).sorted { $0.code < $1.code } == [.created, .conflict], "\(twice)")
            #expect(try store.readStream("profile/retail").count == 21)
        }
    }

    @Test func everyRetryOfAReportSentManyTimesAtOnceGetsTheAnswerOfTheOneThatApplied() async throws {
        try await ServiceHarness().test { client, _ in
            try await ObservabilityTests.upgradeStarted(client)
            let report = #"{"node":"store-a-cp1","step":"drain","outcome":"succeeded","idempotencyKey":"k-race","attempt":1}"#
            let answers = try await Self.concurrently(8) { _ in
                try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: report)
            }
            let applied = answers.filter { $0.0 == .ok }
            #expect(applied.count == 1, "\(answers)")
            let first = try #require(applied.first?.1)
            #expect(first.contains(#""firstPosition":"#))
            let repeated = first.replacingOccurrences(of: #"{"applied":true,"duplicate":false"#, with: #"{"applied":false,"duplicate":true"#)
            let retry = try await client.call(.post, "/v1/agents/store-a/reports", token: "agent-a-token", json: report)
            #expect(retry.0 == .accepted)
            #expect(retry.1 == repeated)
        }
    }
}
