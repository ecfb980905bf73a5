import UpgradeDomain

/// Builds the domain's cluster description for a simulated cluster of a class.
enum FleetBuilder {
    static func cluster(id: String, class cls: ClusterClass, profile: ProfileVersion?) -> Cluster {
        let controlPlane = (0..<cls.controlPlaneNodes).map { FleetNode(id: NodeID("\(id)-cp-\($0 + 1)"), role: .controlPlane, isElementalHost: cls.elemental) }
        let workers = (0..<cls.workerNodes).map { FleetNode(id: NodeID("\(id)-w-\($0 + 1)"), role: .worker, isElementalHost: cls.elemental) }
        var pools = [NodePool(id: "control-plane", role: .controlPlane, nodes: controlPlane, spareHosts: cls.spareHosts,
                              resetsOnRemoval: cls.elemental, rollout: cls.controlPlaneBudget)]
        if !workers.isEmpty {
            pools.append(NodePool(id: "workers", role: .worker, nodes: workers, spareHosts: cls.spareHosts,
                                  resetsOnRemoval: cls.elemental, rollout: cls.workerBudget))
        }
        return Cluster(
            id: ClusterID(id), kind: .edge, targetInfrastructure: cls.infrastructure, pools: pools, profile: cls.profile ?? ProfileReference(name: "", version: ""), status: cls.status,
            kubernetesVersion: profile?.kubernetesVersion, cniPack: profile?.cniPack)
    }
}
