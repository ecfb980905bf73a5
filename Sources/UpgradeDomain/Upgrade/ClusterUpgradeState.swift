/// Everything the decider knows about one edge cluster, rebuilt by folding its events.
public struct ClusterUpgradeState: Sendable, Hashable, Codable {
    /// The cluster as last known; `nil` until registered.
    public var cluster: Cluster?
    /// Step deadlines and retries.
    public var policy: UpgradePolicy
    /// The upgrade under way, if any.
    public var active: ActiveUpgrade?
    /// A profile change waiting for the current upgrade to end.
    public var queued: ProfileChange?
    /// How the most recent upgrade ended.
    public var lastOutcome: UpgradeOutcome?
    /// The last upgrade that failed, until an upgrade after it has worked on the nodes (ADR 0024):
    /// one that ends having begun (`ActiveUpgrade.hasBegun`) takes its place, and one that fails
    /// puts its own failure here. One that ends without a step requested (cancelled while held after
    /// the failure, or succeeding with nothing for the nodes to do) changed nothing the failure left,
    /// so the failure stays. While an upgrade has begun, the failure is behind it (see the view).
    public var lastFailure: UpgradeFailure?
    /// Upgrades accepted so far; the next one gets this number plus one.
    public var upgradesAccepted: Int
    /// Idempotency keys of node reports already handled, for this upgrade and the one before.
    public var reportKeys: ReportKeys

    /// Creates a state.
    public init(
        cluster: Cluster? = nil, policy: UpgradePolicy = .standard, active: ActiveUpgrade? = nil,
        queued: ProfileChange? = nil, lastOutcome: UpgradeOutcome? = nil, lastFailure: UpgradeFailure? = nil,
        upgradesAccepted: Int = 0, reportKeys: ReportKeys = ReportKeys()
    ) {
        self.cluster = cluster
        self.policy = policy
        self.active = active
        self.queued = queued
        self.lastOutcome = lastOutcome
        self.lastFailure = lastFailure
        self.upgradesAccepted = upgradesAccepted
        self.reportKeys = reportKeys
    }

    /// Whether the cluster is registered (read without copying the cluster out).
    var isRegistered: Bool { cluster?.kind != nil }

    /// Whether an upgrade is under way (read without copying the upgrade out).
    var hasActiveUpgrade: Bool { active?.accepted.upgrade != nil }

    /// Whether a report with idempotency `key`, naming `upgrade` (if it does), repeats one already
    /// handled. A report that names the upgrade under way repeats only a report of that upgrade: a
    /// key the upgrade before used, sent again for this one, is an agent reusing its keys (say, one
    /// per node, step and try), not a retry, and is decided like any new report.
    public func isRepeatedReport(key: String, upgrade: Int?) -> Bool {
        if let upgrade, let current = active?.accepted.upgrade, upgrade == current {
            return reportKeys.containsCurrent(key)
        }
        return reportKeys.contains(key)
    }

    /// Before anything happened.
    public static let initial = ClusterUpgradeState()

    /// Steps currently requested from agents, in plan order (control plane first).
    public var requestedNodeActions: [NodeActionRequest] {
        active?.requestedNodeActions ?? []
    }

    /// Nodes the last upgrade left cordoned when it failed or was cancelled (sorted); the next
    /// upgrade uncordons them. While an upgrade runs, its own record is in `active`.
    public var nodesLeftCordoned: [NodeID] { leftByLastEnd(\.cordonedNodes, \.cordonedNodes) }

    /// Nodes the last upgrade removed from the cluster without a replacement when it failed or was
    /// cancelled (sorted); the next upgrade replaces them first. While an upgrade runs, its own
    /// record is in `active`.
    public var nodesLeftRemoved: [NodeID] { leftByLastEnd(\.removedNodes, \.removedNodes) }

    /// Nodes the last upgrade, failed or cancelled, left with a surged replacement up beside them
    /// (sorted): a machine more than desired each, on a spare host. The next upgrade removes the
    /// node first (the replacement keeps its id). While an upgrade runs, its own record is in `active`.
    public var nodesLeftWithReplacement: [NodeID] { leftByLastEnd(\.replacementsLeft, \.replacementsLeft) }

    /// Nodes whose removal the last upgrade, failed or cancelled, requested and never had answered
    /// (sorted): in the cluster or out of it, nobody knows. The next upgrade asks for the removal
    /// again first. While an upgrade runs, its own record is in `active`.
    public var nodesLeftRemovalUnknown: [NodeID] { leftByLastEnd(\.removalsUnknown, \.removalsUnknown) }

    /// Nodes whose replacement the last upgrade, failed or cancelled, requested and never had
    /// answered (sorted): a machine may have come up for each since. The next upgrade asks for the
    /// replacement again first. While an upgrade runs, its own record is in `active`.
    public var nodesLeftReplacementUnknown: [NodeID] { leftByLastEnd(\.replacementsUnknown, \.replacementsUnknown) }

    /// One list of nodes the last upgrade left behind, if it failed or was cancelled.
    private func leftByLastEnd(_ failed: KeyPath<UpgradeFailure, [NodeID]>, _ cancelled: KeyPath<UpgradeCancellation, [NodeID]>) -> [NodeID] {
        switch lastOutcome {
        case .failed(let failure): failure[keyPath: failed]
        case .cancelled(let cancellation): cancellation[keyPath: cancelled]
        case .succeeded, .none: []
        }
    }

    /// Packs left on the cluster by profile versions that dropped them (sorted).
    public var orphanedPacks: [String] { cluster?.orphanedPacks ?? [] }

    /// The operator's view: approval first, then pause, then deferral, then progress.
    public var status: UpgradeStatus {
        if let active {
            if case .pending(let since) = active.approval {
                return .awaitingApproval(upgrade: active.number, since: since)
            }
            if let paused = active.paused { return .paused(upgrade: active.number, by: paused) }
            if let since = active.deferredSince {
                return .deferred(upgrade: active.number, reason: .kubernetesServiceDown, since: since)
            }
            return .inProgress(upgrade: active.number, current: active.requestedNodeActions)
        }
        switch lastOutcome {
        case .none: return .idle
        case .succeeded(let success): return .succeeded(success)
        case .failed(let failure): return .failed(failure)
        case .cancelled(let cancellation): return .cancelled(cancellation)
        }
    }
}
