import Testing
import UpgradeDomain

/// A repave without a spare host removes a node before it provisions the replacement. An upgrade
/// that ends between the two leaves the cluster a node short, and says so.
struct NodesLeftRemovedTests {
    /// One control-plane node and workers w-1…w-3, one worker down at a time, no retries; a repave
    /// approved and answered until w-3 is removed, whose replacement then fails.
    private func failedAfterRemovingW3() -> UpgradeScenario {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 3), policy: UpgradePolicy(stepTimeoutMilliseconds: 60_000, maxRetries: 0))
        scenario.given(.changeProfile(change(.repave), at: t(1)), .approveRepave(actor: "carol", comment: "", at: t(2)))
        var second: Int64 = 2
        while scenario.requested != [NodeStepPair("w-3", .provisionReplacement)], !scenario.requested.isEmpty {
            second += 1
            scenario.answerAll(at: t(second))
        }
        scenario.given(failed("w-3", .provisionReplacement, "no host answered PXE", at: t(second + 1)))
        return scenario
    }

    @Test func aFailureBetweenARemovalAndItsReplacementNamesTheNodeOutOfTheCluster() throws {
        let scenario = failedAfterRemovingW3()
        guard case .failed(let failure) = scenario.state.status else {
            Issue.record("expected a failure, got \(scenario.state.status)")
            return
        }
        #expect(failure.node == "w-3" && failure.step == .provisionReplacement)
        #expect(failure.removedNodes == ["w-3"])
        #expect(failure.cordonedNodes == [])
        #expect(scenario.state.nodesLeftRemoved == ["w-3"])
    }

    @Test func theNextUpgradeReplacesTheRemovedNodeBeforeTakingAnotherDown() {
        var scenario = failedAfterRemovingW3()
        scenario.given(.changeProfile(change(.reboot, to: laterProfile), at: t(100)))
        let workers = scenario.state.active?.plan.nodes.filter { $0.role == .worker } ?? []
        #expect(workers.map(\.node) == ["w-3", "w-1", "w-2"])
        #expect(workers.first?.steps == [.provisionReplacement])
        #expect(scenario.state.active?.accepted.previouslyRemoved == ["w-3"])

        var second: Int64 = 100
        while scenario.requested.allSatisfy({ $0.node == "cp-1" }), !scenario.requested.isEmpty {
            second += 1
            scenario.answerAll(at: t(second))
        }
        // w-3 is down already: with one worker down at a time, nothing else starts until it is back.
        #expect(scenario.requested == [NodeStepPair("w-3", .provisionReplacement)])
        scenario.answerAll(at: t(second + 1))
        #expect(scenario.requested == [NodeStepPair("w-1", .cordon)])
        #expect(scenario.state.active?.removedNodes == [])
    }

    @Test func aCancelledUpgradeThatHadRemovedANodeLeavesItForTheNextOneEvenANoOp() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 1))
        scenario.given(.changeProfile(change(.repave), at: t(1)), .approveRepave(actor: "carol", comment: "", at: t(2)))
        var second: Int64 = 2
        while scenario.requested != [NodeStepPair("w-1", .provisionReplacement)], !scenario.requested.isEmpty {
            second += 1
            scenario.answerAll(at: t(second))
        }
        scenario.given(.cancel(actor: "frank", comment: "window closed", at: t(50)))
        #expect(scenario.state.nodesLeftRemoved == ["w-1"])

        // Nothing in the next change touches a node, but the cluster is still a node short.
        scenario.given(.changeProfile(change(.noOp, to: laterProfile), at: t(60)))
        #expect(scenario.state.active?.plan.nodes.map(\.node) == ["w-1"])
        #expect(scenario.requested == [NodeStepPair("w-1", .provisionReplacement)])
    }

    @Test func aSurgedRepaveProvisionsBeforeItRemovesSoItsNodeIsNeverLeftOut() {
        var scenario = UpgradeScenario.given(edgeCluster(
            workers: 1, workerBudget: RolloutBudget(maxSurge: .count(1), maxUnavailable: .count(0)), workerSpares: 1))
        scenario.given(.changeProfile(change(.repave), at: t(1)), .approveRepave(actor: "carol", comment: "", at: t(2)))
        var second: Int64 = 2
        while scenario.requested != [NodeStepPair("w-1", .removeNode)], !scenario.requested.isEmpty {
            second += 1
            scenario.answerAll(at: t(second))
        }
        scenario.given(.cancel(actor: "frank", comment: "", at: t(50)))
        #expect(scenario.state.nodesLeftRemoved == [])
        #expect(scenario.state.nodesLeftCordoned == ["w-1"])
    }
}
