import Testing
import UpgradeDomain

struct QueuedChangeTests {
    @Test func aProfileChangeMidUpgradeIsQueuedAndTouchesNothing() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        let later = change(.serviceRestart, to: laterProfile, services: ["k3s"])
        let events = scenario.when(.changeProfile(later, at: t(2)))
        #expect(events == [.profileChangeQueued(later, at: t(2))])
        #expect(scenario.state.queued == later)
        #expect(scenario.requested == [NodeStepPair("cp-1", .cordon)])
    }

    @Test func theQueuedChangeIsPlannedWhenTheCurrentUpgradeSucceeds() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        scenario.given(
            .changeProfile(change(.configReload), at: t(1)),
            .changeProfile(change(.serviceRestart, to: laterProfile, services: ["k3s"]), at: t(2)))
        let events = scenario.when(succeeded("cp-1", .reloadConfiguration, at: t(3)))
        #expect(events.contains(.upgradeSucceeded(UpgradeSuccess(upgrade: 1, target: nextProfile, newlyOrphanedPacks: [], at: t(3)))))
        #expect(started(events) == [NodeStepPair("cp-1", .restartServices)])
        #expect(scenario.state.active?.accepted.change.target == laterProfile)
        #expect(scenario.state.active?.number == 2)
        #expect(scenario.state.queued == nil)
    }

    @Test func aQueuedChangeIsCheckedAgainstTheVersionTheCurrentUpgradeLeadsTo() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        scenario.given(.changeProfile(change(.reboot, kubernetes: ("v1.30.1+k3s1", "v1.31.0+k3s1")), at: t(1)))
        #expect(scenario.refusal(of: .changeProfile(
            change(.reboot, to: laterProfile, kubernetes: ("v1.31.0+k3s1", "v1.30.1+k3s1")), at: t(2)))
            == .kubernetesDowngrade(from: "v1.31.0+k3s1", to: "v1.30.1+k3s1"))
    }

    @Test func aNewerQueuedChangeReplacesTheEarlierOneKeepingTheMostDisruptiveBehaviour() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        scenario.given(
            .changeProfile(change(.configReload), at: t(1)),
            .changeProfile(change(.reboot, to: laterProfile, dropped: ["a"]), at: t(2)))
        let newest = change(.noOp, to: ProfileReference(name: "edge-base", version: "1.3.0"), dropped: ["b"])
        scenario.given(.changeProfile(newest, at: t(3)))
        #expect(scenario.state.queued?.target.version == "1.3.0")
        #expect(scenario.state.queued?.behavior == .reboot)
        #expect(scenario.state.queued?.droppedPacks == ["a", "b"])
    }

    @Test func afterAFailureTheQueuedChangeIsPlannedButHeldPaused() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0), policy: UpgradePolicy(stepTimeoutMilliseconds: 60_000, maxRetries: 0))
        scenario.given(
            .changeProfile(change(.reboot), at: t(1)),
            .changeProfile(change(.configReload, to: laterProfile), at: t(2)))
        let events = scenario.when(failed("cp-1", .cordon, "kubelet gone", at: t(3)))
        #expect(started(events).isEmpty)
        #expect(scenario.state.active?.number == 2)
        #expect(scenario.state.active?.accepted.change.behavior == .reboot)
        #expect(scenario.state.status == .paused(
            upgrade: 2, by: OperatorAction(actor: ClusterUpgradeDecider.engineActor, comment: "previous upgrade failed", at: t(3))))
        let resumed = scenario.when(.resume(actor: "gina", comment: "node fixed", at: t(4)))
        #expect(started(resumed) == [NodeStepPair("cp-1", .cordon)])
    }

    @Test func repeatingTheSameChangeMidUpgradeEmitsNothing() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        #expect(scenario.when(.changeProfile(change(.reboot), at: t(2))).isEmpty)
    }

    @Test func theRunningChangeAskedForBySomeoneElseEmitsNothing() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        scenario.given(.changeProfile(change(.repave), at: t(1)))
        var again = change(.repave)
        again.requestedBy = "bob"
        #expect(scenario.when(.changeProfile(again, at: t(2))).isEmpty)
        #expect(scenario.state.queued == nil)
    }

    @Test func askingForTheVersionUnderWayWithdrawsTheQueuedChange() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        let queued = change(.reboot, to: laterProfile)
        scenario.given(.changeProfile(change(.configReload), at: t(1)), .changeProfile(queued, at: t(2)))
        var back = change(.noOp)
        back.requestedBy = "bob"
        #expect(scenario.when(.changeProfile(back, at: t(3))) == [.queuedProfileChangeWithdrawn(queued, by: "bob", at: t(3))])
        #expect(scenario.state.queued == nil)
        let events = scenario.when(succeeded("cp-1", .reloadConfiguration, at: t(4)))
        #expect(events.contains(.upgradeSucceeded(UpgradeSuccess(upgrade: 1, target: nextProfile, newlyOrphanedPacks: [], at: t(4)))))
        #expect(scenario.state.active == nil)
        #expect(scenario.state.upgradesAccepted == 1)
    }

    @Test func whatAChangeToTheVersionUnderWayAddsFollowsAloneInPlaceOfTheQueuedOne() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        let queued = change(.repave, to: laterProfile)
        scenario.given(.changeProfile(change(.configReload), at: t(1)), .changeProfile(queued, at: t(2)))
        let edited = change(.serviceRestart, services: ["k3s"])
        #expect(scenario.when(.changeProfile(edited, at: t(3)))
            == [.queuedProfileChangeWithdrawn(queued, by: "alice", at: t(3)), .profileChangeQueued(edited, at: t(3))])
        #expect(scenario.state.queued?.behavior == .serviceRestart)
    }

    @Test func aChangeToTheVersionUnderWayLeavesAQueuedEditOfThatVersion() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        let edit = change(.serviceRestart, services: ["k3s"])
        scenario.given(.changeProfile(change(.configReload), at: t(1)), .changeProfile(edit, at: t(2)))
        #expect(scenario.when(.changeProfile(change(.configReload), at: t(3))).isEmpty)
        #expect(scenario.state.queued == edit)
    }

    @Test func theQueuedChangeAskedForBySomeoneElseEmitsNothing() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        let queued = change(.reboot, to: laterProfile)
        scenario.given(.changeProfile(change(.configReload), at: t(1)), .changeProfile(queued, at: t(2)))
        var again = queued
        again.requestedBy = "bob"
        #expect(scenario.when(.changeProfile(again, at: t(3))).isEmpty)
        #expect(scenario.state.queued == queued)
    }
}
