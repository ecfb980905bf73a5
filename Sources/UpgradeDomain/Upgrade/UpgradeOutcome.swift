/// How an upgrade ended: exactly one of succeeded, failed, cancelled.
public enum UpgradeOutcome: Sendable, Hashable, Codable {
    /// Every node finished.
    case succeeded(UpgradeSuccess)
    private enum SucceededCodingKeys: String, CodingKey { case _0 = "success" }
    /// A step failed beyond its retries.
    case failed(UpgradeFailure)
    private enum FailedCodingKeys: String, CodingKey { case _0 = "failure" }
    /// Cancelled by an operator or by a repave denial.
    case cancelled(UpgradeCancellation)
    private enum CancelledCodingKeys: String, CodingKey { case _0 = "cancellation" }
}
