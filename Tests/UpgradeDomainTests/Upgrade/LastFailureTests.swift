import Testing
import UpgradeDomain

/// When an upgrade has begun work on the nodes (`ActiveUpgrade.hasBegun`), and how long the fold
/// keeps the last failure (`ClusterUpgradeState.lastFailure`, ADR 0024): until an upgrade after it
/// works on the nodes or fails in its turn.
@Suite("Begun upgrades and the last failure")
struct LastFailureTests {
    static let noRetries = UpgradePolicy(stepTimeoutMilliseconds: 60_000, maxRetries: 0)

    /// `edge-1` (one control-plane node) failed upgrade 1 (a reboot) on `cp-1`'s cordon, with a
    /// config reload queued behind it, now upgrade 2, held after the failure.
    static func heldAfterAFailure() -> UpgradeScenario {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0), policy: noRetries)
        scenario.given(
            .changeProfile(change(.reboot), at: t(1)),
            .changeProfile(change(.configReload, to: laterProfile), at: t(2)),
            failed("cp-1", .cordon, "kubelet gone", at: t(3)))
        return scenario
    }

    // MARK: hasBegun

    @Test func anUpgradeHeldAfterAFailureHasNotBegunUntilItIsResumed() {
        var scenario = Self.heldAfterAFailure()
        #expect(scenario.state.active?.number == 2)
        #expect(scenario.state.active?.hasBegun == false)
        scenario.given(.resume(actor: "gina", comment: "node fixed", at: t(4)))
        #expect(scenario.state.active?.hasBegun == true)
    }

    @Test func anUpgradeAwaitingApprovalHasNotBegunUntilItsFirstStepIsRequested() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.repave), at: t(1)))
        #expect(scenario.state.active?.hasBegun == false)
        scenario.given(.approveRepave(actor: "carol", comment: "", at: t(2)))
        #expect(scenario.state.active?.hasBegun == true)
    }

    @Test func anUpgradeDeferredBeforeItsFirstStepHasNotBegun() {
        var scenario = UpgradeScenario.given(edgeCluster(health: .down))
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        #expect(scenario.state.active?.hasBegun == false)
        scenario.given(.reportKubernetesHealth(.healthy, at: t(2)))
        #expect(scenario.state.active?.hasBegun == true)
    }

    @Test func aBegunUpgradeStaysBegunWhateverItWaitsForLater() {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        #expect(scenario.state.active?.hasBegun == true)
        scenario.given(succeeded("cp-1", .cordon, at: t(2)), .pause(actor: "frank", comment: "", at: t(3)))
        #expect(scenario.state.active?.hasBegun == true)
        scenario.given(.resume(actor: "frank", comment: "", at: t(4)), .reportKubernetesHealth(.down, at: t(5)))
        #expect(scenario.state.status.kind == .deferred)
        #expect(scenario.state.active?.hasBegun == true)
    }

    // MARK: The fold's last failure

    @Test func aFailureIsTheLastFailure() throws {
        let scenario = Self.heldAfterAFailure()
        let failure = try #require(scenario.state.lastFailure)
        #expect(failure.upgrade == 1)
        #expect(failure.node == "cp-1")
        #expect(failure.step == .cordon)
        #expect(failure.error.description.contains("kubelet gone"))
    }

    @Test func aHeldUpgradeCancelledBeforeItsFirstStepLeavesTheFailure() throws {
        var scenario = Self.heldAfterAFailure()
        let failure = try #require(scenario.state.lastFailure)
        scenario.given(.cancel(actor: "frank", comment: "not now", at: t(4)))
        #expect(scenario.state.active == nil)
        #expect(scenario.state.status.kind == .cancelled)
        #expect(scenario.state.lastFailure == failure)
    }

    @Test func anUpgradeCancelledAfterItsFirstStepTakesTheFailuresPlace() {
        var scenario = Self.heldAfterAFailure()
        scenario.given(.resume(actor: "gina", comment: "node fixed", at: t(4)), .cancel(actor: "frank", comment: "", at: t(5)))
        #expect(scenario.state.status.kind == .cancelled)
        #expect(scenario.state.lastFailure == nil)
    }

    @Test func anUpgradeThatSucceedsAfterWorkingOnTheNodesTakesTheFailuresPlace() {
        var scenario = Self.heldAfterAFailure()
        scenario.given(.resume(actor: "gina", comment: "node fixed", at: t(4)))
        var now: Int64 = 5
        while scenario.state.active != nil, !scenario.state.requestedNodeActions.isEmpty, now < 100 {
            scenario.answerAll(at: t(now))
            now += 1
        }
        #expect(scenario.state.status.kind == .succeeded)
        #expect(scenario.state.lastFailure == nil)
    }

    @Test func aLaterFailureReplacesTheLastFailure() throws {
        var scenario = Self.heldAfterAFailure()
        scenario.given(.resume(actor: "gina", comment: "node fixed", at: t(4)), failed("cp-1", .cordon, "disk full", at: t(5)))
        let failure = try #require(scenario.state.lastFailure)
        #expect(failure.upgrade == 2)
        #expect(failure.error.description.contains("disk full"))
    }
}
