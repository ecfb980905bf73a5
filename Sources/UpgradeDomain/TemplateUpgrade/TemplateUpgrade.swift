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
    /// Of the time since `lastProgressAt`, the milliseconds in ended spans during which the
    /// watched Cluster's `RemoteConnectionProbe` was False: not counted against the no-progress
    /// deadline (ADR 0028).
    public var probeFailedMilliseconds: Int64
    /// Since when the watched Cluster's `RemoteConnectionProbe` has been False (never before
    /// `lastProgressAt`), while it is; nil while the probe succeeds or is not reported. The
    /// no-progress clock is held meanwhile.
    public var probeFailingSince: TemplateInstant?
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
        self.probeFailedMilliseconds = 0
        self.probeFailingSince = nil
        self.rolloutObserved = false
        self.warnings = []
        self.outcome = .inProgress
        self.telemetry = nil
    }

    /// How long the rollout has gone without progress at `now`, by the no-progress clock: the
    /// time since `lastProgressAt` less the time the Cluster's `RemoteConnectionProbe` was False.
    public func noProgressMilliseconds(at now: TemplateInstant) -> Int64 {
        let clockStopped = probeFailingSince.map { min($0, now) } ?? now
        return clockStopped.milliseconds(since: lastProgressAt).saturatingSubtracting(probeFailedMilliseconds)
    }

    /// When a deadline of `milliseconds` without progress passes if nothing more is observed;
    /// nil while the Cluster's probe fails, since the clock is held until it succeeds again.
    public func noProgressDeadline(milliseconds: Int64) -> TemplateInstant? {
        guard probeFailingSince == nil else { return nil }
        return lastProgressAt.adding(milliseconds: probeFailedMilliseconds).adding(milliseconds: milliseconds)
    }

    /// The rollout advanced at `at`: the no-progress clock starts again from there, held from
    /// there on if the probe is still failing.
    mutating func advanced(at: TemplateInstant) {
        lastProgressAt = at
        probeFailedMilliseconds = 0
        if probeFailingSince != nil { probeFailingSince = at }
    }

    /// The watched Cluster's `RemoteConnectionProbe` was seen failing (or not) at `at`: the
    /// no-progress clock stops when it starts failing and goes on when it stops.
    mutating func probe(failing: Bool, at: TemplateInstant) {
        switch (probeFailingSince, failing) {
        case (nil, true):
            probeFailingSince = max(at, lastProgressAt)
        case (let since?, false):
            probeFailedMilliseconds = probeFailedMilliseconds.saturatingAdding(max(0, at.milliseconds(since: since)))
            probeFailingSince = nil
        default:
            break
        }
    }

    /// True when a warning of `kind` was already raised.
    func hasWarning(_ kind: TemplateUpgradeWarning.Kind) -> Bool {
        warnings.contains { $0.kind == kind }
    }
}
