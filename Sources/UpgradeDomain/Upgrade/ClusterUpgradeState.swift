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
    /// Upgrades accepted so far; the next one gets this number plus one.
    public var upgradesAccepted: Int
    /// Idempotency keys of node reports already handled, for this upgrade and the one before.
    public var reportKeys: ReportKeys

    /// Creates a state.
    public init(
        cluster: Cluster? = nil, policy: UpgradePolicy = .standard, active: ActiveUpgrade? = nil,
        queued: ProfileChange? = nil, lastOutcome: UpgradeOutcome? = nil, upgradesAccepted: Int = 0,
        reportKeys: ReportKeys = ReportKeys()
    ) {
        self.cluster = cluster
        self.policy = policy
        self.active = active
        self.queued = queued
        self.lastOutcome = lastOutcome
        self.upgradesAccepted = upgradesAccepted
        self.reportKeys = reportKeys
    }

    private enum CodingKeys: String, CodingKey {
        case cluster, policy, active, queued, lastOutcome, upgradesAccepted, reportKeys, earlierReportKeys
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cluster = try container.decodeIfPresent(Cluster.self, forKey: .cluster)
        policy = try container.decode(UpgradePolicy.self, forKey: .policy)
        active = try container.decodeIfPresent(ActiveUpgrade.self, forKey: .active)
        queued = try container.decodeIfPresent(ProfileChange.self, forKey: .queued)
        lastOutcome = try container.decodeIfPresent(UpgradeOutcome.self, forKey: .lastOutcome)
        upgradesAccepted = try container.decode(Int.self, forKey: .upgradesAccepted)
        reportKeys = ReportKeys(current: try container.decode(Set<String>.self, forKey: .reportKeys),
                                previous: try container.decode(Set<String>.self, forKey: .earlierReportKeys))
    }

    /// Encodes report keys sorted so the same state always gives the same bytes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(cluster, forKey: .cluster)
        try container.encode(policy, forKey: .policy)
        try container.encodeIfPresent(active, forKey: .active)
        try container.encodeIfPresent(queued, forKey: .queued)
        try container.encodeIfPresent(lastOutcome, forKey: .lastOutcome)
        try container.encode(upgradesAccepted, forKey: .upgradesAccepted)
        try container.encode(reportKeys.current.sorted(), forKey: .reportKeys)
        try container.encode(reportKeys.previous.sorted(), forKey: .earlierReportKeys)
    }

    /// Whether the cluster is registered (read without copying the cluster out).
    var isRegistered: Bool { cluster?.kind != nil }

    /// Whether an upgrade is under way (read without copying the upgrade out).
    var hasActiveUpgrade: Bool { active?.accepted.upgrade != nil }

    /// Before anything happened.
    public static let initial = ClusterUpgradeState()

    /// Steps currently requested from agents, in plan order (control plane first).
    public var requestedNodeActions: [NodeActionRequest] {
        active?.requestedNodeActions ?? []
    }

    /// Nodes the last upgrade left cordoned when it failed or was cancelled (sorted); the next
    /// upgrade uncordons them. While an upgrade runs, its own record is in `active`.
    public var nodesLeftCordoned: [NodeID] {
        switch lastOutcome {
        case .failed(let failure): failure.cordonedNodes
        case .cancelled(let cancellation): cancellation.cordonedNodes
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
