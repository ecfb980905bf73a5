/// What happened to a template-based deployment. Past tense; `evolve` folds them into state.
public enum TemplateUpgradeEvent: Hashable, Sendable, Codable {
    /// The deployment is now tracked, as described.
    case deploymentRegistered(TemplateDeployment, at: TemplateInstant)
    /// The declared upgrade paths were replaced.
    case upgradePathsDeclared([TemplateUpgradePath]?, at: TemplateInstant)
    /// A command was refused; nothing else changed. Carries the reason, for the operator.
    case commandRefused(TemplateUpgradeRefusal)
    /// The deployment now points at a new template and/or variables: Upgrade in Progress.
    case upgradeStarted(TemplateUpgradeStart)
    /// A risk the operator should see, raised at most once per kind per upgrade.
    case upgradeWarned(TemplateUpgradeWarning)
    /// A new (not duplicate) observation of an object of this deployment's cluster.
    case objectObserved(CAPIWatchEvent, at: TemplateInstant)
    /// Cluster API began rolling machines for the upgrade (first evidence of change).
    case rolloutDetected(upgradeId: String, at: TemplateInstant)
    /// The rollout moved forward; carries machines updated out of total.
    case upgradeProgressed(TemplateUpgradeProgress)
    /// Every machine is up to date and ready and the cluster is available: Upgrade successful.
    case upgradeSucceeded(TemplateUpgradeCompletion)
    /// The upgrade failed: which object, which condition or phase, reason, message, when.
    case upgradeFailed(TemplateUpgradeFailure)
    /// The completion telemetry event (once per successful upgrade).
    case telemetryRecorded(TemplateUpgradeTelemetry)
}

/// How far a rollout is: machines up to date and ready, out of the total expected.
public struct TemplateUpgradeProgress: Hashable, Sendable, Codable {
    /// The upgrade this progress belongs to.
    public var upgradeId: String
    /// Machines that are up to date for the target and ready.
    public var machinesUpdated: Int
    /// The larger of live machines and the sum of `spec.replicas` of the control plane and
    /// MachineDeployments (so a surge shows as 3 of 4 until the old machine is gone).
    public var machinesTotal: Int
    /// True when the rollout moved forward (this resets the no-progress deadline); false when
    /// only the counts changed (e.g. a machine turned not ready).
    public var advanced: Bool
    /// When this was observed.
    public var at: TemplateInstant

    /// Creates a progress record.
    public init(upgradeId: String, machinesUpdated: Int, machinesTotal: Int, advanced: Bool = true, at: TemplateInstant) {
        self.upgradeId = upgradeId
        self.machinesUpdated = machinesUpdated
        self.machinesTotal = machinesTotal
        self.advanced = advanced
        self.at = at
    }
}

/// A successful end of an upgrade.
public struct TemplateUpgradeCompletion: Hashable, Sendable, Codable {
    /// The upgrade that succeeded.
    public var upgradeId: String
    /// The final count (all machines updated).
    public var machinesUpdated: Int
    /// The final total.
    public var machinesTotal: Int
    /// True when no machine rollout was ever seen and the deadline passed with everything
    /// up to date: the change needed no machine replacement. (An upgrade that rolled some
    /// owners' machines and settled at the deadline because the others never took the change
    /// has this false.)
    public var settledWithoutRollout: Bool
    /// When it was recognised.
    public var at: TemplateInstant

    /// Creates a completion record.
    public init(upgradeId: String, machinesUpdated: Int, machinesTotal: Int, settledWithoutRollout: Bool, at: TemplateInstant) {
        self.upgradeId = upgradeId
        self.machinesUpdated = machinesUpdated
        self.machinesTotal = machinesTotal
        self.settledWithoutRollout = settledWithoutRollout
        self.at = at
    }
}

/// The completion telemetry: exactly the three fields the product asks for.
public struct TemplateUpgradeTelemetry: Hashable, Sendable, Codable {
    /// `cluster_id`.
    public var clusterId: String
    /// `target_infrastructure`.
    public var targetInfrastructure: String
    /// `template`: the new template name.
    public var template: String

    /// Creates a telemetry record.
    public init(clusterId: String, targetInfrastructure: String, template: String) {
        self.clusterId = clusterId
        self.targetInfrastructure = targetInfrastructure
        self.template = template
    }

    /// The fields as sent, with their wire names, sorted by name.
    public var fields: [(name: String, value: String)] {
        [("cluster_id", clusterId), ("target_infrastructure", targetInfrastructure), ("template", template)]
    }
}

/// A warning attached to an upgrade.
public struct TemplateUpgradeWarning: Hashable, Sendable, Codable {
    /// The kinds of warning.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// The control plane has one replica: etcd can lose quorum during the rollout.
        case singleNodeControlPlane
    }

    /// The upgrade warned about.
    public var upgradeId: String
    /// Which warning.
    public var kind: Kind
    /// Human-readable explanation.
    public var message: String
    /// When it was raised.
    public var at: TemplateInstant

    /// Creates a warning.
    public init(upgradeId: String, kind: Kind, message: String, at: TemplateInstant) {
        self.upgradeId = upgradeId
        self.kind = kind
        self.message = message
        self.at = at
    }
}
