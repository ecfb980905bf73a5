/// What will happen to one node during an upgrade.
public struct NodePlan: Sendable, Hashable, Codable {
    /// The node.
    public var node: NodeID
    /// Its pool.
    public var pool: PoolID
    /// Its role; control-plane nodes all finish before any worker starts.
    public var role: NodeRole
    /// The steps, in order.
    public var steps: [NodeStep]
    /// How it counts against the pool's budget.
    public var disruption: NodeDisruption

    /// Creates a node plan.
    public init(node: NodeID, pool: PoolID, role: NodeRole, steps: [NodeStep], disruption: NodeDisruption) {
        self.node = node
        self.pool = pool
        self.role = role
        self.steps = steps
        self.disruption = disruption
    }
}
