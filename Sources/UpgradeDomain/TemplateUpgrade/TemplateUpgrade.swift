/// The record of one upgrade of a deployment: how it started and where it stands.
public struct TemplateUpgrade: Hashable, Sendable, Codable {
    /// Where an upgrade ended, if it did.
    public enum Outcome: Hashable, Sendable, Codable {
        case inProgress
        case succeeded(TemplateUpgradeCompletion)
        private enum SucceededCodingKeys: String, CodingKey { case _0 = "completion" }
        case failed(TemplateUpgradeFailure)
        private enum FailedCodingKeys: String, CodingKey { case _0 = "failure" }
    }

    /// How it started.
    public var start: TemplateUpgradeStart
    /// The latest machines-updated-out-of-total count.
    public var progress: TemplateUpgradeProgress
    /// When the rollout last advanced (starts at the upgrade's start).
    public var lastProgressAt: TemplateInstant
    /// True once Cluster API was seen rolling machines for this upgrade.
    public var rolloutObserved: Bool
    /// Warnings raised for this upgrade, in order.
    public var warnings: [TemplateUpgradeWarning]
    /// In progress, succeeded or failed.
    public var outcome: Outcome
    /// The telemetry recorded on success, once.
    public var telemetry: TemplateUpgradeTelemetry?

    /// The upgrade's id.
    public var id: String { start.upgradeId }

    /// True while the upgrade has neither succeeded nor failed.
    public var isInProgress: Bool { outcome == .inProgress }

    /// Creates the record of an upgrade that has just started.
    init(start: TemplateUpgradeStart) {
        self.start = start
        self.progress = TemplateUpgradeProgress(
            upgradeId: start.upgradeId, machinesUpdated: 0,
            machinesTotal: start.baselineMachineUIDs.count, at: start.at)
        self.lastProgressAt = start.at
        self.rolloutObserved = false
        self.warnings = []
        self.outcome = .inProgress
        self.telemetry = nil
    }

    /// True when a warning of `kind` was already raised.
    func hasWarning(_ kind: TemplateUpgradeWarning.Kind) -> Bool {
        warnings.contains { $0.kind == kind }
    }
}
