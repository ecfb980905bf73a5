/// The start of an upgrade: what changed, from what to what, and what existed before.
public struct TemplateUpgradeStart: Hashable, Sendable, Codable {
    /// The upgrade's id (from the command).
    public var upgradeId: String
    /// Template before the change.
    public var fromTemplate: String
    /// Template after the change.
    public var toTemplate: String
    /// Variables before the change.
    public var fromVariables: TemplateValue
    /// Variables after the change.
    public var toVariables: TemplateValue
    /// True when the template name changed.
    public var templateChanged: Bool
    /// True when the variables changed (structurally).
    public var variablesChanged: Bool
    /// Kubernetes version of the target template, when known.
    public var targetKubernetesVersion: String?
    /// UIDs of the Machines observed when the upgrade started, sorted.
    public var baselineMachineUIDs: [String]
    /// `metadata.generation` of each control plane and MachineDeployment observed when the
    /// upgrade started, by uid (those that reported one). An owner has taken the change once its
    /// generation is past this one. `nil` in upgrades recorded before it was kept: folding
    /// fills it from the objects observed before the start, which is what was recorded then.
    public var baselineOwnerGenerations: [String: Int]?
    /// When the upgrade started.
    public var at: TemplateInstant

    /// Creates a start record.
    public init(
        upgradeId: String, fromTemplate: String, toTemplate: String, fromVariables: TemplateValue,
        toVariables: TemplateValue, targetKubernetesVersion: String?, baselineMachineUIDs: [String],
        baselineOwnerGenerations: [String: Int]? = nil, at: TemplateInstant
    ) {
        self.upgradeId = upgradeId
        self.fromTemplate = fromTemplate
        self.toTemplate = toTemplate
        self.fromVariables = fromVariables
        self.toVariables = toVariables
        self.templateChanged = fromTemplate != toTemplate
        self.variablesChanged = fromVariables != toVariables
        self.targetKubernetesVersion = targetKubernetesVersion
        self.baselineMachineUIDs = baselineMachineUIDs.sorted()
        self.baselineOwnerGenerations = baselineOwnerGenerations
        self.at = at
    }
}
