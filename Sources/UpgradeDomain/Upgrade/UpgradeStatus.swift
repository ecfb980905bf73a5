/// What an operator sees for a cluster's upgrade.
public enum UpgradeStatus: Sendable, Hashable, Codable {
    /// No upgrade has run yet.
    case idle
    /// A repave waits for a named person to approve or deny it.
    case awaitingApproval(upgrade: Int, since: Timestamp)
    /// The Kubernetes service is down; the upgrade continues by itself when it is back.
    case deferred(upgrade: Int, reason: DeferralReason, since: Timestamp)
    /// Nodes are being worked on: the steps currently requested (may be empty between steps).
    case inProgress(upgrade: Int, current: [NodeActionRequest])
    /// Paused by someone; steps already requested may still report.
    case paused(upgrade: Int, by: OperatorAction)
    /// The last upgrade succeeded.
    case succeeded(UpgradeSuccess)
    private enum SucceededCodingKeys: String, CodingKey { case _0 = "success" }
    /// The last upgrade failed.
    case failed(UpgradeFailure)
    private enum FailedCodingKeys: String, CodingKey { case _0 = "failure" }
    /// The last upgrade was cancelled.
    case cancelled(UpgradeCancellation)
    private enum CancelledCodingKeys: String, CodingKey { case _0 = "cancellation" }
}
