import Foundation
import Testing

/// `orchestrator replay` with a class's status, timed status changes, a forced minor skip, and an
/// assignment mid-upgrade: what the store and the audit show afterwards, and bad keys refused.
@Suite("orchestrator replay, cluster status and forced minor skips")
struct ReplayStatusCommandTests {
    let folder = ScratchFolder("replay-status")

    static var scenario: String { ReplayCommandTests.scenarios + "/kiosk-status-forced-minor-skip.json" }

    @Test func theAuditShowsTheStatusChangesTheRefusalsAndTheForceWithItsReason() throws {
        let store = folder.child("store")
        let replay = try OrchestratorProcess.run(["replay", Self.scenario, "--store", store])
        #expect(replay.exitCode == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("clusters by status:    refused 1, succeeded 4\n"), "\(replay.stdout)")
        #expect(replay.stdout.contains("refused commands:      3 (3 edge, 0 template)\n"), "\(replay.stdout)")

        let accepted = try OrchestratorProcess.run(["audit", "--store", store, "--cluster", "kiosk-00001", "--type", "ProfileChangeAccepted"])
        #expect(accepted.exitCode == 0, "\(accepted.stderr)")
        #expect(accepted.stdout.contains("skips a minor (1.30.5 → 1.32.1), forced by retail-platform: 1.31 was never certified on the kiosk hardware"),
                "\(accepted.stdout)")
        let statuses = try OrchestratorProcess.run(["audit", "--store", store, "--type", "ClusterStatusChanged"])
        #expect(statuses.stdout.components(separatedBy: "status deleting").count == 2, "\(statuses.stdout)")
        #expect(statuses.stdout.components(separatedBy: "status running").count == 3, "\(statuses.stdout)")
        let refused = try OrchestratorProcess.run(["audit", "--store", store, "--cluster", "popup-00002", "--type", "CommandRefused"])
        #expect(refused.stdout.contains("the cluster is still provisioning"), "\(refused.stdout)")
        #expect(try OrchestratorProcess.run(["verify", "--store", store]).exitCode == 0)
    }

    @Test func aShopAssignedMidUpgradeKeepsItsSlotAndTheOtherShopsStillUpgrade() throws {
        let replay = try OrchestratorProcess.run(["replay", ReplayCommandTests.scenarios + "/assign-mid-upgrade.json", "--store", folder.child("shops")])
        #expect(replay.exitCode == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("clusters by status:    succeeded 4\n"), "\(replay.stdout)")
    }

    @Test(arguments: [
        (#""status": "provisioning"}"#, #""status": "booting"}"#,
         "$.fleet[1].status: unknown status 'booting' (expected provisioning, running or deleting)"),
        (#""status": "deleting""#, #""status": ["deleting"]"#, "$.timeline[0].status: expected a string"),
        (#"{"reason": "1.31 was never certified on the kiosk hardware"}}"#, #"{"reason": ""}}"#,
         "$.timeline[1].forceSkipMinor.reason: expected a reason: say why the minor version is skipped (it is recorded with the actor)"),
        (#"{"reason": "1.31 was never certified on the kiosk hardware"}}"#, #""yes"}"#, "$.timeline[1].forceSkipMinor: expected an object"),
    ])
    func aBadStatusOrForceIsOneLineNamingTheJSONPathExit65AndNoStore(original: String, broken: String, message: String) throws {
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let text = try String(contentsOfFile: Self.scenario, encoding: .utf8)
        let range = try #require(text.range(of: original))
        let file = folder.child("broken.json")
        try text.replacingCharacters(in: range, with: broken).write(toFile: file, atomically: true, encoding: .utf8)
        let store = folder.child("never")
        let outcome = try OrchestratorProcess.run(["replay", file, "--store", store])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr == "orchestrator: \(file): \(message)\n")
        #expect(!FileManager.default.fileExists(atPath: store))
    }
}
