import Testing
import UpgradeDomain

/// A repave swaps each node for a replacement: with a spare host it provisions the replacement
/// first (surge) and removes the node last; without one it removes the node, then provisions. An
/// upgrade that ends in the middle leaves a node with its replacement up beside it (a machine more
/// than desired, on a spare host), or a node whose removal was asked for and never answered. The
/// ending says so, and the next upgrade finishes the swap before it counts on the node.
struct RepaveLeftoversTests {
    // MARK: a replacement up beside its node

    @Test func aCancelAfterTheSurgedReplacementIsUpNamesTheNodeWithItsReplacement() throws {
        // w-1's replacement is up; the cordon of w-1 is in flight when the operator cancels.
        var (scenario, _) = RepaveFixtures.repave(RepaveFixtures.surging, until: NodeStepPair("w-1", .cordon))
        scenario.given(.cancel(actor: "frank", comment: "window closed", at: t(50)))
        let cancellation = try #require(RepaveFixtures.cancellation(scenario.state))
        #expect(cancellation.replacementsLeft == ["w-1"])
        #expect(cancellation.removedNodes == [] && cancellation.removalsUnknown == [])
        #expect(cancellation.cordonedNodes == ["w-1"])
        #expect(scenario.state.nodesLeftWithReplacement == ["w-1"])
        #expect(scenario.state.nodesLeftRemoved == [] && scenario.state.nodesLeftRemovalUnknown == [])
    }

    @Test func aFailedRemovalAfterTheSurgedReplacementNamesTheNodeWithItsReplacement() throws {
        var (scenario, second) = RepaveFixtures.repave(
            RepaveFixtures.surging, policy: UpgradePolicy(stepTimeoutMilliseconds: 60_000, maxRetries: 0), until: NodeStepPair("w-1", .removeNode))
        // The agent says the removal failed: the node is still there, and so is its replacement.
        scenario.given(failed("w-1", .removeNode, "machine stuck deleting", at: t(second + 1)))
        let failure = try #require(RepaveFixtures.failure(scenario.state))
        #expect(failure.replacementsLeft == ["w-1"])
        #expect(failure.removalsUnknown == [] && failure.removedNodes == [])
        #expect(failure.cordonedNodes == ["w-1"])
    }

    @Test func theNextUpgradeRemovesTheNodeBesideItsReplacementAndProvisionsNoOther() throws {
        var (scenario, _) = RepaveFixtures.repave(RepaveFixtures.surging, until: NodeStepPair("w-1", .cordon))
        scenario.given(.cancel(actor: "frank", comment: "", at: t(50)))

        // A no-op touches no node, but w-1's swap is finished: cordon, drain, remove the node; its
        // replacement, up already, keeps the id. No second replacement, no uncordon of a node removed.
        scenario.given(.changeProfile(change(.noOp, to: laterProfile), at: t(60)))
        let active = try #require(scenario.state.active)
        #expect(active.accepted.previouslyReplaced == ["w-1"])
        let plan = try #require(active.plan.plan(for: "w-1"))
        #expect(plan.steps == [.cordon, .drain, .removeNode])
        #expect(plan.disruption == .surge)
        #expect(active.plan.nodes.map(\.node) == ["w-1"])
        #expect(scenario.requested == [NodeStepPair("w-1", .cordon)])

        var second: Int64 = 60
        while !scenario.requested.isEmpty {
            second += 1
            scenario.answerAll(at: t(second))
        }
        guard case .succeeded = scenario.state.status else {
            Issue.record("expected a success, got \(scenario.state.status)")
            return
        }
        #expect(scenario.state.nodesLeftWithReplacement == [] && scenario.state.nodesLeftCordoned == [])
    }

    @Test func theReplacementLeftHoldsTheSurgeSlotUntilItsNodeIsRemoved() throws {
        var (scenario, _) = RepaveFixtures.repave(RepaveFixtures.surging, until: NodeStepPair("w-1", .cordon))
        scenario.given(.cancel(actor: "frank", comment: "", at: t(50)))

        // The next repave: w-1 finishes its swap first, then is repaved like any node (its replacement
        // runs 1.1.0, a version the cluster never reached). w-2 may not surge while w-1's replacement
        // holds the one spare host: at most desired + maxSurge machines.
        scenario.given(.changeProfile(change(.repave, to: laterProfile), at: t(60)), .approveRepave(actor: "carol", comment: "", at: t(61)))
        let plan = try #require(scenario.state.active?.plan)
        #expect(plan.plan(for: "w-1")?.steps == [.cordon, .drain, .removeNode, .provisionReplacement, .cordon, .drain, .removeNode])
        #expect(plan.plan(for: "w-2")?.steps == [.provisionReplacement, .cordon, .drain, .removeNode])
        #expect(plan.nodes.map(\.node) == ["cp-1", "w-1", "w-2"])

        var second: Int64 = 61
        var seen: [[NodeStepPair]] = []
        while !scenario.requested.isEmpty {
            seen.append(scenario.requested)
            // Never two extra machines in the pool: w-2 waits for the end of w-1.
            let workers = scenario.requested.filter { $0.node != "cp-1" }
            #expect(workers.count <= 1, "\(workers)")
            second += 1
            scenario.answerAll(at: t(second))
        }
        let w1 = seen.compactMap { $0.first { $0.node == "w-1" } }.map(\.step)
        #expect(w1 == [.cordon, .drain, .removeNode, .provisionReplacement, .cordon, .drain, .removeNode])
        guard case .succeeded = scenario.state.status else {
            Issue.record("expected a success, got \(scenario.state.status)")
            return
        }
    }

    @Test func aReplacementLeftIsStillNamedWhenTheNextUpgradeIsDenied() throws {
        var (scenario, _) = RepaveFixtures.repave(RepaveFixtures.surging, until: NodeStepPair("w-1", .cordon))
        scenario.given(.cancel(actor: "frank", comment: "", at: t(50)))
        scenario.given(.changeProfile(change(.repave, to: laterProfile), at: t(60)), .denyRepave(actor: "carol", comment: "not now", at: t(61)))
        let cancellation = try #require(RepaveFixtures.cancellation(scenario.state))
        #expect(cancellation.upgrade == 2)
        #expect(cancellation.replacementsLeft == ["w-1"])
    }

    // MARK: a removal asked for and never answered

    @Test func aCancelWhileARemovalIsInFlightNamesTheNodeAsRemovalUnknown() throws {
        // No spare host: w-1 is cordoned, drained, and its removal is in flight.
        var (scenario, _) = RepaveFixtures.repave(edgeCluster(workers: 2), until: NodeStepPair("w-1", .removeNode))
        scenario.given(.cancel(actor: "frank", comment: "window closed", at: t(50)))
        let cancellation = try #require(RepaveFixtures.cancellation(scenario.state))
        #expect(cancellation.removalsUnknown == ["w-1"])
        #expect(cancellation.removedNodes == [] && cancellation.replacementsLeft == [])
        #expect(scenario.state.nodesLeftRemovalUnknown == ["w-1"])
    }

    @Test func theNextUpgradeRemovesANodeWhoseRemovalIsUnknownAgainAndCountsItDown() throws {
        var (scenario, _) = RepaveFixtures.repave(edgeCluster(workers: 2), until: NodeStepPair("w-1", .removeNode))
        scenario.given(.cancel(actor: "frank", comment: "", at: t(50)))

        // A reboot next: w-1 is not counted as a node to reboot (it may be gone); the removal is asked
        // for again (cordoned and drained before, so nothing else first), then its replacement. It
        // is down until then: with one worker down at a time, w-2 waits.
        scenario.given(.changeProfile(change(.reboot, to: laterProfile), at: t(60)))
        let active = try #require(scenario.state.active)
        #expect(active.accepted.previouslyRemovalUnknown == ["w-1"])
        let w1 = try #require(active.plan.plan(for: "w-1"))
        #expect(w1.steps == [.removeNode, .provisionReplacement])
        #expect(w1.disruption == .unavailable)
        #expect(active.plan.nodes.map(\.node) == ["cp-1", "w-1", "w-2"])

        var second: Int64 = 60
        while scenario.requested.allSatisfy({ $0.node == "cp-1" }), !scenario.requested.isEmpty {
            second += 1
            scenario.answerAll(at: t(second))
        }
        #expect(scenario.requested == [NodeStepPair("w-1", .removeNode)])
        second += 1
        scenario.answerAll(at: t(second))
        #expect(scenario.requested == [NodeStepPair("w-1", .provisionReplacement)])
        #expect(scenario.state.active?.removedNodes == ["w-1"])
        second += 1
        scenario.answerAll(at: t(second))
        #expect(scenario.requested == [NodeStepPair("w-2", .cordon)])
    }

    @Test func aRemovalThatTimedOutIsUnknownAndOneTheAgentSaysFailedIsNot() throws {
        let noRetries = UpgradePolicy(stepTimeoutMilliseconds: 60_000, maxRetries: 0)
        var (timedOut, second) = RepaveFixtures.repave(edgeCluster(workers: 1), policy: noRetries, until: NodeStepPair("w-1", .removeNode))
        timedOut.given(.tick(now: t(second + 120)))
        let unanswered = try #require(RepaveFixtures.failure(timedOut.state))
        #expect(unanswered.step == .removeNode)
        #expect(unanswered.removalsUnknown == ["w-1"] && unanswered.removedNodes == [])

        var (reported, at) = RepaveFixtures.repave(edgeCluster(workers: 1), policy: noRetries, until: NodeStepPair("w-1", .removeNode))
        reported.given(failed("w-1", .removeNode, "the machine will not delete", at: t(at + 1)))
        let answered = try #require(RepaveFixtures.failure(reported.state))
        #expect(answered.removalsUnknown == [] && answered.removedNodes == [])
        #expect(answered.cordonedNodes == ["w-1"])
    }

    @Test func aSurgedRemovalInFlightLeavesTheReplacementAndAnUnknownRemovalAndIsOnlyRemovedAgain() throws {
        var (scenario, _) = RepaveFixtures.repave(RepaveFixtures.surging, until: NodeStepPair("w-1", .removeNode))
        scenario.given(.cancel(actor: "frank", comment: "", at: t(50)))
        let cancellation = try #require(RepaveFixtures.cancellation(scenario.state))
        #expect(cancellation.replacementsLeft == ["w-1"])
        #expect(cancellation.removalsUnknown == ["w-1"])
        #expect(cancellation.removedNodes == [])

        // Cordoned and drained before its removal was asked for: the next upgrade asks for the removal only.
        scenario.given(.changeProfile(change(.noOp, to: laterProfile), at: t(60)))
        #expect(scenario.state.active?.plan.plan(for: "w-1")?.steps == [.removeNode])
        #expect(scenario.requested == [NodeStepPair("w-1", .removeNode)])
        scenario.answerAll(at: t(61))
        guard case .succeeded = scenario.state.status else {
            Issue.record("expected a success, got \(scenario.state.status)")
            return
        }
    }

    // MARK: the planner

    @Test func thePlannerPutsWhatWasLeftHalfDoneFirstInItsPool() throws {
        let cluster = edgeCluster(workers: 4, workerBudget: RolloutBudget(maxSurge: .count(1), maxUnavailable: .count(1)), workerSpares: 1)
        let plan = try RollingPlanner.plan(
            change(.reboot), for: cluster, previouslyCordoned: ["w-3"], previouslyRemoved: ["w-4"],
            previouslyReplaced: ["w-3"], previouslyRemovalUnknown: ["w-2"])
        let workers = plan.nodes.filter { $0.role == .worker }
        #expect(workers.map(\.node) == ["w-2", "w-3", "w-4", "w-1"])
        #expect(workers.map(\.steps) == [
            [.removeNode, .provisionReplacement],
            [.cordon, .drain, .removeNode, .cordon, .drain, .reboot, .waitReady, .uncordon],
            [.provisionReplacement],
            [.cordon, .drain, .reboot, .waitReady, .uncordon],
        ])
        #expect(workers.map(\.disruption) == [.unavailable, .unavailable, .unavailable, .unavailable])
        // Finishing a swap is not the pool contracting.
        #expect(!plan.notes.contains(.poolContractsByOneFirst(pool: "workers", resetsOnRemoval: false)))
    }
}
