/// An agent's report that a node step ended.
public struct NodeStepReport: Sendable, Hashable, Codable {
    /// The node.
    public var node: NodeID
    /// The step reported on.
    public var step: NodeStep
    /// Succeeded or failed.
    public var outcome: StepOutcome
    /// Unique per report; a report whose key was already seen is ignored.
    public var idempotencyKey: String
    /// When the agent observed the outcome.
    public var at: Timestamp
    /// The try this report answers, if the agent knows it; a report for an older try is refused.
    public var attempt: Int?
    /// The upgrade whose step this report answers (the action's `upgrade`), if the agent says; a
    /// report for another upgrade is refused, so a late report cannot answer a later upgrade's step.
    public var upgrade: Int?
    /// When the report reached the engine, if later than `at` (an agent whose report was held up):
    /// the steps it lets start are requested then, so their deadlines give them their whole time.
    public var receivedAt: Timestamp?

    /// Creates a report.
    public init(
        node: NodeID, step: NodeStep, outcome: StepOutcome, idempotencyKey: String, at: Timestamp, attempt: Int? = nil,
        upgrade: Int? = nil, receivedAt: Timestamp? = nil
    ) {
        self.receivedAt = receivedAt
        self.node = node
        self.step = step
        self.outcome = outcome
        self.idempotencyKey = idempotencyKey
        self.at = at
        self.attempt = attempt
        self.upgrade = upgrade
    }
}
