import Testing
import UpgradeDomain

/// A repave's `provision-replacement` still unanswered when its upgrade ends (in flight, or timed
/// out) may bring a machine up after the end: beside the node when it surged, in its slot when the
/// node was removed first. The ending names the node (`replacementsUnknown`), the surged one holds
/// its surge slot meanwhile, and the next upgrade asks for the replacement again before anything
/// else on the node (the agent provisions none when one is up for the node).
struct ReplacementUnknownTests {
    /// No spare host: each worker is cordoned, drained and removed before its replacement.
    private static let removingFirst = edgeCluster(workers: 2)
    private static let noRetries = UpgradePolicy(stepTimeoutMilliseconds: 60_000, maxRetries: 0)

    /// Answers every step until none is requested; the last time used.
    private static func answerUntilDone(_ scenario: inout UpgradeScenario, from second: Int64) -> Int64 {
        var second = second
        while !scenario.requested.isEmpty {
            second += 1
            scenario.answerAll(at: t(second))
        }
        return second
    }

    // MARK: surged (replacement before removal)

    @Test func aCancelWhileASurgedReplacementIsInFlightNamesItUnknown() throws {
        var (scenario, _) = RepaveFixtures.repave(RepaveFixtures.surging, until: NodeStepPair("w-1", .provisionReplacement))
        scenario.given(.cancel(actor: "frank", comment: "window closed", at: t(50)))
        let cancellation = try #require(RepaveFixtures.cancellation(scenario.state))
        #expect(cancellation.replacementsUnknown == ["w-1"])
        #expect(cancellation.replacementsLeft == [] && cancellation.removedNodes == [] && cancellation.removalsUnknown == [])
        #expect(cancellation.cordonedNodes == [])
        #expect(scenario.state.nodesLeftReplacementUnknown == ["w-1"])
        #expect(scenario.state.nodesLeftRemoved == [] && scenario.state.nodesLeftWithReplacement == [])
    }

    @Test func aSurgedReplacementThatTimedOutIsUnknownAndOneTheAgentSaysFailedIsNot() throws {
        var (timedOut, second) = RepaveFixtures.repave(RepaveFixtures.surging, policy: Self.noRetries, until: NodeStepPair("w-1", .provisionReplacement))
        timedOut.given(.tick(now: t(second + 120)))
        let unanswered = try #require(RepaveFixtures.failure(timedOut.state))
        #expect(unanswered.step == .provisionReplacement)
        #expect(unanswered.replacementsUnknown == ["w-1"] && unanswered.replacementsLeft == [])

        var (reported, at) = RepaveFixtures.repave(RepaveFixtures.surging, policy: Self.noRetries, until: NodeStepPair("w-1", .provisionReplacement))
        reported.given(failed("w-1", .provisionReplacement, "no spare host answered", at: t(at + 1)))
        let answered = try #require(RepaveFixtures.failure(reported.state))
        #expect(answered.replacementsUnknown == [] && answered.replacementsLeft == [])
    }

    @Test func theNextUpgradeAsksForTheSurgedReplacementAgainThenFinishesTheSwap() throws {
        var (scenario, _) = RepaveFixtures.repave(RepaveFixtures.surging, until: NodeStepPair("w-1", .provisionReplacement))
        scenario.given(.cancel(actor: "frank", comment: "", at: t(50)))

        // A no-op touches no node, but w-1's replacement is asked for again (the agent makes none if
        // one came up), then its swap is finished: cordon, drain, remove the node.
        scenario.given(.changeProfile(change(.noOp, to: laterProfile), at: t(60)))
        let active = try #require(scenario.state.active)
        #expect(active.accepted.previouslyReplacementUnknown == ["w-1"])
        #expect(active.accepted.previouslyRemoved == [] && active.accepted.previouslyReplaced == [])
        let plan = try #require(active.plan.plan(for: "w-1"))
        #expect(plan.steps == [.provisionReplacement, .cordon, .drain, .removeNode])
        #expect(plan.disruption == .surge)
        #expect(active.plan.nodes.map(\.node) == ["w-1"])
        #expect(scenario.requested == [NodeStepPair("w-1", .provisionReplacement)])

        scenario.answerAll(at: t(61))
        #expect(scenario.state.active?.nodesWithReplacementUp == ["w-1"])
        #expect(scenario.state.active?.nodesReplacementUnanswered == [])
        _ = Self.answerUntilDone(&scenario, from: 61)
        guard case .succeeded = scenario.state.status else {
            Issue.record("expected a success, got \(scenario.state.status)")
            return
        }
        #expect(scenario.state.nodesLeftReplacementUnknown == [] && scenario.state.nodesLeftWithReplacement == [])
    }

    @Test func anUnknownSurgedReplacementHoldsItsSpareHostFromTheNextUpgradesStart() throws {
        // w-1 is an Elemental host: the next repave changes the OS version, so after its swap w-1
        // updates in place (counted down, not surged), while w-2 would surge onto the one spare
        // host. That host may hold w-1's replacement already: w-2 waits for the end of w-1's swap.
        var cluster = RepaveFixtures.surging
        cluster.pools[1].nodes[0] = FleetNode(id: "w-1", role: .worker, isElementalHost: true)
        var (scenario, _) = RepaveFixtures.repave(cluster, until: NodeStepPair("w-1", .provisionReplacement))
        scenario.given(.cancel(actor: "frank", comment: "", at: t(50)))

        scenario.given(
            .changeProfile(change(.repave, to: laterProfile, osVersion: true), at: t(60)),
            .approveRepave(actor: "carol", comment: "", at: t(61)))
        let plan = try #require(scenario.state.active?.plan)
        #expect(plan.plan(for: "w-1")?.disruption == .unavailable)
        #expect(plan.plan(for: "w-2")?.disruption == .surge)

        var second: Int64 = 61
        while scenario.requested.allSatisfy({ $0.node == "cp-1" }), !scenario.requested.isEmpty {
            second += 1
            scenario.answerAll(at: t(second))
        }
        #expect(scenario.requested == [NodeStepPair("w-1", .provisionReplacement)])
        var w1Removed = false
        while !scenario.requested.isEmpty {
            #expect(w1Removed || !scenario.requested.contains { $0.node == "w-2" }, "\(scenario.requested)")
            if scenario.requested.contains(NodeStepPair("w-1", .removeNode)) { w1Removed = true }
            second += 1
            scenario.answerAll(at: t(second))
        }
        guard case .succeeded = scenario.state.status else {
            Issue.record("expected a success, got \(scenario.state.status)")
            return
        }
    }

    @Test func anUnknownReplacementIsStillNamedWhenTheNextUpgradeIsDenied() throws {
        var (scenario, _) = RepaveFixtures.repave(RepaveFixtures.surging, until: NodeStepPair("w-1", .provisionReplacement))
        scenario.given(.cancel(actor: "frank", comment: "", at: t(50)))
        scenario.given(.changeProfile(change(.repave, to: laterProfile), at: t(60)), .denyRepave(actor: "carol", comment: "not now", at: t(61)))
        let cancellation = try #require(RepaveFixtures.cancellation(scenario.state))
        #expect(cancellation.upgrade == 2)
        #expect(cancellation.replacementsUnknown == ["w-1"])
    }

    // MARK: removal first (no surge room)

    @Test func aCancelWhileAReplacementIsInFlightAfterTheRemovalNamesTheNodeRemovedAndItsReplacementUnknown() throws {
        var (scenario, _) = RepaveFixtures.repave(Self.removingFirst, until: NodeStepPair("w-1", .provisionReplacement))
        scenario.given(.cancel(actor: "frank", comment: "window closed", at: t(50)))
        let cancellation = try #require(RepaveFixtures.cancellation(scenario.state))
        #expect(cancellation.removedNodes == ["w-1"])
        #expect(cancellation.replacementsUnknown == ["w-1"])
        #expect(cancellation.replacementsLeft == [] && cancellation.removalsUnknown == [])
        #expect(scenario.state.nodesLeftReplacementUnknown == ["w-1"])
    }

    @Test func aReplacementAfterTheRemovalThatTimedOutIsUnknownAndOneTheAgentSaysFailedIsNot() throws {
        var (timedOut, second) = RepaveFixtures.repave(Self.removingFirst, policy: Self.noRetries, until: NodeStepPair("w-1", .provisionReplacement))
        timedOut.given(.tick(now: t(second + 120)))
        let unanswered = try #require(RepaveFixtures.failure(timedOut.state))
        #expect(unanswered.removedNodes == ["w-1"] && unanswered.replacementsUnknown == ["w-1"])

        var (reported, at) = RepaveFixtures.repave(Self.removingFirst, policy: Self.noRetries, until: NodeStepPair("w-1", .provisionReplacement))
        reported.given(failed("w-1", .provisionReplacement, "the host did not boot", at: t(at + 1)))
        let answered = try #require(RepaveFixtures.failure(reported.state))
        #expect(answered.removedNodes == ["w-1"] && answered.replacementsUnknown == [])
    }

    @Test func theNextUpgradeAsksForTheReplacementAfterTheRemovalAgainAsItsOneStep() throws {
        var (scenario, _) = RepaveFixtures.repave(Self.removingFirst, until: NodeStepPair("w-1", .provisionReplacement))
        scenario.given(.cancel(actor: "frank", comment: "", at: t(50)))

        scenario.given(.changeProfile(change(.noOp, to: laterProfile), at: t(60)))
        let active = try #require(scenario.state.active)
        #expect(active.accepted.previouslyRemoved == ["w-1"])
        #expect(active.accepted.previouslyReplacementUnknown == ["w-1"])
        let plan = try #require(active.plan.plan(for: "w-1"))
        #expect(plan.steps == [.provisionReplacement])
        #expect(plan.disruption == .unavailable)
        #expect(scenario.requested == [NodeStepPair("w-1", .provisionReplacement)])
        // Until it is answered, the next end names it again.
        #expect(active.nodesReplacementUnanswered == ["w-1"] && active.removedNodes == ["w-1"])

        scenario.answerAll(at: t(61))
        guard case .succeeded = scenario.state.status else {
            Issue.record("expected a success, got \(scenario.state.status)")
            return
        }
        #expect(scenario.state.nodesLeftReplacementUnknown == [] && scenario.state.nodesLeftRemoved == [])
    }

    // MARK: a late answer

    @Test func aLateAnswerToTheEndedUpgradesReplacementIsRefusedAndChangesNothing() throws {
        var (scenario, _) = RepaveFixtures.repave(RepaveFixtures.surging, until: NodeStepPair("w-1", .provisionReplacement))
        scenario.given(.cancel(actor: "frank", comment: "", at: t(50)))
        let late = UpgradeCommand.reportNodeStep(NodeStepReport(
            node: "w-1", step: .provisionReplacement, outcome: .succeeded, idempotencyKey: "w-1-late", at: t(51), upgrade: 1))
        #expect(scenario.refusal(of: late) == .noUpgradeInProgress)
        #expect(scenario.state.nodesLeftReplacementUnknown == ["w-1"])
    }
}
