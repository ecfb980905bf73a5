import Testing
import UpgradeDomain

struct NodeProgressionTests {
    /// Answers every request until none is left; returns the (node, step) order in which steps started.
    private func driveToEnd(_ scenario: inout UpgradeScenario, from start: Int64 = 10) -> [[NodeStepPair]] {
        var rounds: [[NodeStepPair]] = [scenario.requested]
        var clock = start
        while !scenario.requested.isEmpty, clock < start + 500 {
            clock += 1
            scenario.answerAll(at: t(clock))
            if !scenario.requested.isEmpty { rounds.append(scenario.requested) }
        }
        return rounds
    }

    @Test func aRebootCordonsDrainsRebootsWaitsReadyAndUncordonsEachNode() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        let rounds = driveToEnd(&scenario)
        #expect(rounds.flatMap { $0 } == [.cordon, .drain, .reboot, .waitReady, .uncordon].map { NodeStepPair("cp-1", $0) })
        #expect(scenario.state.cluster?.profile == nextProfile)
    }

    @Test func controlPlaneNodesGoOneAtATimeAndAllFinishBeforeAnyWorkerStarts() {
        var scenario = UpgradeScenario.given(edgeCluster(controlPlane: 3, workers: 2))
        scenario.given(.changeProfile(change(.serviceRestart, services: ["k3s"]), at: t(1)))
        let rounds = driveToEnd(&scenario)
        let order = rounds.flatMap { $0 }
        #expect(rounds.allSatisfy { $0.count == 1 })
        let firstWorker = order.firstIndex { $0.node.rawValue.hasPrefix("w-") }!
        let lastControlPlane = order.lastIndex { $0.node.rawValue.hasPrefix("cp-") }!
        #expect(lastControlPlane < firstWorker)
        #expect(order.map(\.node).removingAdjacentDuplicates() == ["cp-1", "cp-2", "cp-3", "w-1", "w-2"])
    }

    @Test func workersRollAsManyAtOnceAsMaxUnavailableAllows() {
        var scenario = UpgradeScenario.given(edgeCluster(
            workers: 5, workerBudget: RolloutBudget(maxSurge: .count(0), maxUnavailable: .percent(40))))
        scenario.given(.changeProfile(change(.reboot), at: t(1)))
        let rounds = driveToEnd(&scenario)
        let workerRounds = rounds.filter { $0.allSatisfy { $0.node.rawValue.hasPrefix("w-") } }
        #expect(workerRounds.first?.map(\.node) == ["w-1", "w-2"])
        #expect(workerRounds.allSatisfy { $0.count <= 2 })
    }

    @Test func aServiceRestartNamesTheServicesToRestart() throws {
        var scenario = UpgradeScenario.given(edgeCluster())
        scenario.given(.changeProfile(change(.serviceRestart, services: ["k3s", "calico-node", "k3s"]), at: t(1)))
        let request = try #require(scenario.state.requestedNodeActions.first)
        #expect(request.step == .restartServices)
        #expect(request.services == ["calico-node", "k3s"])
        #expect(request.deadline == t(61))
    }

    @Test func aConfigurationReloadTouchesAllControlPlaneNodesAtOnceThenAllWorkers() {
        var scenario = UpgradeScenario.given(edgeCluster(controlPlane: 3, workers: 3))
        scenario.given(.changeProfile(change(.configReload), at: t(1)))
        #expect(scenario.requested == ["cp-1", "cp-2", "cp-3"].map { NodeStepPair(NodeID($0), .reloadConfiguration) })
        scenario.answerAll(at: t(2))
        #expect(scenario.requested == ["w-1", "w-2", "w-3"].map { NodeStepPair(NodeID($0), .reloadConfiguration) })
        scenario.answerAll(at: t(3))
        #expect(scenario.state.status == .succeeded(UpgradeSuccess(upgrade: 1, target: nextProfile, newlyOrphanedPacks: [], at: t(3))))
    }

    @Test func aNoOpIsAcknowledgedAndDoneWithoutTouchingNodes() throws {
        var scenario = UpgradeScenario.given(edgeCluster())
        let events = scenario.when(.changeProfile(change(.noOp), at: t(1)))
        #expect(started(events).isEmpty)
        #expect(events.last == .upgradeSucceeded(UpgradeSuccess(upgrade: 1, target: nextProfile, newlyOrphanedPacks: [], at: t(1))))
    }

    @Test func aRepaveSurgesOntoASpareHostWhenThereIsRoom() {
        var scenario = UpgradeScenario.given(edgeCluster(
            workers: 2, workerBudget: .clusterAPIDefault, workerSpares: 1, controlPlaneSpares: 1))
        scenario.given(.changeProfile(change(.repave), at: t(1)), .approveRepave(actor: "carol", comment: "", at: t(2)))
        #expect(scenario.requested == [NodeStepPair("cp-1", .provisionReplacement)])
        let plan = scenario.state.active!.plan
        #expect(plan.plan(for: "w-1")?.steps == [.provisionReplacement, .cordon, .drain, .removeNode])
        #expect(plan.plan(for: "w-1")?.disruption == .surge)
    }

    @Test func aRepaveWithoutASpareHostRemovesFirstAndSaysThePoolContracts() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 2, workerBudget: .clusterAPIDefault, elemental: true))
        scenario.given(.changeProfile(change(.repave), at: t(1)), .approveRepave(actor: "carol", comment: "", at: t(2)))
        let plan = scenario.state.active!.plan
        #expect(plan.plan(for: "w-1")?.steps == [.cordon, .drain, .removeNode, .provisionReplacement])
        #expect(plan.notes.contains(.poolContractsByOneFirst(pool: "workers", resetsOnRemoval: true)))
        #expect(plan.limits(for: "workers")?.maxUnavailable == 1)
        #expect(plan.notes.contains(.controlPlaneHasNoQuorumTolerance(members: 1)))
    }

    @Test func anElementalHostTakesAnOSVersionChangeInPlace() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 1, elemental: true))
        scenario.given(.changeProfile(change(.repave, osVersion: true), at: t(1)), .approveRepave(actor: "c", comment: "", at: t(2)))
        let rounds = driveToEnd(&scenario)
        #expect(rounds.flatMap { $0 }.filter { $0.node == "w-1" }.map(\.step)
            == [.cordon, .drain, .markInPlaceUpdatePending, .awaitInPlaceUpdateDone, .uncordon])
        #expect(scenario.state.cluster?.profile == nextProfile)
    }

    @Test func aSuccessfulUpgradeMovesTheClusterAndKeepsDroppedPacksAsOrphans() {
        var scenario = UpgradeScenario.given(edgeCluster(workers: 0))
        scenario.given(.changeProfile(
            change(.configReload, kubernetes: ("v1.30.1+k3s1", "v1.31.0+k3s1"), dropped: ["hello-universe", "csi-old"]), at: t(1)))
        let events = scenario.answerAll(at: t(2))
        #expect(events.last == .upgradeSucceeded(UpgradeSuccess(
            upgrade: 1, target: nextProfile, newlyOrphanedPacks: ["csi-old", "hello-universe"], at: t(2))))
        #expect(scenario.state.cluster?.kubernetesVersion == "v1.31.0+k3s1")
        #expect(scenario.state.orphanedPacks == ["csi-old", "hello-universe"])
    }
}

extension Array where Element: Equatable {
    func removingAdjacentDuplicates() -> [Element] {
        reduce(into: []) { result, element in
            if result.last != element { result.append(element) }
        }
    }
}
