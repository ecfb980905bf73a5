import UpgradeDomain

/// Worker-pool rollout budgets to try instead of the recorded ones ("had maxUnavailable been 2").
public struct BudgetOverride: Sendable {
    public var maxUnavailable: RolloutValue?
    public var maxSurge: RolloutValue?

    public init(maxUnavailable: RolloutValue?, maxSurge: RolloutValue?) {
        self.maxUnavailable = maxUnavailable
        self.maxSurge = maxSurge
    }

    /// The cluster with its worker pools' budgets replaced (control planes keep theirs).
    func apply(to cluster: Cluster) -> Cluster {
        var changed = cluster
        for index in changed.pools.indices where changed.pools[index].role == .worker {
            if let maxUnavailable { changed.pools[index].rollout.maxUnavailable = maxUnavailable }
            if let maxSurge { changed.pools[index].rollout.maxSurge = maxSurge }
        }
        return changed
    }
}
