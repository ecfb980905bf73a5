import UpgradeDomain

extension UpgradeEvent {
    /// The number of the upgrade this event belongs to, when it names one.
    public var upgradeNumber: Int? {
        switch self {
        case .profileChangeAccepted(let accepted): accepted.upgrade
        case .repaveApprovalRequested(let upgrade, _), .nodeFinished(let upgrade, _, _): upgrade
        case .nodeStepStarted(let request): request.upgrade
        case .nodeStepStartReported(let receipt): receipt.upgrade
        case .nodeStepSucceeded(let success): success.upgrade
        case .nodeStepFailed(let failure): failure.upgrade
        case .upgradeSucceeded(let success): success.upgrade
        case .upgradeFailed(let failure): failure.upgrade
        case .upgradeCancelled(let cancellation): cancellation.upgrade
        default: nil
        }
    }

    /// Whether the event acts on the upgrade under way without naming it (approval decisions,
    /// pauses, deferrals): it belongs to the active upgrade.
    public var actsOnActiveUpgrade: Bool {
        switch self {
        case .repaveApproved, .repaveDenied, .upgradeDeferred, .upgradeResumedAfterDeferral, .upgradePaused, .upgradeResumed:
            true
        default:
            false
        }
    }
}
