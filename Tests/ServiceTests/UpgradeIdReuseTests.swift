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

    @Test func givenAFailedUpgradeWhenTheFixForwardReusesItsIdThenItIs409AndEachUpgradeKeepsItsOwnCorrelation() async throws {
        var harness = ServiceHarness()
        harness.configuration.tickIntervalMs = 86_400_000  // only the resume below ticks
        let clock = harness.clock
        try await harness.test { client, store in
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: Self.registration).0 == .created)
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
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: Self.registration).0 == .created)
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
}
