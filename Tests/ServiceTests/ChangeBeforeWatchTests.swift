import Engine
import EventStore
import Foundation
import HummingbirdTesting
import Testing
@testable import Service

/// An upgrade's start records the machines and owner generations from before the change, which is
/// what the service has observed. A template change before any watch data would record an empty
/// baseline, and the old machines, once watched, would pass for the rollout's new ones: such a
/// change is refused with 409 (recorded as the refusal, nothing else), and accepted once the watch
/// has listed the cluster.
@Suite("A template change before any watch data")
struct ChangeBeforeWatchTests {
    static let id = WatchChunkTests.id
    static let change = WatchChunkTests.change

    @Test func givenNoWatchDataWhenTheTemplateChangesThenItIs409AndOnlyTheRefusalIsRecorded() async throws {
        try await ServiceHarness().test { client, store in
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: WatchChunkTests.registration).0 == .created)
            let before = try store.lastPosition()

            let (status, body) = try await client.call(.post, "/v1/deployments/\(Self.id)/template", token: "operator-token", json: Self.change)
            #expect(status == .conflict, "\(body)")
            #expect(body.contains("no Cluster API status has been observed yet for deployment \(Self.id)"), "\(body)")
            #expect(body.contains(#""reason":"noClusterAPIStatusObserved""#), "\(body)")
            #expect(body.contains(#""upgradeId":"upg-1""#), "\(body)")
            #expect(try store.lastPosition() == before + 1)
            #expect(try store.events(ofType: "TemplateCommandRefused").count == 1)
            #expect(try store.events(ofType: "TemplateUpgradeStarted").isEmpty)
            let (_, view) = try await client.call(.get, "/v1/deployments/\(Self.id)", token: "viewer-token")
            #expect(view.contains("Not upgrading"), "\(view)")
        }
    }

    /// The old machines listed after a change are the baseline's, not the rollout's: with the change
    /// refused until the watch has listed them, the upgrade then starts at 0 machines updated.
    @Test func givenTheChangeRefusedWhenTheWatchListsTheOldMachinesThenTheChangeStartsWithThemAsItsBaseline() async throws {
        try await ServiceHarness().test { client, store in
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: WatchChunkTests.registration).0 == .created)
            #expect(try await client.call(.post, "/v1/deployments/\(Self.id)/template", token: "operator-token", json: Self.change).0 == .conflict)

            let baseline = try WatchChunkTests.lines("v1beta2-baseline.jsonl").joined(separator: "\n") + "\n"
            let (watched, answer) = try await client.call(.post, "/v1/deployments/\(Self.id)/watch", token: "operator-token", json: baseline)
            #expect(watched == .ok, "\(answer)")
            let (status, body) = try await client.call(.post, "/v1/deployments/\(Self.id)/template", token: "operator-token", json: Self.change)
            #expect(status == .accepted, "\(body)")

            let start = try #require(try store.events(ofType: "TemplateUpgradeStarted").first)
            let payload = String(decoding: start.data.payload, as: UTF8.self)
            for uid in ["b1d2c3e4-0001-4f00-8a00-00000000c0a1", "b1d2c3e4-0002-4f00-8a00-00000000a0a2", "b1d2c3e4-0003-4f00-8a00-00000000a0a3"] {
                #expect(payload.contains(uid), "\(payload)")
            }
            #expect(try store.events(ofType: "TemplateUpgradeSucceeded").isEmpty)
            let (_, view) = try await client.call(.get, "/v1/deployments/\(Self.id)", token: "viewer-token")
            #expect(view.contains(#""machinesUpdated":0"#), "\(view)")
        }
    }

    /// A variables change (no target Kubernetes version to tell old machines by) sent before the
    /// watch: had it started, the old machines listed next would be its replacements, every one up to
    /// date and ready. It is refused, so the listing claims nothing.
    @Test func givenAVariablesChangeBeforeTheWatchWhenTheWatchListsTheOldMachinesThenNoUpgradeClaimsThem() async throws {
        try await ServiceHarness().test { client, store in
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: WatchChunkTests.registration).0 == .created)
            let change = #"{"template":"aws-standalone-cp-1-0-14","variables":{"worker":{"instanceType":"m6i.2xlarge"}},"upgradeId":"bigger"}"#
            let (status, body) = try await client.call(.post, "/v1/deployments/\(Self.id)/template", token: "operator-token", json: change)
            #expect(status == .conflict, "\(body)")

            let baseline = try WatchChunkTests.lines("v1beta2-baseline.jsonl").joined(separator: "\n") + "\n"
            #expect(try await client.call(.post, "/v1/deployments/\(Self.id)/watch", token: "operator-token", json: baseline).0 == .ok)
            let (_, view) = try await client.call(.get, "/v1/deployments/\(Self.id)", token: "viewer-token")
            #expect(view.contains(#""status":"Not upgrading""#), "\(view)")
            #expect(try store.events(ofType: "TemplateUpgradeProgressed").isEmpty)
            #expect(try store.events(ofType: "TemplateUpgradeSucceeded").isEmpty)
        }
    }
}
