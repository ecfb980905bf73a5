/// A node step that failed or timed out, and whether it will be tried again.
public struct NodeStepFailure: Sendable, Hashable, Codable {
    /// The upgrade.
    public var upgrade: Int
    /// The node.
    public var node: NodeID
    /// The step.
    public var step: NodeStep
    /// The try that failed (1 is the first).
    public var attempt: Int
    /// What went wrong.
    public var error: StepError
    /// The report's idempotency key; `nil` for a timeout.
    public var idempotencyKey: String?
    /// Whether a retry follows; if not, the upgrade fails.
    public var willRetry: Bool
    /// When.
    public var at: Timestamp

    /// Creates the record.
    public init(
        upgrade: Int, node: NodeID, step: NodeStep, attempt: Int, error: StepError,
        idempotencyKey: String?, willRetry: Bool, at: Timestamp
    ) {
        self.upgrade = upgrade
        self.node = node
        self.step = step
        self.attempt = attempt
        self.error = error
        self.idempotencyKey = idempotencyKey
        self.willRetry = willRetry
        self.at = at
    }
}
