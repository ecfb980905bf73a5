import Testing
import UpgradeDomain

struct RollingPlannerTests {
    @Test(arguments: [(1, true), (2, true), (3, false), (5, false)])
    func thePlanSaysWhenTheControlPlaneHasNoQuorumTolerance(members: Int, noTolerance: Bool) throws {
        let plan = try RollingPlanner.plan(change(.reboot), for: edgeCluster(controlPlane: members, workers: 0))
        #expect(plan.notes.contains(.controlPlaneOneAtATime(members: members, quorum: members / 2 + 1)))
        #expect(plan.notes.contains(.controlPlaneHasNoQuorumTolerance(members: members)) == noTolerance)
        #expect(plan.limits(for: "control-plane")?.maxUnavailable == 1)
    }

    @Test func anInPlaceStepWithAZeroUnavailableBudgetTakesOneNodeAtATimeAndSaysSo() throws {
        let plan = try RollingPlanner.plan(
            change(.reboot), for: edgeCluster(workers: 3, workerBudget: .clusterAPIDefault, workerSpares: 2))
        #expect(plan.limits(for: "workers")?.maxUnavailable == 1)
        #expect(plan.notes.contains(.oneNodeUnavailableForInPlaceSteps(pool: "workers")))
    }

    @Test func surgeIsBoundedBySpareHosts() throws {
        let plan = try RollingPlanner.plan(
            change(.repave),
            for: edgeCluster(workers: 4, workerBudget: RolloutBudget(maxSurge: .percent(100), maxUnavailable: .count(0)), workerSpares: 2))
        #expect(plan.limits(for: "workers")?.resolved.maxSurge == 4)
        #expect(plan.limits(for: "workers")?.maxSurge == 2)
    }

    @Test func controlPlaneNodesArePlannedBeforeWorkersWhateverThePoolOrder() throws {
        var cluster = edgeCluster(controlPlane: 1, workers: 2)
        cluster.pools.reverse()
        let plan = try RollingPlanner.plan(change(.reboot), for: cluster)
        #expect(plan.nodes.map(\.node) == ["cp-1", "w-1", "w-2"])
    }

    @Test func aNoOpPlansNoNodeWork() throws {
        let plan = try RollingPlanner.plan(change(.noOp), for: edgeCluster())
        #expect(plan.nodes.isEmpty)
        #expect(plan.notes.isEmpty)
    }
}
