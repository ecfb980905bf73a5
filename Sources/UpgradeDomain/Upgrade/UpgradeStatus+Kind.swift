extension UpgradeStatus {
    /// Which status, without its details: what a fleet is counted by. The raw values are the
    /// names the API and the metrics show.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case idle
        case awaitingApproval = "awaiting-approval"
        case deferred
        case inProgress = "in-progress"
        case paused
        case succeeded
        case failed
        case cancelled
    }

    public var kind: Kind {
        switch self {
        case .idle: .idle
        case .awaitingApproval: .awaitingApproval
        case .deferred: .deferred
        case .inProgress: .inProgress
        case .paused: .paused
        case .succeeded: .succeeded
        case .failed: .failed
        case .cancelled: .cancelled
        }
    }
}

extension ClusterUpgradeState {
    /// `status.kind`, read without building the status (which lists the requested steps): the
    /// same precedence as `status`.
    public var statusKind: UpgradeStatus.Kind {
        if let active {
            if case .pending = active.approval { return .awaitingApproval }
            if active.paused != nil { return .paused }
            if active.deferredSince != nil { return .deferred }
            return .inProgress
        }
        switch lastOutcome {
        case .none: return .idle
        case .succeeded: return .succeeded
        case .failed: return .failed
        case .cancelled: return .cancelled
        }
    }
}
