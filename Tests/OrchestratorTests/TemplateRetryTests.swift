import EventStore
import Foundation
import Testing

/// After `Upgrade failed`, sending the same template again under a new upgrade id is a retry: it
/// used to answer 202 with no events and leave the deployment failed for good (a rollback is
/// often outside the declared paths, so only an invented variables change could move it on).
@Suite("Template upgrade retry on loopback", .serialized)
struct TemplateRetryTests {
    static let id = "0b9c3f1e-prod-eu"
    static let change = #"{"template":"aws-standalone-cp-1-0-15","targetKubernetesVersion":"v1.32.5","upgradeId":"upg-1"}"#

    /// The v1beta2 rollout after the failed try: the stuck machine comes up (a resourceVersion the
    /// failed stream did not use for it) and the rest of the rollout follows.
    static func finishedRollout() throws -> String {
        var lines = try TemplateIngestionTests.fixture("v1beta2-rollout-success.jsonl", prettyPrinted: false)
            .split(separator: "\n").map(String.init)
        lines[5] = lines[5].replacingOccurrences(of: #""resourceVersion":"480204""#, with: #""resourceVersion":"480205""#)
        return lines.joined(separator: "\n") + "\n"
    }

    func failedDeployment(_ folder: ScratchFolder) async throws -> ServiceProcess {
        let service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        #expect(try await service.call("POST", "/v1/deployments", token: "operator-token", json: TemplateIngestionTests.eu).0 == 201)
        let baseline = try TemplateIngestionTests.fixture("v1beta2-baseline.jsonl", prettyPrinted: false)
        #expect(try await service.call("POST", "/v1/deployments/\(Self.id)/watch", token: "operator-token", json: baseline).0 == 200)
        #expect(try await service.call("POST", "/v1/deployments/\(Self.id)/template", token: "operator-token", json: Self.change).0 == 202)
        let failed = try TemplateIngestionTests.fixture("v1beta2-rollout-failed.jsonl", prettyPrinted: false)
        let (_, answer) = try await service.object("POST", "/v1/deployments/\(Self.id)/watch", token: "operator-token", json: failed)
        #expect(answer["status"] as? String == "Upgrade failed", "\(answer)")
        return service
    }

    @Test func theSameTemplateUnderANewIdAfterAFailureStartsARetryThatWatchesTheSameRollout() async throws {
        let folder = ScratchFolder("service-template-retry")
        let service = try await failedDeployment(folder)
        // The failed upgrade's own id again is a repeat: nothing recorded.
        let (repeated, again) = try await service.object("POST", "/v1/deployments/\(Self.id)/template", token: "operator-token", json: Self.change)
        #expect(repeated == 202)
        #expect(again["events"] as? [String] == [], "\(again)")

        let retry = #"{"template":"aws-standalone-cp-1-0-15","upgradeId":"upg-2"}"#
        let (status, started) = try await service.object("POST", "/v1/deployments/\(Self.id)/template", token: "operator-token", json: retry)
        #expect(status == 202)
        #expect((started["events"] as? [String])?.first == "TemplateUpgradeStarted", "\(started)")
        let view = started["deployment"] as? [String: Any] ?? [:]
        #expect(view["status"] as? String == "Upgrade in Progress", "\(view)")
        #expect(view["upgradeId"] as? String == "upg-2")

        // The machine the failed try created is a replacement, as it was then: the rollout ends.
        let (_, finished) = try await service.object("POST", "/v1/deployments/\(Self.id)/watch", token: "operator-token", json: try Self.finishedRollout())
        #expect(finished["status"] as? String == "Upgrade successful", "\(finished)")
        #expect(service.terminate() == 0)

        let store = try ServiceProcessTests.reopen(folder.child("store"))
        defer { store.close() }
        #expect(try store.events(ofType: "TemplateUpgradeStarted").count == 2)
        #expect(try store.events(ofType: "UpgradeTelemetryRecorded").count == 1)
    }

    @Test func aRolloutThatFinishedAfterTheFailureEndsTheRetryAtOnce() async throws {
        let folder = ScratchFolder("service-template-retry-finished")
        let service = try await failedDeployment(folder)
        // Cluster API goes on after the deadline or the failure: observed, and the upgrade stays failed.
        let (_, late) = try await service.object("POST", "/v1/deployments/\(Self.id)/watch", token: "operator-token", json: try Self.finishedRollout())
        #expect(late["status"] as? String == "Upgrade failed", "\(late)")

        // No upgradeId: the service names the retry itself.
        let (status, retried) = try await service.object("POST", "/v1/deployments/\(Self.id)/template", token: "operator-token",
                                                         json: #"{"template":"aws-standalone-cp-1-0-15"}"#)
        #expect(status == 202)
        let events = retried["events"] as? [String] ?? []
        #expect(events.first == "TemplateUpgradeStarted" && events.contains("TemplateUpgradeSucceeded") && events.contains("UpgradeTelemetryRecorded"), "\(retried)")
        let view = retried["deployment"] as? [String: Any] ?? [:]
        #expect(view["status"] as? String == "Upgrade successful", "\(view)")
        #expect((view["upgradeId"] as? String)?.hasPrefix("upgrade-") == true)
        #expect(service.terminate() == 0)
    }
}
