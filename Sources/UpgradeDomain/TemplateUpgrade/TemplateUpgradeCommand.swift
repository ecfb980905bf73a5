/// What the shell asks the template-upgrade decider to do. Imperative verbs; time comes with each.
public enum TemplateUpgradeCommand: Hashable, Sendable, Codable {
    /// Start tracking a deployment as it is now (no upgrade starts).
    case register(TemplateDeployment, at: TemplateInstant)
    /// Replace the declared upgrade paths (a ClusterTemplateChain changed); `nil` removes them.
    case declareUpgradePaths([TemplateUpgradePath]?, at: TemplateInstant)
    /// Point the deployment at a template and variables; a real change starts an upgrade.
    case changeDeployment(TemplateDeploymentChange)
    /// Fold one observed watch event into the deployment's view of Cluster API.
    case observe(CAPIWatchEvent, at: TemplateInstant)
    /// Let time pass: checks the no-progress deadline.
    case tick(now: TemplateInstant)
}

/// A requested change of a deployment's template name and/or template variables.
public struct TemplateDeploymentChange: Hashable, Sendable, Codable {
    /// Id for the upgrade this change would start (ids are inputs, never generated here).
    public var upgradeId: String
    /// The template to point at (unchanged when only variables change).
    public var template: String
    /// The complete new template variables.
    public var variables: TemplateValue
    /// The Kubernetes version the target template installs (k0rdent ClusterTemplate
    /// `status.k8sVersion`), when known; used to judge v1beta1 machines up to date.
    public var targetKubernetesVersion: String?
    /// When the change was requested.
    public var at: TemplateInstant

    /// Creates a change request.
    public init(
        upgradeId: String, template: String, variables: TemplateValue,
        targetKubernetesVersion: String? = nil, at: TemplateInstant
    ) {
        self.upgradeId = upgradeId
        self.template = template
        self.variables = variables
        self.targetKubernetesVersion = targetKubernetesVersion
        self.at = at
    }
}
