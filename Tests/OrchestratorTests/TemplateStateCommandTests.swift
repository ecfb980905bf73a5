import Foundation
import Testing

/// `orchestrator state` on a template-based deployment, on the real binary over a replayed store.
@Suite("State command, template deployments")
struct TemplateStateCommandTests {
    let folder = ScratchFolder("template-state")

    /// A small replay of the AWS template scenario; returns the store folder.
    func replay() throws -> String {
        let store = folder.child("store")
        let outcome = try OrchestratorProcess.run(["replay", ReplayCommandTests.scenarios + "/aws-template-upgrade.json",
                                                   "--scale", "0.005", "--seed", "5", "--store", store])
        try #require(outcome.exitCode == 0, "\(outcome.stderr)")
        return store
    }

    /// The audit lines of one type for one cluster.
    func audit(_ store: String, _ cluster: String, type: String) throws -> [[String: Any]] {
        let outcome = try OrchestratorProcess.run(["audit", "--store", store, "--cluster", cluster, "--type", type, "--format", "ndjson"])
        try #require(outcome.exitCode == 0, "\(outcome.stderr)")
        return try outcome.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func state(_ store: String, _ arguments: [String]) throws -> [String: Any] {
        let outcome = try OrchestratorProcess.run(["state", "--store", store, "--format", "json"] + arguments)
        try #require(outcome.exitCode == 0, "\(outcome.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: outcome.stdoutData) as? [String: Any])
    }

    @Test func aDeploymentFoldsToItsStatusTemplateAndMachinesThenAndNow() throws {
        let store = try replay()
        let cluster = "aws-eu-00001"
        let started = try #require(try audit(store, cluster, type: "TemplateUpgradeStarted").first)
        let position = try #require(started["position"] as? Int)

        let before = try state(store, ["--cluster", cluster, "--at", String(position - 1)])
        #expect(before["kind"] as? String == "template-based")
        #expect(before["status"] as? String == "Not upgrading")
        #expect(before["template"] as? String == "aws-standalone-cp-1-0-14")
        #expect(before["upgrade"] is NSNull)

        let then = try state(store, ["--cluster", cluster, "--at", String(position)])
        #expect(then["status"] as? String == "Upgrade in Progress")
        #expect(then["template"] as? String == "aws-standalone-cp-1-0-15")
        let upgrade = try #require(then["upgrade"] as? [String: Any])
        #expect(upgrade["fromTemplate"] as? String == "aws-standalone-cp-1-0-14")
        #expect(upgrade["toTemplate"] as? String == "aws-standalone-cp-1-0-15")
        #expect(upgrade["ended"] is NSNull)
        #expect((then["machinesProgress"] as? [String: Any])?["updated"] as? Int == 0)
        #expect((then["foldedAt"] as? [String: Any])?["position"] as? Int == position)
        let byTime = try state(store, ["--cluster", cluster, "--at", try #require(started["time"] as? String)])
        #expect(byTime["foldedAt"] as? NSDictionary == then["foldedAt"] as? NSDictionary)
        #expect(byTime["status"] as? String == "Upgrade in Progress")

        let succeeded = try audit(store, cluster, type: "TemplateUpgradeSucceeded")
        let now = try state(store, ["--cluster", cluster])
        #expect(now["at"] as? String == "now")
        if succeeded.isEmpty {
            #expect(now["status"] as? String == "Upgrade failed")
        } else {
            #expect(now["status"] as? String == "Upgrade successful")
            let progress = try #require(now["machinesProgress"] as? [String: Any])
            #expect(progress["updated"] as? Int == progress["total"] as? Int)
            #expect((progress["total"] as? Int ?? 0) > 0)
            #expect((now["upgrade"] as? [String: Any])?["ended"] as? String == succeeded.first?["time"] as? String)
        }
        #expect(!(now["liveMachines"] as? [[String: Any]] ?? []).isEmpty)
    }

    @Test func theTableSaysWhereTheDeploymentStands() throws {
        let store = try replay()
        let outcome = try OrchestratorProcess.run(["state", "--store", store, "--cluster", "aws-eu-00001"])
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("kind ") && $0.hasSuffix("template-based") })
        #expect(lines.contains { $0.hasPrefix("status ") && $0.contains("Upgrade ") })
        #expect(lines.contains { $0.hasPrefix("upgrade ") && $0.contains("aws-standalone-cp-1-0-14 to aws-standalone-cp-1-0-15") })
        #expect(lines.contains { $0.hasPrefix("machines ") && $0.contains(" updated") })
        #expect(outcome.stderr.isEmpty)
    }

    @Test func itsHistoryIsOnTheSameIdAndAnUnknownIdExits66() throws {
        let store = try replay()
        let history = try OrchestratorProcess.run(["audit", "--store", store, "--cluster", "aws-eu-00001", "--format", "ndjson"])
        #expect(history.stdout.contains("TemplateDeploymentRegistered"))
        let outcome = try OrchestratorProcess.run(["state", "--store", store, "--cluster", "nowhere"])
        #expect(outcome.exitCode == 66)
        #expect(outcome.stderr == "orchestrator: no cluster 'nowhere' in the store at \(store)\n")
    }
}
