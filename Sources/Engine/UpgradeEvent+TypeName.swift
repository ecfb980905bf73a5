import UpgradeDomain

extension UpgradeEvent {
    /// The event's type as stored and queried (`orchestrator audit --type …`): the case, capitalised.
    public var typeName: String {
        switch self {
        case .clusterRegistered: "ClusterRegistered"
        case .clusterStatusChanged: "ClusterStatusChanged"
        case .kubernetesHealthChanged: "KubernetesHealthChanged"
        case .profileChangeAccepted: "ProfileChangeAccepted"
        case .profileChangeQueued: "ProfileChangeQueued"
        case .queuedProfileChangeDropped: "QueuedProfileChangeDropped"
        case .queuedProfileChangeWithdrawn: "QueuedProfileChangeWithdrawn"
        case .repaveApprovalRequested: "RepaveApprovalRequested"
        case .repaveApproved: "RepaveApproved"
        case .repaveDenied: "RepaveDenied"
        case .upgradeDeferred: "UpgradeDeferred"
        case .upgradeResumedAfterDeferral: "UpgradeResumedAfterDeferral"
        case .upgradePaused: "UpgradePaused"
        case .upgradeResumed: "UpgradeResumed"
        case .nodeStepStarted: "NodeStepStarted"
        case .nodeStepStartReported: "NodeStepStartReported"
        case .nodeStepSucceeded: "NodeStepSucceeded"
        case .nodeStepFailed: "NodeStepFailed"
        case .nodeFinished: "NodeFinished"
        case .upgradeSucceeded: "UpgradeSucceeded"
        case .upgradeFailed: "UpgradeFailed"
        case .upgradeCancelled: "UpgradeCancelled"
        case .commandRefused: Self.commandRefusedTypeName
        }
    }

    /// When the event happened, as the domain recorded it.
    public var at: Timestamp? {
        switch self {
        case .clusterRegistered(_, _, let at), .clusterStatusChanged(_, let at), .kubernetesHealthChanged(_, let at),
             .profileChangeQueued(_, let at), .queuedProfileChangeDropped(_, _, let at), .queuedProfileChangeWithdrawn(_, _, let at),
             .repaveApprovalRequested(_, let at),
             .upgradeDeferred(_, let at), .upgradeResumedAfterDeferral(let at), .nodeFinished(_, _, let at):
            at
        case .profileChangeAccepted(let accepted): accepted.at
        case .repaveApproved(let decision), .repaveDenied(let decision): decision.at
        case .upgradePaused(let action), .upgradeResumed(let action): action.at
        case .nodeStepStarted(let request): request.requestedAt
        case .nodeStepStartReported(let receipt): receipt.at
        case .nodeStepSucceeded(let success): success.at
        case .nodeStepFailed(let failure): failure.at
        case .upgradeSucceeded(let success): success.at
        case .upgradeFailed(let failure): failure.at
        case .upgradeCancelled(let cancellation): cancellation.by.at
        case .commandRefused(let refusal): refusal.at
        }
    }
}

extension UpgradeEvent {
    /// Every edge upgrade event type as stored, to tell domain events from others on read.
    /// The stored type of a refusal, which folds skip (it changes no state).
    public static let commandRefusedTypeName = "CommandRefused"

    public static let typeNames: Set<String> = [
        "ClusterRegistered", "ClusterStatusChanged", "KubernetesHealthChanged", "ProfileChangeAccepted",
        "ProfileChangeQueued", "QueuedProfileChangeDropped", "QueuedProfileChangeWithdrawn", "RepaveApprovalRequested", "RepaveApproved",
        "RepaveDenied", "UpgradeDeferred", "UpgradeResumedAfterDeferral", "UpgradePaused", "UpgradeResumed",
        "NodeStepStarted", "NodeStepStartReported", "NodeStepSucceeded", "NodeStepFailed", "NodeFinished", "UpgradeSucceeded",
        "UpgradeFailed", "UpgradeCancelled", "CommandRefused",
    ]
}
