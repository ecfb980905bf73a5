import Testing
import UpgradeDomain

struct RepaveApprovalTests {
    @Test func aRepaveWaitsForApprovalBeforeTouchingAnyNode() {
        var scenario = UpgradeScenario.given(edgeCluster())
        let events = scenario.when(.changeProfile(change(.repave), at: t(1)))
        #expect(events.count == 2)
        #expect(events.last == .repaveApprovalRequested(upgrade: 1, at: t(1)))
        #expect(started(events).isEmpty)
        #expect(scenario.state.status == .awaitingApproval(upgrade: 1, since: t(1)))
        #expect(scenario.state.requestedNodeActions.isEmpty)
    }

    @Test func approvalByANamedActorStartsTheFirstControlPlaneNode() {
        var scenario = UpgradeScenario.given(edgeCluster(controlPlane: 3))
        scenario.given(.changeProfile(change(.repave), at: t(1)))
        let events = scenario.when(.approveRepave(actor: "carol", comment: "maintenance window 42", at: t(5)))
        #expect(events.first == .repaveApproved(ApprovalDecision(actor: "carol", comment: "maintenance window 42", at: t(5))))
        #expect(started(events) == [NodeStepPair("cp-1", .cordon)])
    }

    @Test func anApprovalOrDenialNamingAnUpgradeThatIsNoLongerUnderWayIsRefused() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(
            .changeProfile(change(.repave), at: t(1)),
            .changeProfile(change(.repave, to: laterProfile), at: t(2)),
            .cancel(actor: "frank", comment: "straight to 1.2.0", at: t(3)))
        #expect(scenario.state.status == .awaitingApproval(upgrade: 2, since: t(3)))
        let replaced = RefusalReason.otherUpgradeUnderWay(named: 1, current: 2, target: laterProfile)
        #expect(scenario.refusal(of: .approveRepave(actor: "carol", comment: "ok", upgrade: 1, at: t(4))) == replaced)
        #expect(scenario.refusal(of: .denyRepave(actor: "carol", comment: "no", upgrade: 1, at: t(4))) == replaced)
        #expect(scenario.refusal(of: .cancel(actor: "frank", comment: "", upgrade: 1, at: t(4))) == replaced)
        let approved = scenario.when(.approveRepave(actor: "carol", comment: "ok", upgrade: 2, at: t(5)))
        #expect(started(approved) == [NodeStepPair("cp-1", .cordon)])
    }

    @Test(arguments: ["", "   "])
    func anApprovalWithoutANamedActorIsRefused(_ actor: String) {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.repave), at: t(1)))
        #expect(scenario.refusal(of: .approveRepave(actor: actor, comment: "ok", at: t(2))) == .approvalNeedsNamedActor)
        #expect(scenario.refusal(of: .denyRepave(actor: actor, comment: "no", at: t(2))) == .approvalNeedsNamedActor)
    }

    @Test func aDeniedRepaveCancelsTheUpgradeAndTouchesNothing() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.repave), at: t(1)))
        let events = scenario.when(.denyRepave(actor: "dave", comment: "not during peak", at: t(3)))
        let decision = ApprovalDecision(actor: "dave", comment: "not during peak", at: t(3))
        let cancellation = UpgradeCancellation(
            upgrade: 1, target: nextProfile, reason: .repaveDenied,
            by: OperatorAction(actor: "dave", comment: "not during peak", at: t(3)), cordonedNodes: [])
        #expect(events == [.repaveDenied(decision), .upgradeCancelled(cancellation)])
        #expect(scenario.state.status == .cancelled(cancellation))
        #expect(scenario.state.cluster?.profile == currentProfile)
    }

    @Test func anApprovalWithNothingPendingIsRefused() {
        var scenario = UpgradeScenario.given(edgeCluster())
        #expect(scenario.refusal(of: .approveRepave(actor: "carol", comment: "", at: t(1))) == .noUpgradeInProgress)
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        #expect(scenario.refusal(of: .approveRepave(actor: "carol", comment: "", at: t(2))) == .noApprovalPending)
    }

    @Test func aNonRepaveNeedsNoApproval() {
        var scenario = UpgradeScenario.given(edgeCluster())
        let events = scenario.when(.changeProfile(change(.reboot), at: t(1)))
        #expect(started(events) == [NodeStepPair("cp-1", .cordon)])
    }
}
