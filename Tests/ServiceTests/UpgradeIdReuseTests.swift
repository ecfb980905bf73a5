import Engine
import EventStore
import Foundation
import HummingbirdTesting
import Testing
@testable import Service

/// An `upgradeId` names one upgrade of a deployment and the correlation id of its events: a fix-forward
/// that reuses the id of the upgrade that failed is refused with 409, so `audit --upgrade` never mixes two.
@Suite("Reused template upgrade ids")
struct UpgradeIdReuseTests {
    static let registration = #"""
    {"clusterId":"ua","clusterName":"ua","targetInfrastructure":"aws","template":"t-14","noProgressDeadlineMs":900000,
     "upgradePaths":[{"template":"t-14","availableUpgrades":["t-15"]},{"template":"t-15","availableUpgrades":[]}]}
    """#

    /// Registers deployment ua and posts its Cluster: a template change may start from there.
    static func registerAndWatch(_ client: some TestClientProtocol) async throws {
        #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: registration).0 == .created)
        try await ClusterWatchLine.post("ua", cluster: "ua", client)
    }

    @Test func givenAFailedUpgradeWhenTheFixForwardReusesItsIdThenItIs409AndEachUpgradeKeepsItsOwnCorrelation() async throws {
        var harness = ServiceHarness()
        harness.configuration.tickIntervalMs = 86_400_000  // only the resume below ticks
        let clock = harness.clock
        try await harness.test { client, store in
            try await Self.registerAndWatch(client)
            let first = #"{"template":"t-15","targetKubernetesVersion":"v1.32.5","upgradeId":"CHG-42"}"#
            #expect(try await client.call(.post, "/v1/deployments/ua/template", token: "operator-token", json: first).0 == .accepted)
            clock.advance(seconds: 901)
            _ = try await ClusterService(store: store, clock: clock, metrics: ServiceMetrics(), logger: .init(label: "test")).resume()
            #expect(try store.events(ofType: "TemplateUpgradeFailed").count == 1)

            let fixForward = #"{"template":"t-15","variables":{"worker":{"instanceType":"m6i.2xlarge"}},"upgradeId":"CHG-42"}"#
            let (status, body) = try await client.call(.post, "/v1/deployments/ua/template", token: "operator-token", json: fixForward)
            #expect(status == .conflict, "\(body)")
            #expect(body.contains("upgrade id CHG-42 was already used by the upgrade to t-15"), "\(body)")
            #expect(try store.events(ofType: "TemplateCommandRefused").count == 1)

            let renamed = fixForward.replacingOccurrences(of: "CHG-42", with: "CHG-42-fix")
            let (accepted, answer) = try await client.call(.post, "/v1/deployments/ua/template", token: "operator-token", json: renamed)
            #expect(accepted == .accepted, "\(answer)")
            let starts = try store.events(ofType: "TemplateUpgradeStarted")
            #expect(starts.count == 2)
            #expect(Set(starts.map(\.data.correlationID)).count == 2)
            let failed = try #require(try store.events(ofType: "TemplateUpgradeFailed").first)
            #expect(failed.data.correlationID == starts.first?.data.correlationID)
        }
    }

    @Test func givenUpgradeARollingOutWhenTheSameTargetComesUnderIdBThenItIs409NamingAAndTheSameIdStaysARepeat() async throws {
        try await ServiceHarness().test { client, store in
            try await Self.registerAndWatch(client)
            let first = #"{"template":"t-15","upgradeId":"a"}"#
            #expect(try await client.call(.post, "/v1/deployments/ua/template", token: "operator-token", json: first).0 == .accepted)
            let before = try store.lastPosition()

            let other = #"{"template":"t-15","upgradeId":"b"}"#
            let (status, body) = try await client.call(.post, "/v1/deployments/ua/template", token: "operator-token", json: other)
            #expect(status == .conflict, "\(body)")
            #expect(body.contains("upgrade a is already rolling out template t-15 with these variables; upgradeId b was not started"), "\(body)")
            #expect(body.contains(#""runningUpgradeId":"a""#), "\(body)")
            #expect(body.contains(#""upgradeId":"b""#), "\(body)")
            #expect(try store.events(ofType: "TemplateCommandRefused").count == 1)
            #expect(try store.events(ofType: "TemplateUpgradeStarted").count == 1)

            // The running change again, under its own id or under none, is an idempotent repeat.
            let afterRefusal = try store.lastPosition()
            #expect(afterRefusal == before + 1)
            for repeated in [first, #"{"template":"t-15"}"#, #"{"template":"t-15","variables":{}}"#] {
                let (again, answer) = try await client.call(.post, "/v1/deployments/ua/template", token: "operator-token", json: repeated)
                #expect(again == .accepted, "\(answer)")
                #expect(answer.contains(#""events":[]"#) && answer.contains(#""upgradeId":"a""#), "\(answer)")
            }
            #expect(try store.lastPosition() == afterRefusal)
        }
    }

    /// The types `GET /v1/audit?upgrade=` lists for the upgrade `upgradeId` of deployment `ua`, in order.
    static func auditTypes(of upgradeId: String, _ client: some TestClientProtocol) async throws -> [String] {
        let uuid = StableID.templateUpgrade(cluster: "ua", upgradeId: upgradeId).uuidString
        let (status, body) = try await client.call(.get, "/v1/audit?upgrade=\(uuid)", token: "viewer-token")
        #expect(status == .ok, "\(body)")
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return (object?["events"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
    }

    @Test func givenCHG42FailedWhenALaterChangeReusingItsIdIsRefusedThenTheRefusalIsNotFiledUnderCHG42() async throws {
        var harness = ServiceHarness()
        harness.configuration.tickIntervalMs = 86_400_000  // only the resume below ticks
        let clock = harness.clock
        try await harness.test { client, store in
            try await Self.registerAndWatch(client)
            let first = #"{"template":"t-15","upgradeId":"CHG-42"}"#
            #expect(try await client.call(.post, "/v1/deployments/ua/template", token: "operator-token", json: first).0 == .accepted)
            clock.advance(seconds: 901)
            _ = try await ClusterService(store: store, clock: clock, metrics: ServiceMetrics(), logger: .init(label: "test")).resume()
            let chg42 = ["TemplateUpgradeStarted", "TemplateUpgradeFailed"]
            #expect(try await Self.auditTypes(of: "CHG-42", client) == chg42)

            let reused = #"{"template":"t-15","variables":{"worker":{"instanceType":"m6i.2xlarge"}},"upgradeId":"CHG-42"}"#
            #expect(try await client.call(.post, "/v1/deployments/ua/template", token: "operator-token", json: reused).0 == .conflict)
            #expect(try await Self.auditTypes(of: "CHG-42", client) == chg42)

            // Refused while CHG-43 runs, CHG-44 started nothing: the refusal is not CHG-44's when it later starts.
            #expect(try await client.call(.post, "/v1/deployments/ua/template", token: "operator-token",
                                          json: #"{"template":"t-15","variables":{"a":1},"upgradeId":"CHG-43"}"#).0 == .accepted)
            #expect(try await client.call(.post, "/v1/deployments/ua/template", token: "operator-token",
                                          json: #"{"template":"t-15","variables":{"a":2},"upgradeId":"CHG-44"}"#).0 == .conflict)
            #expect(try await Self.auditTypes(of: "CHG-44", client) == [])

            // Every refusal stays in the cluster's audit, with the id its change carried in its data.
            let refusals = try store.events(ofType: "TemplateCommandRefused")
            #expect(refusals.count == 2)
            #expect(refusals.allSatisfy { $0.data.correlationID == nil })
            let (_, audit) = try await client.call(.get, "/v1/audit?cluster=ua&type=TemplateCommandRefused", token: "viewer-token")
            #expect(audit.contains(#""upgradeId":"CHG-42""#) && audit.contains(#""upgradeId":"CHG-44""#), "\(audit)")
        }
    }
}
