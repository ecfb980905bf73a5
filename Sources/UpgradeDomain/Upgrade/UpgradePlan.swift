/// The node-by-node plan for one upgrade: control plane first, then workers.
public struct UpgradePlan: Sendable, Hashable, Codable {
    /// The behaviour the plan carries out.
    public var behavior: Behavior
    /// Node plans, control-plane nodes first; the order nodes start in.
    public var nodes: [NodePlan]
    /// Per-pool concurrency.
    public var limits: [PoolRolloutLimits]
    /// Services to restart for a service-restart upgrade (sorted).
    public var servicesToRestart: [String]
    /// What an operator should know.
    public var notes: [PlanNote]

    /// Creates a plan.
    public init(
        behavior: Behavior,
        nodes: [NodePlan],
        limits: [PoolRolloutLimits],
        servicesToRestart: [String],
        notes: [PlanNote]
    ) {
        self.behavior = behavior
        self.nodes = nodes
        self.limits = limits
        self.servicesToRestart = servicesToRestart
        self.notes = notes
    }

    /// The plan of `node`, if it takes part.
    public func plan(for node: NodeID) -> NodePlan? {
        nodes.first { $0.node == node }
    }

    /// The limits of `pool`.
    public func limits(for pool: PoolID) -> PoolRolloutLimits? {
        limits.first { $0.pool == pool }
    }
}
