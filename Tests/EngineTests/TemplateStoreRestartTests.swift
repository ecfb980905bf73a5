import Engine
import EventStore
import Foundation
import Testing
import UpgradeDomain

/// What an older build stored before the inputs were bounded still folds and is judged after a
/// restart: the service can serve the store again.
@Suite("Template deployments restart on what older builds stored")
struct TemplateStoreRestartTests {
    let folder = NSTemporaryDirectory() + "orchestrator-engine-template-restart-\(UUID().uuidString)"
    let instant = TemplateInstant(millisecondsSinceEpoch: 1_795_000_000_000)

    func owner(_ kind: CAPIObjectKind, uid: String, name: String) -> CAPIObject {
        CAPIObject(kind: kind, apiVersion: .v1beta2, uid: uid, resourceVersion: "7", name: name, clusterName: "huge",
                   generation: 2, observedGeneration: 2,
                   replicas: CAPIReplicaCounts(desired: Int.max, upToDate: Int.max))
    }

    @Test func aStoreHoldingReplicaCountsBeyondInt32FoldsAndTicksToAFailure() async throws {
        let store = try EventStore.open(at: folder)
        defer { store.close(); try? FileManager.default.removeItem(atPath: folder) }
        let deployment = TemplateDeployment(clusterId: "huge", clusterName: "huge", targetInfrastructure: "aws", template: "t-14",
                                            noProgressDeadlineMilliseconds: 60_000)
        let before = TemplateDeployments(store: store)
        _ = try await before.execute(.register(deployment, at: instant), on: "huge", actor: "olga", at: instant)
        // Recorded as an older build did, before the watch parser refused counts beyond int32.
        for object in [owner(.controlPlane("KubeadmControlPlane"), uid: "kcp", name: "huge-cp"), owner(.machineDeployment, uid: "md", name: "huge-md")] {
            _ = try await before.execute(.observe(.added(object), at: instant), on: "huge", actor: "olga", at: instant)
        }
        let change = TemplateDeploymentChange(upgradeId: "upg-1", template: "t-15", variables: .emptyObject,
                                              targetKubernetesVersion: nil, at: instant)
        _ = try await before.execute(.changeDeployment(change), on: "huge", actor: "olga", at: instant)

        let restarted = TemplateDeployments(store: store)
        #expect(try await restarted.state(of: "huge").state.status.label == "Upgrade in Progress")
        let later = instant.adding(milliseconds: 60_000)
        let outcome = try await restarted.execute(.tick(now: later), on: "huge", actor: "olga", at: later)
        guard case .upgradeFailed(let failure) = outcome.events.first else {
            Issue.record("expected the deadline to fail the upgrade, got \(outcome.events)")
            return
        }
        #expect(failure.message.hasPrefix("0 of 4294967294 machines updated"))
    }
}
