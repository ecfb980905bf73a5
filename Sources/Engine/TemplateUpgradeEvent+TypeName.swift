import UpgradeDomain

extension TemplateUpgradeEvent {
    /// The event's type as stored and queried, prefixed so edge and template events never share a name.
    public var typeName: String {
        switch self {
        case .deploymentRegistered: "TemplateDeploymentRegistered"
        case .upgradePathsDeclared: "TemplateUpgradePathsDeclared"
        case .commandRefused: "TemplateCommandRefused"
        case .upgradeStarted: "TemplateUpgradeStarted"
        case .upgradeWarned: "TemplateUpgradeWarned"
        case .objectObserved: "ClusterAPIObjectObserved"
        case .rolloutDetected: "TemplateRolloutDetected"
        case .upgradeProgressed: "TemplateUpgradeProgressed"
        case .upgradeSucceeded: "TemplateUpgradeSucceeded"
        case .upgradeFailed: "TemplateUpgradeFailed"
        case .telemetryRecorded: "UpgradeTelemetryRecorded"
        }
    }
}

extension TemplateUpgradeEvent {
    /// Every template event type as stored, to tell them from edge events on the shared `cluster/<id>` stream.
    public static let typeNames: Set<String> = [
        "TemplateDeploymentRegistered", "TemplateUpgradePathsDeclared", "TemplateCommandRefused", "TemplateUpgradeStarted",
        "TemplateUpgradeWarned", "ClusterAPIObjectObserved", "TemplateRolloutDetected", "TemplateUpgradeProgressed",
        "TemplateUpgradeSucceeded", "TemplateUpgradeFailed", "UpgradeTelemetryRecorded",
    ]
}
