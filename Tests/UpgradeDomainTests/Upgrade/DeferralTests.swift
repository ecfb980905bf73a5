import Testing
import UpgradeDomain

struct DeferralTests {
    @Test func anUpdateWhileKubernetesIsDownIsDeferredAndTouchesNoNode() {
        var scenario = UpgradeScenario.given(edgeCluster(health: .down))
        let events = scenario.when(.changeProfile(change(.reboot), at: t(1)))
        #expect(events.last == .upgradeDeferred(.kubernetesServiceDown, at: t(1)))
        #expect(started(events).isEmpty)
        #expect(scenario.state.status == .deferred(upgrade: 1, reason: .kubernetesServiceDown, since: t(1)))
    }

    @Test func aDeferredUpgradeResumesByItselfWhenKubernetesIsHealthyAgain() {
        var scenario = UpgradeScenario.given(edgeCluster(health: .down))
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        let events = scenario.when(.reportKubernetesHealth(.healthy, at: t(30)))
        #expect(Array(events.prefix(2)) == [
            .kubernetesHealthChanged(.healthy, at: t(30)), .upgradeResumedAfterDeferral(at: t(30)),
        ])
        #expect(started(events) == [NodeStepPair("cp-1", .cordon)])
    }

    @Test func kubernetesGoingDownMidUpgradeStopsNewStepsButLetsRunningOnesReport() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        let down = scenario.when(.reportKubernetesHealth(.down, at: t(2)))
        #expect(down == [.kubernetesHealthChanged(.down, at: t(2)), .upgradeDeferred(.kubernetesServiceDown, at: t(2))])
        let report = scenario.when(succeeded("cp-1", .cordon, at: t(3)))
        #expect(started(report).isEmpty)
        let up = scenario.when(.reportKubernetesHealth(.healthy, at: t(4)))
        #expect(started(up) == [NodeStepPair("cp-1", .drain)])
    }

    @Test func aRepaveAwaitingApprovalWithKubernetesDownDefersOnceApproved() {
        var scenario = UpgradeScenario.given(edgeCluster(health: .down))
        scenario.given(.changeProfile(change(.repave), at: t(1)))
        #expect(scenario.state.status == .awaitingApproval(upgrade: 1, since: t(1)))
        let events = scenario.when(.approveRepave(actor: "carol", comment: "", at: t(2)))
        #expect(events.last == .upgradeDeferred(.kubernetesServiceDown, at: t(2)))
    }

    @Test func repeatingTheSameHealthEmitsNothing() {
        var scenario = UpgradeScenario.given(edgeCluster())
        #expect(scenario.when(.reportKubernetesHealth(.healthy, at: t(1))).isEmpty)
        #expect(scenario.when(.reportClusterStatus(.running, at: t(1))).isEmpty)
    }
}
