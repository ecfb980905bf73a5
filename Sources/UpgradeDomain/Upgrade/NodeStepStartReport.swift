/// An agent's report that it began a requested node step (before it ends with a `NodeStepReport`).
public struct NodeStepStartReport: Sendable, Hashable, Codable {
    /// The node.
    public var node: NodeID
    /// The step the agent began.
    public var step: NodeStep
    /// Unique per report; a report whose key was already seen is ignored.
    public var idempotencyKey: String
    /// When the agent began the step.
    public var at: Timestamp
    /// The try the agent began, if it knows it; a start of an older try is refused.
    public var attempt: Int?
    /// The upgrade whose step the agent began (the action's `upgrade`), if it says; a start for
    /// another upgrade is refused.
    public var upgrade: Int?

    /// Creates a report.
    public init(node: NodeID, step: NodeStep, idempotencyKey: String, at: Timestamp, attempt: Int? = nil, upgrade: Int? = nil) {
        self.node = node
        self.step = step
        self.idempotencyKey = idempotencyKey
        self.at = at
        self.attempt = attempt
        self.upgrade = upgrade
    }
}
