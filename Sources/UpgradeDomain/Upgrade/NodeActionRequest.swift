/// A node step the decider wants an agent (or the simulator) to perform, answered by `reportNodeStep`.
public struct NodeActionRequest: Sendable, Hashable, Codable {
    /// The upgrade (1, 2, … per cluster) the request belongs to.
    public var upgrade: Int
    /// The node to act on.
    public var node: NodeID
    /// The node's pool.
    public var pool: PoolID
    /// What to do.
    public var step: NodeStep
    /// The step's position in the node's plan.
    public var stepIndex: Int
    /// 1 for the first try, 2 for the first retry, …
    public var attempt: Int
    /// When the step was requested.
    public var requestedAt: Timestamp
    /// After this instant without a report the step counts as timed out.
    public var deadline: Timestamp
    /// Services to restart or watch, for the service-restart steps; empty otherwise.
    public var services: [String]
    /// When the agent reported it began the step; `nil` until it does (or if it never says).
    public var startedAt: Timestamp?

    /// Creates a request.
    public init(
        upgrade: Int, node: NodeID, pool: PoolID, step: NodeStep, stepIndex: Int, attempt: Int,
        requestedAt: Timestamp, deadline: Timestamp, services: [String], startedAt: Timestamp? = nil
    ) {
        self.upgrade = upgrade
        self.node = node
        self.pool = pool
        self.step = step
        self.stepIndex = stepIndex
        self.attempt = attempt
        self.requestedAt = requestedAt
        self.deadline = deadline
        self.services = services
        self.startedAt = startedAt
    }
}
