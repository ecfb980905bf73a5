import Engine
import EventStore
import Foundation
import Testing
import UpgradeDomain

/// A chunk of a watch stream is decided event by event and recorded in one append: the store
/// ends up holding exactly what executing the same events one at a time records.
@Suite("Template deployments take watch events in batches")
struct TemplateWatchBatchTests {
    let t0 = TemplateInstant(millisecondsSinceEpoch: 1_795_000_000_000)
    let deployment = TemplateDeployment(clusterId: "batch", clusterName: "batch", namespace: "ns", targetInfrastructure: "aws",
                                        template: "t-14", noProgressDeadlineMilliseconds: 600_000)

    func machine(_ index: Int, version: Int, kubernetes: String, ready: Bool = true, upToDate: Bool? = nil, phase: String = "Running") -> CAPIObject {
        var conditions = [CAPICondition(type: "Ready", status: ready ? .true : .false, flavor: .v1beta2)]
        if let upToDate { conditions.append(CAPICondition(type: "UpToDate", status: upToDate ? .true : .false, flavor: .v1beta2)) }
        return CAPIObject(kind: .machine, apiVersion: .v1beta2, uid: "m-\(index)", resourceVersion: String(version), name: "batch-md-\(index)",
                          namespace: "ns", clusterName: "batch", deploymentName: "batch-md", phase: phase, version: kubernetes,
                          conditions: conditions)
    }

    func owner(version: Int, generation: Int, desired: Int, upToDate: Int) -> CAPIObject {
        CAPIObject(kind: .machineDeployment, apiVersion: .v1beta2, uid: "md", resourceVersion: String(version), name: "batch-md",
                   namespace: "ns", clusterName: "batch", generation: generation, observedGeneration: generation,
                   replicas: CAPIReplicaCounts(desired: desired, current: desired, ready: desired, upToDate: upToDate))
    }

    func cluster(version: Int, available: Bool) -> CAPIObject {
        CAPIObject(kind: .cluster, apiVersion: .v1beta2, uid: "cluster", resourceVersion: String(version), name: "batch", namespace: "ns",
                   clusterName: "batch", conditions: [CAPICondition(type: "Available", status: available ? .true : .false, flavor: .v1beta2)])
    }

    /// A rollout of 40 machines with what a real watch carries besides: repeats (in the same
    /// chunk and in later ones), late events with older resource versions, deletions followed by
    /// late events of the deleted machines, another cluster's objects, owner and Cluster changes.
    func rollout() -> [CAPIWatchEvent] {
        var events: [CAPIWatchEvent] = [.modified(owner(version: 5000, generation: 2, desired: 40, upToDate: 0))]
        var version = 5001
        for index in 0..<40 {
            let replacement = machine(100 + index, version: version, kubernetes: "v1.32.5", ready: false, phase: "Provisioning")
            events.append(.added(replacement))
            events.append(.modified(machine(100 + index, version: version + 1, kubernetes: "v1.32.5", upToDate: true)))
            events.append(.modified(machine(100 + index, version: version + 1, kubernetes: "v1.32.5", upToDate: true)))  // repeat
            events.append(.modified(machine(index, version: version + 2, kubernetes: "v1.31.9", upToDate: false, phase: "Deleting")))
            events.append(.deleted(machine(index, version: version + 3, kubernetes: "v1.31.9", phase: "Deleting")))
            events.append(.modified(machine(index, version: version - 1, kubernetes: "v1.31.9")))  // late, deleted uid
            events.append(.added(replacement))  // late: an older resource version of a live machine
            if index % 8 == 7 {
                events.append(.modified(owner(version: version + 4, generation: 2, desired: 40, upToDate: index + 1)))
                var other = machine(900 + index, version: version + 5, kubernetes: "v1.32.5")
                other.clusterName = "elsewhere"
                events.append(.added(other))
            }
            version += 10
        }
        events.append(.modified(cluster(version: version + 1, available: true)))
        return events
    }

    func recorded(_ store: EventStore) throws -> [String] {
        try store.readStream(TemplateDeployments.stream("batch")).map { event in
            "\(event.revision) \(event.type) \(event.actor) \(event.recordedAtMs) \(event.data.correlationID?.uuidString ?? "-") "
                + String(decoding: event.data.payload, as: UTF8.self)
        }
    }

    @Test func aBatchRecordsWhatOneEventAtATimeRecords() async throws {
        let folders = (0..<2).map { _ in NSTemporaryDirectory() + "orchestrator-engine-watch-batch-\(UUID().uuidString)" }
        let stores = try folders.map { try EventStore.open(at: $0) }
        defer {
            for store in stores { store.close() }
            for folder in folders { try? FileManager.default.removeItem(atPath: folder) }
        }
        let (single, batched) = (TemplateDeployments(store: stores[0]), TemplateDeployments(store: stores[1]))
        let baseline: [CAPIWatchEvent] = [.added(owner(version: 1000, generation: 1, desired: 40, upToDate: 40)), .added(cluster(version: 1001, available: true))]
            + (0..<40).map { .added(machine($0, version: 1100 + $0, kubernetes: "v1.31.9", upToDate: true)) }
        let change = TemplateDeploymentChange(upgradeId: "upg-1", template: "t-15", variables: .emptyObject, targetKubernetesVersion: "v1.32.5",
                                              at: t0.adding(milliseconds: 60_000))
        let rollout = rollout()
        let instants = rollout.indices.map { t0.adding(milliseconds: 120_000 + Int64($0) * 1_000) }

        var one: [[TemplateUpgradeEvent]] = []
        for deployments in [single, batched] {
            _ = try await deployments.execute(.register(deployment, at: t0), on: "batch", actor: "olga", at: t0)
        }
        for event in baseline {
            _ = try await single.execute(.observe(event, at: t0), on: "batch", actor: "watch", at: t0)
        }
        _ = try await batched.execute(baseline.map { (.observe($0, at: t0), t0) }, on: "batch", actor: "watch")
        for deployments in [single, batched] {
            _ = try await deployments.execute(.changeDeployment(change), on: "batch", actor: "olga", at: change.at)
        }
        for (event, at) in zip(rollout, instants) {
            one.append(try await single.execute(.observe(event, at: at), on: "batch", actor: "watch", at: at).events)
        }
        // Chunks of every size: one event, a few, many, and a chunk that holds its own repeats.
        var many: [[TemplateUpgradeEvent]] = []
        var start = 0
        for size in [1, 3, 1, 17, 2, 64, 5, 1, 40] + Array(repeating: 30, count: 20) where start < rollout.count {
            let end = min(start + size, rollout.count)
            let commands = (start..<end).map { (command: TemplateUpgradeCommand.observe(rollout[$0], at: instants[$0]), at: instants[$0]) }
            many += try await batched.execute(commands, on: "batch", actor: "watch").events
            start = end
        }
        #expect(start == rollout.count)

        #expect(many == one)
        #expect(one.flatMap { $0 }.contains { if case .upgradeSucceeded = $0 { true } else { false } })
        #expect(try recorded(stores[1]) == recorded(stores[0]))
        let (a, b) = (try await single.state(of: "batch").state, try await batched.state(of: "batch").state)
        #expect(a == b)
        #expect(b.status.label == "Upgrade successful")
        // Sent again, the whole rollout records nothing.
        let again = try await batched.execute(rollout.indices.map { (.observe(rollout[$0], at: instants[$0]), instants[$0]) }, on: "batch", actor: "watch")
        #expect(again.positions == nil && again.events.allSatisfy(\.isEmpty))
        // Folded afresh from the store, the deployment is where the batches left it.
        #expect(try await TemplateDeployments(store: stores[1]).state(of: "batch").state == b)
    }
}
