/// An edge cluster as the fleet inventory knows it.
public struct Cluster: Sendable, Hashable, Codable {
    /// The cluster's identifier.
    public var id: ClusterID
    /// Edge or template-based.
    public var kind: ClusterKind
    /// Where the cluster runs (for example `edge-native`, `aws`), reported in telemetry.
    public var targetInfrastructure: String
    /// Control-plane and worker pools.
    public var pools: [NodePool]
    /// The profile the cluster currently runs.
    public var profile: ProfileReference
    /// Provisioning, running or deleting.
    public var status: ClusterStatus
    /// Whether the Kubernetes service answers.
    public var kubernetesHealth: KubernetesHealth
    /// The Kubernetes version the cluster runs, as written in the profile (e.g. `v1.30.1+rke2r1`).
    public var kubernetesVersion: String?
    /// The name of the CNI pack the cluster was provisioned with (e.g. `cni-calico`).
    public var cniPack: String?
    /// Packs that a newer profile version dropped but that stay on the cluster (sorted, unique).
    public var orphanedPacks: [String]

    /// Creates a cluster description.
    public init(
        id: ClusterID,
        kind: ClusterKind = .edge,
        targetInfrastructure: String,
        pools: [NodePool],
        profile: ProfileReference,
        status: ClusterStatus = .running,
        kubernetesHealth: KubernetesHealth = .healthy,
        kubernetesVersion: String? = nil,
        cniPack: String? = nil,
        orphanedPacks: [String] = []
    ) {
        self.id = id
        self.kind = kind
        self.targetInfrastructure = targetInfrastructure
        self.pools = pools
        self.profile = profile
        self.status = status
        self.kubernetesHealth = kubernetesHealth
        self.kubernetesVersion = kubernetesVersion
        self.cniPack = cniPack
        self.orphanedPacks = orphanedPacks
    }

    /// Every node, control plane first, then in pool order.
    public var allNodes: [FleetNode] {
        pools.filter { $0.role == .controlPlane }.flatMap(\.nodes)
            + pools.filter { $0.role == .worker }.flatMap(\.nodes)
    }

    /// The pool holding `node`, if any.
    public func pool(of node: NodeID) -> NodePool? {
        pools.first { pool in pool.nodes.contains { $0.id == node } }
    }

    /// Checks ids, roles, spare hosts, rolling budgets and that a pool holds the control plane;
    /// throws the first problem found.
    public func validate() throws(FleetValidationError) {
        guard pools.contains(where: { $0.role == .controlPlane }) else { throw .noControlPlanePool }
        var seenNodes = Set<NodeID>()
        var seenPools = Set<PoolID>()
        for pool in pools {
            guard seenPools.insert(pool.id).inserted else { throw .duplicatePool(pool.id) }
            guard pool.spareHosts >= 0 else { throw .negativeSpareHosts(pool: pool.id, value: pool.spareHosts) }
            for node in pool.nodes {
                guard seenNodes.insert(node.id).inserted else { throw .duplicateNode(node.id) }
                guard node.role == pool.role else {
                    throw .nodeRoleMismatch(node: node.id, nodeRole: node.role, pool: pool.id, poolRole: pool.role)
                }
            }
            do {
                _ = try RolloutArithmetic.resolve(pool.rollout, desiredReplicas: pool.desiredReplicas)
            } catch {
                throw .invalidRolloutBudget(pool: pool.id, error)
            }
        }
    }
}
