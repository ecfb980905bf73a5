import Testing
import UpgradeDomain

struct OperatorControlTests {
    @Test func aPausedUpgradeStartsNoNewStepUntilResumed() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        let pause = OperatorAction(actor: "erin", comment: "checking alerts", at: t(2))
        #expect(scenario.when(.pause(actor: "erin", comment: "checking alerts", at: t(2))) == [.upgradePaused(pause)])
        #expect(scenario.state.status == .paused(upgrade: 1, by: pause))
        let report = scenario.when(succeeded("cp-1", .cordon, at: t(3)))
        #expect(started(report).isEmpty)
        let resumed = scenario.when(.resume(actor: "erin", comment: "", at: t(4)))
        #expect(resumed.first == .upgradeResumed(OperatorAction(actor: "erin", comment: "", at: t(4))))
        #expect(started(resumed) == [NodeStepPair("cp-1", .drain)])
    }

    @Test func pausingTwiceOrResumingWhenNotPausedIsRefused() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        #expect(scenario.refusal(of: .resume(actor: "erin", comment: "", at: t(2))) == .notPaused)
        scenario.given(.pause(actor: "erin", comment: "", at: t(2)))
        #expect(scenario.refusal(of: .pause(actor: "erin", comment: "", at: t(3))) == .alreadyPaused)
        #expect(scenario.refusal(of: .pause(actor: "", comment: "", at: t(3))) == .operatorActionNeedsNamedActor)
    }

    @Test func cancellingListsTheNodesLeftCordoned() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.reboot), at: t(1)), succeeded("cp-1", .cordon, at: t(2)))
        let events = scenario.when(.cancel(actor: "frank", comment: "rollback plan", at: t(3)))
        let cancellation = UpgradeCancellation(
            upgrade: 1, target: nextProfile, reason: .operatorRequest,
            by: OperatorAction(actor: "frank", comment: "rollback plan", at: t(3)), cordonedNodes: ["cp-1"])
        #expect(events == [.upgradeCancelled(cancellation)])
        #expect(scenario.state.status == .cancelled(cancellation))
        #expect(scenario.state.requestedNodeActions.isEmpty)
    }

    /// The nodes left cordoned by an upgrade whose first step, cp-1's cordon, went as `answer`
    /// says, once it ended (a cancel ends it, if the answer did not).
    private func leftCordoned(retries: Int = 1, after answer: (inout UpgradeScenario) -> Void) -> [NodeID] {
        var scenario = UpgradeScenario.given(edgeCluster(), policy: UpgradePolicy(stepTimeoutMilliseconds: 60_000, maxRetries: retries))
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        answer(&scenario)
        if scenario.state.active != nil { scenario.given(.cancel(actor: "frank", comment: "", at: t(100))) }
        return scenario.state.nodesLeftCordoned
    }

    @Test func aCordonNoAgentAnsweredMayHaveTakenEffectSoTheNodeCountsAsLeftCordoned() {
        // In flight when the upgrade ends: the agent may cordon it a moment later.
        #expect(leftCordoned { _ in } == ["cp-1"])
        // Timed out and waiting for its retry: the agent may have cordoned it and never said so.
        #expect(leftCordoned { $0.given(.tick(now: t(70))) } == ["cp-1"])
        // Reported failed, the last try: the agent says it is not cordoned.
        #expect(leftCordoned(retries: 0) { $0.given(failed("cp-1", .cordon, "api unreachable", at: t(2))) } == [])
        // Reported failed and retried: the retry is in flight.
        #expect(leftCordoned { $0.given(failed("cp-1", .cordon, "api unreachable", at: t(2))) } == ["cp-1"])
        // Timed out on the last try.
        #expect(leftCordoned(retries: 0) { $0.given(.tick(now: t(70))) } == ["cp-1"])
        // Reported done, then the node went on to drain: cordoned, as before.
        #expect(leftCordoned { $0.given(succeeded("cp-1", .cordon, at: t(2))) } == ["cp-1"])
    }

    @Test func aReportAfterCancellationIsRefused() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.reboot), at: t(1)), .cancel(actor: "frank", comment: "", at: t(2)))
        #expect(scenario.refusal(of: succeeded("cp-1", .cordon, at: t(3))) == .noUpgradeInProgress)
    }

    @Test func pauseResumeAndCancelNeedAnUpgrade() {
        let scenario = UpgradeScenario.given(edgeCluster())
        #expect(scenario.refusal(of: .pause(actor: "a", comment: "", at: t(1))) == .noUpgradeInProgress)
        #expect(scenario.refusal(of: .resume(actor: "a", comment: "", at: t(1))) == .noUpgradeInProgress)
        #expect(scenario.refusal(of: .cancel(actor: "a", comment: "", at: t(1))) == .noUpgradeInProgress)
    }
}
