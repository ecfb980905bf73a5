import Testing
import UpgradeDomain

struct DeadlineAndRetryTests {
    @Test func aFailedStepIsRetriedWithAFreshDeadline() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        let events = scenario.when(failed("cp-1", .cordon, "api timeout", key: "k1", at: t(5)))
        #expect(events.first == .nodeStepFailed(NodeStepFailure(
            upgrade: 1, node: "cp-1", step: .cordon, attempt: 1, error: .reported("api timeout"),
            idempotencyKey: "k1", willRetry: true, at: t(5))))
        guard case .nodeStepStarted(let retry) = events.last else {
            Issue.record("expected a retry, got \(events)")
            return
        }
        #expect(retry.attempt == 2)
        #expect(retry.deadline == t(65))
    }

    @Test func aTimeoutBeyondTheRetryLimitFailsTheUpgradeNamingNodeStepErrorAndTime() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 1))
        scenario.given(.changeProfile(change(.reboot), at: t(0)), succeeded("cp-1", .cordon, at: t(10)))
        #expect(scenario.when(.tick(now: t(69))).isEmpty)
        scenario.given(.tick(now: t(70)))
        #expect(scenario.requested == [NodeStepPair("cp-1", .drain)])
        let events = scenario.when(.tick(now: t(130)))
        let failure = UpgradeFailure(
            upgrade: 1, target: nextProfile, node: "cp-1", step: .drain, attempts: 2,
            error: .timedOut(deadline: t(130)), at: t(130), cordonedNodes: ["cp-1"])
        #expect(events.last == .upgradeFailed(failure))
        #expect(scenario.state.status == .failed(failure))
        #expect(scenario.state.requestedNodeActions.isEmpty)
        #expect(scenario.state.cluster?.profile == currentProfile)
    }

    @Test func aFailedUpgradeStartsNoFurtherNode() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 1), policy: UpgradePolicy(stepTimeoutMilliseconds: 60_000, maxRetries: 0))
        scenario.given(.changeProfile(change(.serviceRestart, services: ["k3s"]), at: t(0)))
        let events = scenario.when(failed("cp-1", .restartServices, "unit failed", at: t(3)))
        #expect(started(events).isEmpty)
        #expect(scenario.when(.tick(now: t(1000))).isEmpty)
    }

    @Test func perStepDeadlinesCanBeOverridden() throws {
        let policy = UpgradePolicy(stepTimeoutMilliseconds: 60_000, stepTimeoutOverrides: [.drain: 600_000], maxRetries: 0)
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0), policy: policy)
        scenario.given(.changeProfile(change(.reboot), at: t(0)), succeeded("cp-1", .cordon, at: t(1)))
        let request = try #require(scenario.state.requestedNodeActions.first)
        #expect(request.step == .drain)
        #expect(request.deadline == t(601))
    }

    @Test func aStepReportedBeforeItWasRequestedEndsWhenItWasRequested() throws {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        // The cordon's report came from an agent whose clock ran ahead: the drain is requested at t(70).
        scenario.given(.changeProfile(change(.reboot), at: t(1)), succeeded("cp-1", .cordon, at: t(70)))
        let drain = try #require(scenario.state.requestedNodeActions.first)
        #expect(drain.requestedAt == t(70))
        let events = scenario.when(succeeded("cp-1", .drain, at: t(10)))
        guard case .nodeStepSucceeded(let success) = events.first else {
            Issue.record("expected the drain to succeed, got \(events)")
            return
        }
        #expect(success.at == t(70))
        #expect(scenario.state.requestedNodeActions.first?.requestedAt == t(70))
    }

    @Test func aTimeoutPastTheEndOfTimeIsADeadlineAtTheEndOfTimeNotATrap() throws {
        let policy = UpgradePolicy(stepTimeoutMilliseconds: .max, maxRetries: 0)
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0), policy: policy)
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        let request = try #require(scenario.state.requestedNodeActions.first)
        #expect(request.deadline == Timestamp(millisecondsSinceEpoch: .max))
        #expect(scenario.when(.tick(now: t(1_000_000))).isEmpty)
        #expect(Timestamp(millisecondsSinceEpoch: .min).advanced(byMilliseconds: -1) == Timestamp(millisecondsSinceEpoch: .min))
        let late = TemplateInstant(millisecondsSinceEpoch: .max), early = TemplateInstant(millisecondsSinceEpoch: -2)
        #expect(late.milliseconds(since: early) == .max)
        #expect(early.milliseconds(since: late) == .min)
        #expect(late.adding(milliseconds: 1) == late)
    }
}

struct CordonRecoveryTests {
    @Test func theNextUpgradeUncordonsNodesAFailedOneLeftCordoned() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0), policy: UpgradePolicy(stepTimeoutMilliseconds: 60_000, maxRetries: 0))
        scenario.given(
            .changeProfile(change(.reboot), at: t(1)), succeeded("cp-1", .cordon, at: t(2)),
            failed("cp-1", .drain, "pdb blocks eviction", at: t(3)))
        #expect(scenario.state.nodesLeftCordoned == ["cp-1"])
        scenario.given(.changeProfile(change(.serviceRestart, services: ["k3s"]), at: t(4)))
        #expect(scenario.state.active?.plan.plan(for: "cp-1")?.steps == [.restartServices, .waitServicesHealthy, .uncordon])
        scenario.answerAll(at: t(5))
        scenario.answerAll(at: t(6))
        scenario.answerAll(at: t(7))
        #expect(scenario.state.status == .succeeded(UpgradeSuccess(upgrade: 2, target: nextProfile, newlyOrphanedPacks: [], at: t(7))))
        #expect(scenario.state.nodesLeftCordoned.isEmpty)
    }

    @Test func aNoOpStillUncordonsNodesLeftCordoned() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        scenario.given(
            .changeProfile(change(.reboot), at: t(1)), succeeded("cp-1", .cordon, at: t(2)),
            .cancel(actor: "ops", comment: "", at: t(3)))
        let events = scenario.when(.changeProfile(change(.noOp), at: t(4)))
        #expect(started(events) == [NodeStepPair("cp-1", .uncordon)])
    }

    @Test func aReportHeldUpOnItsWayGivesTheStepItLetsStartItsWholeTime() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        // Cordoned at second 2, heard of at second 50: the drain is asked for at 50, due at 110.
        let late = NodeStepReport(node: "cp-1", step: .cordon, outcome: .succeeded, idempotencyKey: "k", at: t(2), receivedAt: t(50))
        let events = scenario.when(.reportNodeStep(late))
        #expect(events.first == .nodeStepSucceeded(NodeStepSuccess(upgrade: 1, node: "cp-1", step: .cordon, attempt: 1, idempotencyKey: "k", at: t(2))))
        let drain = scenario.state.requestedNodeActions.first
        #expect(drain?.step == .drain && drain?.requestedAt == t(50) && drain?.deadline == t(110))
        #expect(scenario.when(.tick(now: t(100))).isEmpty)
        // A failure heard of late is retried from when it was heard of, too.
        let failedLate = NodeStepReport(node: "cp-1", step: .drain, outcome: .failed("pdb"), idempotencyKey: "f", at: t(101), receivedAt: t(130))
        scenario.given(.reportNodeStep(failedLate))
        #expect(scenario.state.requestedNodeActions.first?.requestedAt == t(130))
    }
}
