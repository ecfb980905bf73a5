import EventStore
import Foundation
import HummingbirdTesting
import Testing
import UpgradeDomain
@testable import Service

/// `GET /v1/audit` with a type, actor or cluster the store cannot hold as a key (empty, over 400
/// bytes): a 400 naming the parameter, on the real server, never a 500 from LMDB.
@Suite("Audit query parameters the store cannot hold")
struct AuditQueryParameterTests {
    static let long = String(repeating: "T", count: 600)

    /// The `key` of each event that `GET /v1/audit?query` answers the viewer (events without it left out).
    static func eventValues(_ key: String, _ query: String, _ client: some TestClientProtocol) async throws -> [Any] {
        let (status, text) = try await client.call(.get, "/v1/audit?\(query)", token: "viewer-token")
        try #require(status == .ok, "\(text)")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return try #require(body["events"] as? [[String: Any]]).compactMap { $0[key] }
    }

    @Test(arguments: [
        ("type=", "query parameter type is empty"),
        ("actor=", "query parameter actor is empty"),
        ("cluster=store-a&cluster=", "query parameter cluster is empty"),
        ("type=UpgradeDone&type=\(long)", "query parameter type is 600 bytes long"),
        ("actor=\(long)", "query parameter actor is 600 bytes long"),
        ("cluster=\(long)", "query parameter cluster: its stream, cluster/ID, is 608 bytes long"),
    ])
    func anUnstorableFilterIsABadRequestNamingTheParameter(query: String, message: String) async throws {
        try await ServiceHarness().test(.live) { client, _ in
            try await ObservabilityTests.upgradeStarted(client)
            let (status, text) = try await client.call(.get, "/v1/audit?\(query)", token: "viewer-token")
            #expect(status == .badRequest)
            #expect(text.contains(message), "\(text)")
        }
    }

    @Test func aTimeFinerThanAMillisecondBoundsTheEventsAtTheWholeMillisecondAfterIt() async throws {
        try await ServiceHarness().test(.live) { client, _ in
            try await ObservabilityTests.upgradeStarted(client)
            func times(_ query: String) async throws -> [Int64] {
                try await Self.eventValues("timeMs", query, client).compactMap { ($0 as? NSNumber)?.int64Value }
            }
            let first = try #require(try await times("limit=1").first)
            let justAfter = RFC3339.text(first).replacingOccurrences(of: "Z", with: "4Z")  // 0.4 ms after the first event
            #expect(try await times("since=\(justAfter)").allSatisfy { $0 > first })
            #expect(try await times("until=\(justAfter)").contains(first))
        }
    }

    @Test func aRepeatedActorAnswersAnyOfThem() async throws {
        try await ServiceHarness().test(.live) { client, _ in
            try await ObservabilityTests.upgradeStarted(client)
            func actors(_ query: String) async throws -> [String] {
                try await Self.eventValues("actor", query, client).compactMap { $0 as? String }
            }
            let all = try await actors("limit=1000")
            let named = Array(Set(all)).sorted().prefix(2)
            try #require(named.count == 2, "\(all)")
            let both = try await actors("actor=\(named.first!)&actor=\(named.last!)")
            #expect(both.count == all.filter(named.contains).count)
            #expect(Set(both) == Set(named))
        }
    }

    @Test func aRepeatedUpgradeAnswersAnyOfThem() async throws {
        try await ServiceHarness().test(.live) { client, _ in
            try await ObservabilityTests.upgradeStarted(client)
            func upgrades(_ query: String) async throws -> [String] {
                try await Self.eventValues("correlationId", query, client).compactMap { $0 as? String }
            }
            let upgrade = try #require(try await upgrades("limit=1000").first)
            let own = try await upgrades("upgrade=\(upgrade)")
            let none = UUID().uuidString.lowercased()
            #expect(try await upgrades("upgrade=\(none)").isEmpty)
            #expect(try await upgrades("upgrade=\(none)&upgrade=\(upgrade)") == own)
        }
    }

    @Test func aFilterOfTheLongestAllowedLengthIsAnsweredEmpty() async throws {
        try await ServiceHarness().test(.live) { client, _ in
            let name = String(repeating: "a", count: KeyName.maxBytes)
            let (status, text) = try await client.call(.get, "/v1/audit?type=\(name)&actor=\(name)", token: "viewer-token")
            #expect(status == .ok)
            #expect(text.contains(#""events":[]"#), "\(text)")
        }
    }
}
