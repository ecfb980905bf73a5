import Engine
import EventStore
import Foundation
import Simulator
import Testing
import UpgradeDomain

@Suite("Re-running recorded history under another policy")
struct CounterfactualTests {
    let folder = NSTemporaryDirectory() + "orchestrator-cf-\(UUID().uuidString)"

    /// Replays a bundled scenario into a store and reads its history back.
    func record(_ name: String, scale: Double) throws -> (Scenario, SimulationReport, RecordedHistory) {
        let scenario = try ScenarioParser.load("\(SimulationTests.scenarios)/\(name).json")
        let store = try EventStore.open(at: folder)
        defer { store.close() }
        let report = try Simulation(scenario: scenario, seed: 5, store: store, scale: scale).run()
        return (scenario, report, try RecordedHistory.load(from: store))
    }

    @Test func theRecordedPolicyReproducesTheRecordedRollout() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (scenario, original, history) = try record("mixed-repave-approval-waves", scale: 0.1)
        #expect(history.clusters.count == original.clusters)
        #expect(history.makespanMs == original.makespanMs)

        let rerun = try Simulation(history: history, policy: scenario.policy, budgetOverride: nil, seed: 99, store: nil).run()
        #expect(rerun.makespanMs == original.makespanMs)
        #expect(rerun.byStatus.map { "\($0.0) \($0.1)" } == original.byStatus.map { "\($0.0) \($0.1)" })
        #expect(rerun.halt == original.halt)
        #expect(rerun.failures == original.failures)
        #expect(rerun.denials == original.denials)
    }

    /// A cluster still waiting for its wave takes a newer assignment in place of the first; one
    /// that never started (its wave halted) is re-run with the change it was last assigned.
    @Test func aWaitingClusterIsReRunWithTheChangeItWasLastAssigned() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(SimulationTests.scenarios)/mixed-repave-approval-waves.json"
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        var profiles = try #require(json["profiles"] as? [[String: Any]])
        var newer = try #require(profiles.first { $0["name"] as? String == "edge-pxke" && $0["version"] as? String == "5.1.0" })
        newer["version"] = "5.1.1"
        newer["packs"] = (newer["packs"] as? [[String: Any]] ?? []).map { pack in
            var pack = pack
            if pack["layer"] as? String == "kubernetes" { pack["version"] = "1.30.7" }
            return pack
        }
        profiles.append(newer)
        json["profiles"] = profiles
        // Half an hour in, the branches (the last wave, halted before it starts) are pointed at 5.1.1.
        json["timeline"] = (json["timeline"] as? [[String: Any]] ?? []) + [
            ["at": "+30m", "action": "assign", "clusters": ["classes": ["branch"]], "profile": "edge-pxke@5.1.1", "actor": "platform-team"],
        ]
        let scenario = try ScenarioParser.parse(try JSONSerialization.data(withJSONObject: json), folder: SimulationTests.scenarios)
        let store = try EventStore.open(at: folder)
        defer { store.close() }
        _ = try Simulation(scenario: scenario, seed: 5, store: store, scale: 0.1).run()
        let history = try RecordedHistory.load(from: store)

        let waiting = history.clusters.filter { $0.cluster?.profile.name == "edge-pxke" && $0.changeAcceptedMs == nil }
        try #require(!waiting.isEmpty, "the halt leaves branches that never started")
        #expect(waiting.allSatisfy { $0.change?.target == ProfileReference(name: "edge-pxke", version: "5.1.1") },
                "\(Set(waiting.compactMap { $0.change?.target.description }))")
    }

    @Test func clustersPinnedToWavesByTheirClassStayInThemWhenReRun() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Equal classes pinned to waves of 25, 50 and 25 percent: splitting by percentage alone
        // would move clusters between waves, so the re-run must keep the recorded pins.
        var scenario = try ScenarioParser.load("\(SimulationTests.scenarios)/mixed-repave-approval-waves.json")
        for index in scenario.fleet.indices { scenario.fleet[index].count = 6 }
        let store = try EventStore.open(at: folder)
        let original = try Simulation(scenario: scenario, seed: 5, store: store, scale: 1).run()
        let history = try RecordedHistory.load(from: store)
        store.close()
        #expect(history.clusters.filter { $0.pinnedWave != nil }.count == 18)
        #expect(history.clusters.first { $0.id.hasPrefix("kiosk") }?.pinnedWave == "kiosks")

        let rerun = try Simulation(history: history, policy: scenario.policy, budgetOverride: nil, seed: 99, store: nil).run()
        #expect(rerun.makespanMs == original.makespanMs)
        #expect(rerun.byStatus.map { "\($0.0) \($0.1)" } == original.byStatus.map { "\($0.0) \($0.1)" })
        #expect(rerun.halt == original.halt)
        #expect(rerun.failures == original.failures)
    }

    @Test func theReplayPublishesTheScenariosProfilesAndTheRerunPublishesThemAgain() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (scenario, _, history) = try record("mixed-repave-approval-waves", scale: 0.05)
        #expect(history.profiles.map(\.reference) == scenario.profiles.map(\.reference))
        #expect(history.profiles == scenario.published)
        #expect(history.profiles.allSatisfy { !$0.packs.isEmpty })

        let again = folder + "-rerun"
        defer { try? FileManager.default.removeItem(atPath: again) }
        let store = try EventStore.open(at: again)
        defer { store.close() }
        _ = try Simulation(history: history, policy: scenario.policy, budgetOverride: nil, seed: 2, store: store).run()
        #expect(try RecordedHistory.load(from: store).profiles == scenario.published)
        #expect(try store.readStream("profile/edge-k3s").map(\.actor) == ["scenario", "scenario"])
    }

    @Test func aLargerFailureBudgetLetsTheHaltedWaveRun() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (scenario, original, history) = try record("mixed-repave-approval-waves", scale: 0.1)
        #expect(original.halt != nil)
        var generous = scenario.policy
        generous.failureBudgetPercent = 50
        let rerun = try Simulation(history: history, policy: generous, budgetOverride: nil, seed: 1, store: nil).run()
        #expect(rerun.halt == nil)
        #expect(!rerun.byStatus.contains { $0.0 == "not started" })
        #expect(rerun.makespanMs > original.makespanMs)  // the branch offices now take their turn
    }

    @Test func moreUnavailableWorkersShortenEachUpgrade() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (scenario, original, history) = try record("factory-k3s-config-change", scale: 0.05)
        let wider = BudgetOverride(maxUnavailable: .count(4), maxSurge: nil)
        let rerun = try Simulation(history: history, policy: scenario.policy, budgetOverride: wider, seed: 1, store: nil).run()
        #expect(rerun.durationP50Ms < original.durationP50Ms)
        #expect(rerun.peakUnavailableInOnePool == 4)
        #expect(original.peakUnavailableInOnePool == 2)
    }

    /// A store the service kept working on: a cluster upgraded again after the replay. The re-run
    /// takes its first change with that upgrade's steps alone, and says what it left out.
    @Test func aLaterUpgradeIsCountedNotMixedIntoTheFirst() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (scenario, _, before) = try record("factory-k3s-config-change", scale: 0.05)
        let first = try #require(before.clusters.first { $0.endedMs != nil })
        let store = try EventStore.open(at: folder)
        let clusters = EdgeClusters(store: store)
        var clock = try #require(before.lastEndMs) + 3_600_000
        let next = ProfileChange(target: ProfileReference(name: "later", version: "9.0.0"), behavior: .reboot, requestedBy: "service")
        _ = try await clusters.execute(.changeProfile(next, at: Timestamp(millisecondsSinceEpoch: clock)), on: first.id, actor: "olga")
        var answered = 0
        while let action = try await clusters.state(of: first.id).state.requestedNodeActions.first {
            clock += 7_200_000  // far slower than anything the replay recorded
            let report = NodeStepReport(node: action.node, step: action.step, outcome: .succeeded, idempotencyKey: "later-\(answered)",
                                        at: Timestamp(millisecondsSinceEpoch: clock), attempt: action.attempt)
            _ = try await clusters.execute(.reportNodeStep(report), on: first.id, actor: "agent")
            answered += 1
        }
        store.close()
        #expect(answered > 0)

        let reopened = try EventStore.open(at: folder)
        defer { reopened.close() }
        let after = try RecordedHistory.load(from: reopened)
        let again = try #require(after.clusters.first { $0.id == first.id })
        #expect(again.laterChanges == 1)
        #expect(after.laterChanges == 1 && after.clustersWithLaterChanges == 1)
        #expect(again.change == first.change)
        #expect(again.endedMs == first.endedMs)
        #expect(again.steps.mapValues(\.durationMs) == first.steps.mapValues(\.durationMs))
        #expect(after.makespanMs == before.makespanMs)
        #expect(after.medianMs == before.medianMs)

        let rerun = try Simulation(history: after, policy: scenario.policy, budgetOverride: nil, seed: 3, store: nil).run()
        let lines = CounterfactualSummary.lines(recorded: after, rerun: rerun, policyFile: "p.json")
        #expect(lines.last == "not re-run:            1 later change on 1 cluster (each cluster's first recorded change is re-run, and compared)")
        #expect(!CounterfactualSummary.lines(recorded: before, rerun: rerun, policyFile: "p.json").contains { $0.hasPrefix("not re-run") })
    }

    /// A decision names no upgrade: one taken after a later change was accepted is that change's,
    /// not the first's, even when the first was cancelled undecided.
    @Test func aLaterUpgradesApprovalIsNotTheFirsts() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try EventStore.open(at: folder)
        let clusters = EdgeClusters(store: store)
        let at = { (s: Int64) in Timestamp(millisecondsSinceEpoch: 1_795_000_000_000 + s * 1000) }
        let cluster = Cluster(
            id: "c1", kind: .edge, targetInfrastructure: "edge-native",
            pools: [NodePool(id: "cp", role: .controlPlane, nodes: [FleetNode(id: "n1", role: .controlPlane)], spareHosts: 1,
                             rollout: RolloutBudget(maxSurge: .count(1), maxUnavailable: .count(0)))],
            profile: ProfileReference(name: "p", version: "1"), kubernetesVersion: "v1.30.1", cniPack: "cni-calico")
        _ = try await clusters.execute(.registerCluster(cluster, policy: .standard, at: at(0)), on: "c1", actor: "inventory")
        let first = ProfileChange(target: ProfileReference(name: "p", version: "2"), behavior: .repave, requestedBy: "olga")
        _ = try await clusters.execute(.changeProfile(first, at: at(1)), on: "c1", actor: "olga")
        _ = try await clusters.execute(.cancel(actor: "olga", comment: "not now", at: at(2)), on: "c1", actor: "olga")
        let second = ProfileChange(target: ProfileReference(name: "p", version: "3"), behavior: .repave, requestedBy: "olga")
        _ = try await clusters.execute(.changeProfile(second, at: at(3)), on: "c1", actor: "olga")
        _ = try await clusters.execute(.approveRepave(actor: "alice", comment: "go", at: at(9)), on: "c1", actor: "alice")
        store.close()

        let reopened = try EventStore.open(at: folder)
        defer { reopened.close() }
        let recorded = try #require(try RecordedHistory.load(from: reopened).clusters.first)
        #expect(recorded.change == first)
        #expect(recorded.outcome == "cancelled")
        #expect(recorded.laterChanges == 1)
        #expect(recorded.approvalDelayMs == nil && recorded.approver == nil, "alice approved the second upgrade, not the first")
    }
}
