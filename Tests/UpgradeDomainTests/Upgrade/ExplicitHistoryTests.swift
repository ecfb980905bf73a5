import Testing
import UpgradeDomain

/// Given a literal event history, when a command, then literal events.
struct ExplicitHistoryTests {
    private let cluster = edgeCluster(workers: 0)

    private func history(upTo step: NodeStep) throws -> [UpgradeEvent] {
        let upgradeChange = change(.configReload, dropped: ["hello-universe"])
        let plan = try RollingPlanner.plan(upgradeChange, for: cluster)
        return [
            .clusterRegistered(cluster, policy: testPolicy, at: t(0)),
            .profileChangeAccepted(AcceptedUpgrade(upgrade: 1, change: upgradeChange, plan: plan, forcedMinorSkip: nil, at: t(1))),
            .nodeStepStarted(NodeActionRequest(
                upgrade: 1, node: "cp-1", pool: "control-plane", step: step, stepIndex: 0, attempt: 1,
                requestedAt: t(1), deadline: t(61), services: [])),
        ]
    }

    @Test func aSuccessfulLastStepFinishesTheNodeAndTheUpgrade() throws {
        var scenario = UpgradeScenario.given(events: try history(upTo: .reloadConfiguration))
        let events = scenario.when(succeeded("cp-1", .reloadConfiguration, key: "r1", at: t(5)))
        #expect(events == [
            .nodeStepSucceeded(NodeStepSuccess(
                upgrade: 1, node: "cp-1", step: .reloadConfiguration, attempt: 1, idempotencyKey: "r1", at: t(5))),
            .nodeFinished(upgrade: 1, node: "cp-1", at: t(5)),
            .upgradeSucceeded(UpgradeSuccess(upgrade: 1, target: nextProfile, newlyOrphanedPacks: ["hello-universe"], at: t(5))),
        ])
    }

    @Test func aTickPastTheDeadlineRetriesTheStep() throws {
        var scenario = UpgradeScenario.given(events: try history(upTo: .reloadConfiguration))
        let events = scenario.when(.tick(now: t(61)))
        #expect(events == [
            .nodeStepFailed(NodeStepFailure(
                upgrade: 1, node: "cp-1", step: .reloadConfiguration, attempt: 1, error: .timedOut(deadline: t(61)),
                idempotencyKey: nil, willRetry: true, at: t(61))),
            .nodeStepStarted(NodeActionRequest(
                upgrade: 1, node: "cp-1", pool: "control-plane", step: .reloadConfiguration, stepIndex: 0, attempt: 2,
                requestedAt: t(61), deadline: t(121), services: [])),
        ])
    }
}
