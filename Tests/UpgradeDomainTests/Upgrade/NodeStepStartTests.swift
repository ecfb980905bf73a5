import Testing
import UpgradeDomain

/// An agent's `started` report: recorded for the step running on that node, once per key.
struct NodeStepStartTests {
    private func began(_ node: NodeID, _ step: NodeStep, key: String, at: Timestamp, attempt: Int? = nil) -> UpgradeCommand {
        .reportNodeStepStarted(NodeStepStartReport(node: node, step: step, idempotencyKey: key, at: at, attempt: attempt))
    }

    @Test func aStartOfTheRequestedStepIsRecordedWithItsTime() throws {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        let events = scenario.when(began("cp-1", .cordon, key: "start-1", at: t(3)))
        #expect(events == [.nodeStepStartReported(NodeStepStartReceipt(
            upgrade: 1, node: "cp-1", step: .cordon, attempt: 1, idempotencyKey: "start-1", at: t(3)))])
        let request = try #require(scenario.state.requestedNodeActions.first)
        #expect(request.startedAt == t(3))
        #expect(request.requestedAt == t(1))
        #expect(scenario.state.reportKeys.contains("start-1"))
    }

    @Test func aRepeatedStartEmitsNothing() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.reboot), at: t(1)), began("cp-1", .cordon, key: "start-1", at: t(3)))
        let before = scenario.state
        #expect(scenario.when(began("cp-1", .cordon, key: "start-1", at: t(4))).isEmpty)
        #expect(scenario.when(began("cp-1", .cordon, key: "start-1-again", at: t(5))).isEmpty)
        #expect(scenario.state == before)
        #expect(scenario.state.requestedNodeActions.first?.startedAt == t(3))
    }

    @Test(arguments: [
        ("cp-1", NodeStep.drain, RefusalReason.stepNotInFlight(node: "cp-1", step: .drain)),
        ("w-1", NodeStep.cordon, RefusalReason.stepNotInFlight(node: "w-1", step: .cordon)),
        ("ghost", NodeStep.cordon, RefusalReason.unknownNode("ghost")),
    ])
    func aStartOfAStepThatIsNotRequestedIsRefused(node: String, step: NodeStep, reason: RefusalReason) {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        #expect(scenario.refusal(of: began(NodeID(node), step, key: "k", at: t(2))) == reason)
    }

    @Test func aStartWithoutAnUpgradeOrKeyOrForAnOldTryIsRefused() {
        var scenario = UpgradeScenario.given(edgeCluster())
        #expect(scenario.refusal(of: began("cp-1", .cordon, key: "k", at: t(1))) == .noUpgradeInProgress)
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        #expect(scenario.refusal(of: began("cp-1", .cordon, key: "", at: t(2))) == .missingIdempotencyKey)
        scenario.given(.tick(now: t(61)))
        #expect(scenario.refusal(of: began("cp-1", .cordon, key: "k", at: t(62), attempt: 1))
            == .staleAttempt(node: "cp-1", step: .cordon, reported: 1, current: 2))
    }

    @Test func aStartLeavesTheDeadlineAsRequested() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.reboot), at: t(0)), began("cp-1", .cordon, key: "s", at: t(50)))
        #expect(scenario.state.requestedNodeActions.first?.deadline == t(60))
        #expect(scenario.when(.tick(now: t(59))).isEmpty)
        let events = scenario.when(.tick(now: t(60)))
        #expect(events.first == .nodeStepFailed(NodeStepFailure(
            upgrade: 1, node: "cp-1", step: .cordon, attempt: 1, error: .timedOut(deadline: t(60)),
            idempotencyKey: nil, willRetry: true, at: t(60))))
        #expect(scenario.state.requestedNodeActions.first?.startedAt == nil)  // the retry has not started
    }

    @Test func theStepStillEndsWithItsOwnReport() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.reboot), at: t(1)), began("cp-1", .cordon, key: "s", at: t(2)))
        let events = scenario.when(succeeded("cp-1", .cordon, key: "done", at: t(3)))
        #expect(events.first == .nodeStepSucceeded(NodeStepSuccess(
            upgrade: 1, node: "cp-1", step: .cordon, attempt: 1, idempotencyKey: "done", at: t(3))))
        #expect(scenario.state.requestedNodeActions.first?.step == .drain)
        #expect(scenario.state.requestedNodeActions.first?.startedAt == nil)
    }
}
