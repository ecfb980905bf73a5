import EventStore
import Foundation
import Simulator
import Testing

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
}
