/// A group of nodes sharing a role and a rolling-update budget.
public struct NodePool: Sendable, Hashable, Codable {
    /// The pool's identifier, unique within its cluster.
    public var id: PoolID
    /// Control plane or worker.
    public var role: NodeRole
    /// The pool's nodes; their count is the desired replica count.
    public var nodes: [FleetNode]
    /// Registered hosts not yet part of the cluster that a replacement node can be surged onto.
    public var spareHosts: Int
    /// Hosts of this pool reset (wipe) when their node is removed, as Elemental hosts do.
    public var resetsOnRemoval: Bool
    /// The configured surge/unavailable bounds.
    public var rollout: RolloutBudget

    /// Creates a pool.
    public init(
        id: PoolID,
        role: NodeRole,
        nodes: [FleetNode],
        spareHosts: Int = 0,
        resetsOnRemoval: Bool = false,
        rollout: RolloutBudget = .clusterAPIDefault
    ) {
        self.id = id
        self.role = role
        self.nodes = nodes
        self.spareHosts = spareHosts
        self.resetsOnRemoval = resetsOnRemoval
        self.rollout = rollout
    }

    /// The desired replica count (the nodes the pool has now).
    public var desiredReplicas: Int { nodes.count }

    /// Whether `node` resets when removed: an Elemental host, or a pool configured so.
    public func resetsOnRemoval(_ node: FleetNode) -> Bool {
        resetsOnRemoval || node.isElementalHost
    }
}
