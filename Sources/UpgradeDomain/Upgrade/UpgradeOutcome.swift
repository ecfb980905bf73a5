/// How an upgrade ended: exactly one of succeeded, failed, cancelled.
public enum UpgradeOutcome: Sendable, Hashable, Codable {
    /// Every node finished.
    case succeeded(UpgradeSuccess)
    /// A step failed beyond its retries.
    case failed(UpgradeFailure)
    /// Cancelled by an operator or by a repave denial.
    case cancelled(UpgradeCancellation)
}
