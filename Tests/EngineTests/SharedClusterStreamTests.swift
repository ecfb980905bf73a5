import Engine
import EventStore
import Foundation
import Testing
import UpgradeDomain

/// Edge clusters and template deployments live on the same `cluster/<id>` stream name.
@Suite("One cluster stream, two kinds")
struct SharedClusterStreamTests {
    let folder = NSTemporaryDirectory() + "orchestrator-engine-kinds-\(UUID().uuidString)"
    let edge = EdgeClustersTests()

    func deployment(_ id: String) -> TemplateDeployment {
        TemplateDeployment(clusterId: id, clusterName: id, targetInfrastructure: "aws", template: "aws-standalone-cp-1-0-14")
    }

    let instant = TemplateInstant(millisecondsSinceEpoch: 1_795_000_000_000)

    @Test func aDeploymentIsOnTheClusterStreamAndItsIdCannotBeAnEdgeCluster() async throws {
        let store = try EventStore.open(at: folder)
        defer { store.close(); try? FileManager.default.removeItem(atPath: folder) }
        let deployments = TemplateDeployments(store: store), clusters = EdgeClusters(store: store)
        #expect(TemplateDeployments.stream("prod-eu") == EdgeClusters.stream("prod-eu"))
        _ = try await deployments.execute(.register(deployment("prod-eu"), at: instant), on: "prod-eu", actor: "olga", at: instant)
        #expect(try store.readStream("cluster/prod-eu").map(\.type) == ["TemplateDeploymentRegistered"])
        #expect(try ClusterStreamKind.kind(of: "prod-eu", in: store) == .templateBased)

        await #expect(throws: ClusterKindConflict(cluster: "prod-eu", registered: .templateBased, requested: .edge)) {
            _ = try await clusters.execute(.registerCluster(edge.cluster("prod-eu"), policy: .standard, at: edge.at(1)), on: "prod-eu", actor: "olga")
        }
        #expect(try store.lastPosition() == 1)
        #expect(try await clusters.state(of: "prod-eu").state.cluster == nil)
        #expect(try await deployments.state(of: "prod-eu").state.deployment == deployment("prod-eu"))
    }

    @Test func anEdgeClustersIdCannotBeADeployment() async throws {
        let store = try EventStore.open(at: folder)
        defer { store.close(); try? FileManager.default.removeItem(atPath: folder) }
        let deployments = TemplateDeployments(store: store), clusters = EdgeClusters(store: store)
        _ = try await clusters.execute(.registerCluster(edge.cluster("store-0001"), policy: .standard, at: edge.at(0)), on: "store-0001", actor: "olga")
        await #expect(throws: ClusterKindConflict(cluster: "store-0001", registered: .edge, requested: .templateBased)) {
            _ = try await deployments.execute(.register(deployment("store-0001"), at: instant), on: "store-0001", actor: "olga", at: instant)
        }
        #expect(try store.lastPosition() == 1)
        #expect(try ClusterStreamKind.kind(of: "store-0001", in: store) == .edge)
    }

    @Test func edgeAndTemplateEventTypesNeverShareAName() {
        #expect(UpgradeEvent.typeNames.isDisjoint(with: TemplateUpgradeEvent.typeNames))
        #expect(UpgradeEvent.typeNames.contains(ClusterStreamKind.edgeRegistration))
        #expect(UpgradeEvent.typeNames.contains("NodeStepStartReported"))
        #expect(TemplateUpgradeEvent.typeNames.contains(ClusterStreamKind.templateRegistration))
    }
}
