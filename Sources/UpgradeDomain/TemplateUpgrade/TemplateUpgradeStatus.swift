/// The status shown to the operator on the deployment object.
public enum TemplateUpgradeStatus: Hashable, Sendable {
    /// No upgrade has started since the deployment was registered.
    case notUpgrading
    /// `Upgrade in Progress`, with machines updated out of total.
    case inProgress(TemplateUpgradeProgress)
    /// `Upgrade successful`.
    case successful(TemplateUpgradeCompletion)
    /// `Upgrade failed`, with the failing object, signal, reason, message and time.
    case failed(TemplateUpgradeFailure)

    /// The text shown: exactly one of the three upgrade statuses, or `Not upgrading`.
    public var label: String {
        switch self {
        case .notUpgrading: "Not upgrading"
        case .inProgress: "Upgrade in Progress"
        case .successful: "Upgrade successful"
        case .failed: "Upgrade failed"
        }
    }

    /// The label plus detail: the progress count or the failure summary.
    public var detail: String {
        switch self {
        case .notUpgrading: label
        case .inProgress(let progress):
            "\(label): \(progress.machinesUpdated) of \(progress.machinesTotal) machines updated"
        case .successful(let completion):
            "\(label): \(completion.machinesUpdated) of \(completion.machinesTotal) machines updated at \(completion.at)"
        case .failed(let failure): failure.summary
        }
    }
}
