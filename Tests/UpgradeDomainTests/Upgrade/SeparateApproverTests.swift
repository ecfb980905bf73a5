import Testing
import UpgradeDomain

/// ADR 0027: where approvals are separate from requests, the one who asked for a repave cannot
/// approve it; someone else can, and the asker can still deny (withdraw) it.
struct SeparateApproverTests {
    @Test func theAskerCannotApproveTheirOwnRepaveWhenApprovalsAreSeparate() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.repave), at: t(1)))
        #expect(scenario.refusal(of: .approveRepave(actor: "alice", comment: "mine", separateFromRequester: true, at: t(2)))
            == .approverAskedForChange(actor: "alice"))
        #expect(scenario.state.status == .awaitingApproval(upgrade: 1, since: t(1)))
    }

    @Test func anotherApproverApprovesItAndTheFirstNodeStarts() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.repave), at: t(1)))
        let events = scenario.when(.approveRepave(actor: "carol", comment: "checked", separateFromRequester: true, at: t(2)))
        #expect(events.first == .repaveApproved(ApprovalDecision(actor: "carol", comment: "checked", at: t(2))))
        #expect(started(events) == [NodeStepPair("cp-1", .cordon)])
    }

    @Test func theAskerMayStillDenyTheirOwnRepave() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.repave), at: t(1)))
        let events = scenario.when(.denyRepave(actor: "alice", comment: "withdrawn", at: t(2)))
        #expect(events.first == .repaveDenied(ApprovalDecision(actor: "alice", comment: "withdrawn", at: t(2))))
    }

    @Test func withoutTheRuleTheAskerMayApprove() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.repave), at: t(1)))
        let events = scenario.when(.approveRepave(actor: "alice", comment: "mine", at: t(2)))
        #expect(events.first == .repaveApproved(ApprovalDecision(actor: "alice", comment: "mine", at: t(2))))
    }

    @Test func theAskerOfAQueuedRepaveIsTheOneWhoseApprovalIsRefusedWhenItsTurnComes() {
        var scenario = UpgradeScenario.given(edgeCluster())
        var queued = change(.repave, to: laterProfile)
        queued.requestedBy = "bob"
        scenario.given(
            .changeProfile(change(.repave), at: t(1)),
            .changeProfile(queued, at: t(2)),
            .cancel(actor: "frank", comment: "straight to the later one", at: t(3)))
        #expect(scenario.state.status == .awaitingApproval(upgrade: 2, since: t(3)))
        #expect(scenario.refusal(of: .approveRepave(actor: "bob", comment: "", separateFromRequester: true, at: t(4)))
            == .approverAskedForChange(actor: "bob"))
        let events = scenario.when(.approveRepave(actor: "alice", comment: "", separateFromRequester: true, at: t(5)))
        #expect(events.first == .repaveApproved(ApprovalDecision(actor: "alice", comment: "", at: t(5))))
    }
}
