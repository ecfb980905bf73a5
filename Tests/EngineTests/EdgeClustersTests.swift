import Engine
import EventStore
import Foundation
import Synchronization
import Testing
import UpgradeDomain

@Suite("Edge clusters over the store")
struct EdgeClustersTests {
    let folder = NSTemporaryDirectory() + "orchestrator-engine-\(UUID().uuidString)"

    func at(_ seconds: Int64) -> Timestamp { Timestamp(millisecondsSinceEpoch: 1_795_000_000_000 + seconds * 1000) }

    func cluster(_ id: String = "store-0001") -> Cluster {
        Cluster(
            id: ClusterID(id), kind: .edge, targetInfrastructure: "edge-native",
            pools: [
                NodePool(id: "control-plane", role: .controlPlane, nodes: [FleetNode(id: "cp-1", role: .controlPlane)],
                         spareHosts: 0, rollout: RolloutBudget(maxSurge: .count(0), maxUnavailable: .count(1))),
                NodePool(id: "workers", role: .worker, nodes: [FleetNode(id: "w-1", role: .worker), FleetNode(id: "w-2", role: .worker)],
                         spareHosts: 0, rollout: RolloutBudget(maxSurge: .count(0), maxUnavailable: .count(1))),
            ],
            profile: ProfileReference(name: "retail", version: "1.0.0"), kubernetesVersion: "v1.30.4+rke2r1", cniPack: "cni-calico")
    }

    func reboot() -> ProfileChange {
        ProfileChange(target: ProfileReference(name: "retail", version: "1.1.0"), behavior: .reboot, requestedBy: "alice")
    }

    /// Answers every requested step with success until the upgrade ends; returns how many reports it sent.
    func driveToTheEnd(_ clusters: EdgeClusters, _ id: String, from start: Int64) async throws -> Int {
        var clock = start
        var reports = 0
        while true {
            let requested = try await clusters.state(of: id).state.requestedNodeActions
            guard let action = requested.first else { return reports }
            clock += 10
            let report = NodeStepReport(node: action.node, step: action.step, outcome: .succeeded,
                                        idempotencyKey: "\(action.node)/\(action.step)/\(action.attempt)", at: at(clock), attempt: action.attempt)
            _ = try await clusters.execute(.reportNodeStep(report), on: id, actor: "agent/\(id)")
            reports += 1
        }
    }

    @Test func aRebootUpgradeRunsToSuccessAndTheStreamFoldsToTheSameState() async throws {
        let store = try EventStore.open(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let clusters = EdgeClusters(store: store)
        _ = try await clusters.execute(.registerCluster(cluster(), policy: .standard, at: at(0)), on: "store-0001", actor: "inventory")
        let accepted = try await clusters.execute(.changeProfile(reboot(), at: at(1)), on: "store-0001", actor: "alice")
        #expect(accepted.refusal == nil)
        #expect(accepted.events.first?.typeName == "ProfileChangeAccepted")

        let reports = try await driveToTheEnd(clusters, "store-0001", from: 1)
        #expect(reports == 3 * 5)  // three nodes, five reboot steps each
        let live = try await clusters.state(of: "store-0001").state
        guard case .succeeded = live.status else { Issue.record("not succeeded: \(live.status)"); return }

        let recorded = try store.readStream("cluster/store-0001")
        #expect(try ClusterHistory.fold(recorded).state == live)
        #expect(recorded.last?.type == "UpgradeSucceeded")
        #expect(try store.verify().isSound)
    }

    @Test func theOverdueAreTheClustersWithARequestedStepPastItsDeadline() async throws {
        let store = try EventStore.open(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let clusters = EdgeClusters(store: store)
        for id in ["store-0002", "store-0001", "store-0003"] {
            _ = try await clusters.execute(.registerCluster(cluster(id), policy: .standard, at: at(0)), on: id, actor: "inventory")
        }
        _ = try await clusters.execute(.changeProfile(reboot(), at: at(1)), on: "store-0003", actor: "alice")
        _ = try await clusters.execute(.changeProfile(reboot(), at: at(2)), on: "store-0001", actor: "alice")
        let deadline = try #require(try await clusters.state(of: "store-0001").state.requestedNodeActions.map(\.deadline).min())
        #expect(await clusters.overdue(at: at(2)).isEmpty)
        #expect(await clusters.overdue(at: deadline) == ["store-0001", "store-0003"])

        // Another shell folds the same store from scratch, on two threads, and finds the same.
        let reopened = EdgeClusters(store: store)
        let ids = ["store-0001", "store-0002", "store-0003", "store-0004"]
        try await reopened.foldAll(ids, workers: 2)
        #expect(await reopened.overdue(at: deadline) == ["store-0001", "store-0003"])
        for id in ids {
            let (folded, live) = (try await reopened.state(of: id), try await clusters.state(of: id))
            #expect(folded.state == live.state && folded.revision == live.revision && folded.kind == live.kind, "\(id)")
        }

        _ = try await driveToTheEnd(clusters, "store-0001", from: 2)
        #expect(await clusters.overdue(at: at(1_000_000)) == ["store-0003"])
    }

    /// The kept counts against the streams folded afresh: registered clusters by status.
    func freshCounts(_ store: EventStore, _ ids: [String]) throws -> [UpgradeStatus.Kind: Int] {
        var counts: [UpgradeStatus.Kind: Int] = [:]
        for id in ids {
            let state = try ClusterHistory.fold(store.readStream("cluster/\(id)")).state
            if state.cluster != nil { counts[state.status.kind, default: 0] += 1 }
        }
        return counts
    }

    @Test func theStatusCountsFollowEveryDecisionAndRead() async throws {
        let store = try EventStore.open(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let clusters = EdgeClusters(store: store)
        let ids = ["store-0001", "store-0002", "store-0003", "store-0004"]
        for id in ids.dropLast() {
            _ = try await clusters.execute(.registerCluster(cluster(id), policy: .standard, at: at(0)), on: id, actor: "inventory")
        }
        _ = try await clusters.state(of: "store-0004")  // folded, never registered: not counted
        #expect(await clusters.statusCounts() == [.idle: 3])

        _ = try await clusters.execute(.changeProfile(reboot(), at: at(1)), on: "store-0001", actor: "alice")
        _ = try await clusters.execute(.changeProfile(reboot(), at: at(1)), on: "store-0002", actor: "alice")
        _ = try await clusters.execute(.pause(actor: "ops", comment: "", at: at(2)), on: "store-0002", actor: "ops")
        #expect(await clusters.statusCounts().filter { $0.value > 0 } == [.idle: 1, .inProgress: 1, .paused: 1])

        // Reports decided while other tasks read the same clusters: a read that lands while a
        // decision awaits its append folds the stream afresh, and nothing is counted twice.
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await self.driveToTheEnd(clusters, "store-0001", from: 2) }
            group.addTask {
                for _ in 0..<200 { _ = try await clusters.states(of: ids) }
            }
            group.addTask {
                for _ in 0..<200 { _ = try await clusters.state(of: "store-0001") }
            }
            try await group.waitForAll()
        }
        let expected = try freshCounts(store, ids)
        #expect(expected == [.idle: 1, .paused: 1, .succeeded: 1])
        #expect(await clusters.statusCounts().filter { $0.value > 0 } == expected)

        // Another shell folds the same store from scratch and counts the same.
        let reopened = EdgeClusters(store: store)
        try await reopened.foldAll(ids, workers: 2)
        #expect(await reopened.statusCounts().filter { $0.value > 0 } == expected)
    }

    @Test func aCancelledFoldStopsBetweenBatches() async throws {
        let store = try EventStore.open(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let clusters = EdgeClusters(store: store)
        let ids = (0..<1000).map { String(format: "store-%04d", $0) }
        let seen = Mutex<[Int]>([])
        let fold = Task {
            try await clusters.foldAll(ids, workers: 1, progress: { folded in
                seen.withLock { $0.append(folded) }
                withUnsafeCurrentTask { $0?.cancel() }  // cancelled as the first batch of 256 lands
            })
        }
        let result = await fold.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(seen.withLock { $0 } == [256])
    }

    @Test func everyEventOfAnUpgradeCarriesTheUpgradeIDAsCorrelation() async throws {
        let store = try EventStore.open(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let clusters = EdgeClusters(store: store)
        _ = try await clusters.execute(.registerCluster(cluster(), policy: .standard, at: at(0)), on: "store-0001", actor: "inventory")
        _ = try await clusters.execute(.changeProfile(reboot(), at: at(1)), on: "store-0001", actor: "alice")
        _ = try await driveToTheEnd(clusters, "store-0001", from: 1)

        let upgrade = StableID.upgrade(cluster: "store-0001", number: 1)
        let correlated = try store.events(correlatedWith: upgrade, limit: .max)
        let all = try store.readStream("cluster/store-0001")
        #expect(correlated.count == all.count - 1)  // all but the registration
        #expect(correlated.first?.type == "ProfileChangeAccepted")
        #expect(correlated.last?.type == "UpgradeSucceeded")
    }

    @Test func aRefusedCommandIsRecordedAndChangesNothing() async throws {
        let store = try EventStore.open(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let clusters = EdgeClusters(store: store)
        _ = try await clusters.execute(.registerCluster(cluster(), policy: .standard, at: at(0)), on: "store-0001", actor: "inventory")
        let before = try await clusters.state(of: "store-0001").state
        var downgrade = reboot()
        downgrade.kubernetesVersion = ValueTransition(from: "v1.30.4+rke2r1", to: "v1.29.9+rke2r1")
        let outcome = try await clusters.execute(.changeProfile(downgrade, at: at(5)), on: "store-0001", actor: "alice")

        #expect(outcome.refusal != nil)
        #expect(outcome.state == before)
        let last = try #require(try store.readStream("cluster/store-0001").last)
        #expect(last.type == "CommandRefused")
        #expect(last.actor == "alice")
    }

    @Test func twoShellsRacingOnOneClusterBothLandWithoutLosingAReport() async throws {
        let store = try EventStore.open(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = EdgeClusters(store: store)
        let second = EdgeClusters(store: store)
        _ = try await first.execute(.registerCluster(cluster(), policy: .standard, at: at(0)), on: "store-0001", actor: "inventory")
        _ = try await second.state(of: "store-0001")  // second caches revision 0
        _ = try await first.execute(.changeProfile(reboot(), at: at(1)), on: "store-0001", actor: "alice")
        // The second shell's cache is stale; its command must be decided on the fresh state.
        let action = try #require(try await second.state(of: "store-0001").state.requestedNodeActions.first)
        let report = NodeStepReport(node: action.node, step: action.step, outcome: .succeeded, idempotencyKey: "k1", at: at(2), attempt: action.attempt)
        let outcome = try await second.execute(.reportNodeStep(report), on: "store-0001", actor: "agent")
        #expect(outcome.refusal == nil)
        #expect(outcome.events.contains { $0.typeName == "NodeStepSucceeded" })
        #expect(try store.verify().isSound)
    }

    @Test func aRefusalFromALaterVersionDoesNotStopTheFold() async throws {
        let store = try EventStore.open(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let clusters = EdgeClusters(store: store)
        _ = try await clusters.execute(.registerCluster(cluster(), policy: .standard, at: at(0)), on: "store-0001", actor: "inventory")
        let before = try ClusterHistory.fold(try store.readStream("cluster/store-0001")).state
        // A refusal reason this version does not know, as a later version may store it.
        let later = EventData(id: UUID(), type: "CommandRefused", recordedAtMs: at(1).millisecondsSinceEpoch, actor: "agent/store-0001",
                              payload: Data(#"{"commandRefused":{"_0":{"command":"reportNodeStep","reason":{"someLaterReason":{}}}}}"#.utf8))
        try await store.append(to: "cluster/store-0001", expected: .any, events: [later])
        let recorded = try store.readStream("cluster/store-0001")
        #expect(throws: DomainEventDecodingError.self) { try DomainEventCodec.decode(UpgradeEvent.self, from: recorded[1]) }
        #expect(try ClusterHistory.fold(recorded).state == before)
    }

    @Test func timeTravelFoldsUpToAPosition() async throws {
        let store = try EventStore.open(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let clusters = EdgeClusters(store: store)
        _ = try await clusters.execute(.registerCluster(cluster(), policy: .standard, at: at(0)), on: "store-0001", actor: "inventory")
        let accepted = try await clusters.execute(.changeProfile(reboot(), at: at(1)), on: "store-0001", actor: "alice")
        _ = try await driveToTheEnd(clusters, "store-0001", from: 1)

        let recorded = try store.readStream("cluster/store-0001")
        let then = try ClusterHistory.fold(recorded, upToPosition: accepted.positions!.upperBound).state
        guard case .inProgress(let upgrade, let current) = then.status else { Issue.record("\(then.status)"); return }
        #expect(upgrade == 1)
        #expect(current.map(\.node) == ["cp-1"])
        #expect(try ClusterHistory.fold(recorded, upToTimeMs: at(0).millisecondsSinceEpoch).state.active == nil)
    }
}

@Suite("Upgrade correlation")
struct UpgradeCorrelationTests {
    let folder = NSTemporaryDirectory() + "orchestrator-correlation-\(UUID().uuidString)"

    func at(_ seconds: Int64) -> Timestamp { Timestamp(millisecondsSinceEpoch: 1_795_000_000_000 + seconds * 1000) }

    @Test func approvalsPausesAndDeferralsCarryTheIDOfTheUpgradeTheyActOn() async throws {
        let store = try EventStore.open(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let clusters = EdgeClusters(store: store)
        let base = EdgeClustersTests()
        _ = try await clusters.execute(.registerCluster(base.cluster(), policy: .standard, at: at(0)), on: "store-0001", actor: "inventory")
        let repave = ProfileChange(target: ProfileReference(name: "retail", version: "2.0.0"), behavior: .repave, requestedBy: "alice")
        _ = try await clusters.execute(.changeProfile(repave, at: at(1)), on: "store-0001", actor: "alice")
        _ = try await clusters.execute(.approveRepave(actor: "carol", comment: "ok", at: at(2)), on: "store-0001", actor: "carol")
        _ = try await clusters.execute(.pause(actor: "bob", comment: "", at: at(3)), on: "store-0001", actor: "bob")
        _ = try await clusters.execute(.reportKubernetesHealth(.down, at: at(4)), on: "store-0001", actor: "monitor")
        _ = try await clusters.execute(.resume(actor: "bob", comment: "", at: at(5)), on: "store-0001", actor: "bob")
        _ = try await clusters.execute(.reportKubernetesHealth(.healthy, at: at(6)), on: "store-0001", actor: "monitor")

        let upgrade = StableID.upgrade(cluster: "store-0001", number: 1)
        let types = try store.events(correlatedWith: upgrade, limit: .max).map(\.type)
        for type in ["RepaveApproved", "UpgradePaused", "UpgradeResumed", "UpgradeDeferred", "UpgradeResumedAfterDeferral"] {
            #expect(types.contains(type), "\(type) is not correlated")
        }
        let uncorrelated = try store.readStream("cluster/store-0001").filter { $0.data.correlationID == nil }.map(\.type)
        #expect(uncorrelated == ["ClusterRegistered", "KubernetesHealthChanged", "KubernetesHealthChanged"])
    }
}

@Suite("An upgrade's timeline")
struct UpgradeTimelineTests {
    let folder = NSTemporaryDirectory() + "orchestrator-timeline-\(UUID().uuidString)"

    @Test func aStepStillRunningWhenTheUpgradeIsCancelledEndsWithIt() async throws {
        let store = try EventStore.open(at: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fleet = EdgeClustersTests()
        let clusters = EdgeClusters(store: store)
        _ = try await clusters.execute(.registerCluster(fleet.cluster(), policy: .standard, at: fleet.at(0)), on: "store-0001", actor: "inventory")
        _ = try await clusters.execute(.changeProfile(fleet.reboot(), at: fleet.at(1)), on: "store-0001", actor: "alice")
        _ = try await clusters.execute(.cancel(actor: "ops", comment: "wrong window", at: fleet.at(5)), on: "store-0001", actor: "ops")

        let timeline = try UpgradeTimeline.read(StableID.upgrade(cluster: "store-0001", number: 1), from: store)
        #expect(timeline.outcome == "cancelled")
        let steps = timeline.rows.filter { $0.kind == .step }
        #expect(!steps.isEmpty)
        #expect(steps.allSatisfy { $0.outcome == "cancelled" && $0.endedMs == fleet.at(5).millisecondsSinceEpoch }, "\(steps)")
    }
}
