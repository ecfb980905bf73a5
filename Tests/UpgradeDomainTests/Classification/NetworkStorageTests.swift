import Testing
import UpgradeDomain

/// Seed 001 network and storage layers, the CNI replacement limitation (seed 003), add-ons.
@Suite("Network, storage and add-on layers")
struct NetworkStorageTests {
    static let cases: [(Layer, String, String)] = [
        (.network, "manifests.calico.calicoNetworkConfig", "network: CNI values restart networking services"),
        (.network, "charts.cilium.ipam.operator.clusterPoolIPv4PodCIDRList[0]", "network: CNI values restart networking services"),
        (.network, "pack.content.images[0].image", "network: CNI values restart networking services"),
        (.storage, "charts.longhorn.persistence.defaultClassReplicaCount", "storage: CSI values restart storage services"),
        (.storage, "manifests.storageClass.isDefaultClass", "storage: CSI values restart storage services"),
        (.addon, "charts.prometheus.server.retention", "addon: values restart the add-on's workloads"),
    ]

    @Test("values changes restart the related services", arguments: cases)
    func restartsServices(layer: Layer, path: String, rule: String) {
        let result = Fixtures.classifyModified(path, layer: layer)
        #expect(result.behavior == .serviceRestart)
        #expect(result.changes.first?.rule == rule)
        #expect(result.changes.first?.unclassified == false)
    }

    @Test("replacing the CNI pack is rejected with a reason")
    func cniReplacementRejected() {
        let result = ChangeClassifier.classify(
            layer: .network, pack: "cni-calico", newPack: "cni-cilium",
            old: Fixtures.values(at: "manifests.calico.mtu", "1450"),
            new: Fixtures.values(at: "charts.cilium.mtu", "1450"))
        #expect(result.outcome == .rejected)
        #expect(result.behavior == nil)
        #expect(result.outcome.label == "rejected")
        #expect(result.reason.contains("cni-calico"))
        #expect(result.reason.contains("cni-cilium"))
    }

    @Test("the same CNI pack, or a missing new name, is not a replacement", arguments: ["cni-calico", nil] as [String?])
    func sameCNI(newPack: String?) {
        let result = ChangeClassifier.classify(
            layer: .network, pack: "cni-calico", newPack: newPack,
            old: Fixtures.values(at: "manifests.calico.mtu", "1450"),
            new: Fixtures.values(at: "manifests.calico.mtu", "1400"))
        #expect(result.behavior == .serviceRestart)
    }

    @Test("replacing a storage pack is not rejected")
    func storageReplacement() {
        let result = ChangeClassifier.classify(
            layer: .storage, pack: "csi-longhorn", newPack: "csi-rook-ceph",
            old: Fixtures.values(at: "a", "1"), new: Fixtures.values(at: "a", "2"))
        #expect(result.behavior == .serviceRestart)
    }
}
