/// A requested node step its agent reported as begun. It changes no deadline: a step still times
/// out at its request's `deadline`, started or not.
public struct NodeStepStartReceipt: Sendable, Hashable, Codable {
    /// The upgrade.
    public var upgrade: Int
    /// The node.
    public var node: NodeID
    /// The step.
    public var step: NodeStep
    /// The try that began.
    public var attempt: Int
    /// The report's idempotency key.
    public var idempotencyKey: String
    /// When the agent began the step.
    public var at: Timestamp

    /// Creates the record.
    public init(upgrade: Int, node: NodeID, step: NodeStep, attempt: Int, idempotencyKey: String, at: Timestamp) {
        self.upgrade = upgrade
        self.node = node
        self.step = step
        self.attempt = attempt
        self.idempotencyKey = idempotencyKey
        self.at = at
    }
}
