/// Why a cluster description cannot be registered.
public enum FleetValidationError: Error, Sendable, Hashable, Codable {
    /// The same node id appears twice in the cluster.
    case duplicateNode(NodeID)
    private enum DuplicateNodeCodingKeys: String, CodingKey { case _0 = "node" }
    /// The same pool id appears twice in the cluster.
    case duplicatePool(PoolID)
    private enum DuplicatePoolCodingKeys: String, CodingKey { case _0 = "pool" }
    /// A node's role differs from its pool's role.
    case nodeRoleMismatch(node: NodeID, nodeRole: NodeRole, pool: PoolID, poolRole: NodeRole)
    /// A pool declares a negative number of spare hosts.
    case negativeSpareHosts(pool: PoolID, value: Int)
    /// A pool's rolling budget cannot be resolved.
    case invalidRolloutBudget(pool: PoolID, RolloutArithmeticError)
    private enum InvalidRolloutBudgetCodingKeys: String, CodingKey {
        case pool
        case _1 = "error"
    }
    /// No pool holds the control plane: an upgrade starts there, so a cluster needs one.
    case noControlPlanePool
}

extension FleetValidationError: CustomStringConvertible {
    /// A sentence naming the pool or node, without Swift's type names.
    public var description: String {
        switch self {
        case .duplicateNode(let node): "node \(node) appears more than once in the cluster"
        case .duplicatePool(let pool): "pool \(pool) appears more than once in the cluster"
        case .nodeRoleMismatch(let node, let nodeRole, let pool, let poolRole):
            "node \(node) is \(nodeRole.rawValue) but pool \(pool) is \(poolRole.rawValue)"
        case .negativeSpareHosts(let pool, let value): "pool \(pool) has \(value) spare hosts; it needs 0 or more"
        case .invalidRolloutBudget(let pool, let error): "pool \(pool): \(error)"
        case .noControlPlanePool: "the cluster has no control-plane pool"
        }
    }
}
