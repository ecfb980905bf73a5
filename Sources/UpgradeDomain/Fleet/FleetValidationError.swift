/// Why a cluster description cannot be registered.
public enum FleetValidationError: Error, Sendable, Hashable, Codable {
    /// The same node id appears twice in the cluster.
    case duplicateNode(NodeID)
    /// The same pool id appears twice in the cluster.
    case duplicatePool(PoolID)
    /// A node's role differs from its pool's role.
    case nodeRoleMismatch(node: NodeID, nodeRole: NodeRole, pool: PoolID, poolRole: NodeRole)
    /// A pool declares a negative number of spare hosts.
    case negativeSpareHosts(pool: PoolID, value: Int)
    /// A pool's rolling budget cannot be resolved.
    case invalidRolloutBudget(pool: PoolID, RolloutArithmeticError)
}
