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
