/// Editing a published profile version in place affects every cluster running it, or heading to it.
///
/// Pure fan-out: the shell supplies the clusters' states and, per cluster, the classified change (clusters
/// may carry overrides, so the classifier runs per cluster); this returns, sorted by cluster id,
/// the command each edge cluster's decider should receive.
public enum ProfileEditFanOut {
    /// One cluster's share of a fan-out.
    public struct Entry: Sendable, Hashable {
        /// The affected cluster.
        public var cluster: ClusterID
        /// The command for that cluster's decider.
        public var command: UpgradeCommand
    }

    /// The version a cluster ends on once what is under way and what is queued are done: the
    /// queued change's target, else the running upgrade's, else the version it runs. An edit of the
    /// version a cluster is leaving does not call it back; an edit of the one it is heading to
    /// reaches it (queued behind the upgrade under way).
    public static func destination(of state: ClusterUpgradeState) -> ProfileReference? {
        state.queued?.target ?? state.active?.accepted.change.target ?? state.cluster?.profile
    }

    /// Every registered cluster (any kind) whose destination is exactly `edited`, sorted by id.
    public static func affectedClusters(byEditOf edited: ProfileReference, in states: [ClusterUpgradeState]) -> [Cluster] {
        states.filter { destination(of: $0) == edited }.compactMap(\.cluster).sorted { $0.id < $1.id }
    }

    /// Whether a cluster still awaits an edit of `edited` that it was not told of: `destinations`
    /// are its destination when the edit was stored, then after each event recorded since. It
    /// awaits the edit only when it was heading to the version then and has been ever since: one
    /// that arrived later was assessed against the edited content, one that left is not called back.
    public static func awaits(editOf edited: ProfileReference, destinations: [ProfileReference?]) -> Bool {
        !destinations.isEmpty && destinations.allSatisfy { $0 == edited }
    }

    /// The `changeProfile` command for each affected edge cluster, sorted by cluster id.
    /// Template-based clusters are left to their own engine; `classify` returning `nil` skips a cluster.
    public static func commands(
        forEditOf edited: ProfileReference,
        in states: [ClusterUpgradeState],
        at: Timestamp,
        classify: (Cluster) -> ProfileChange?
    ) -> [Entry] {
        affectedClusters(byEditOf: edited, in: states)
            .filter { $0.kind == .edge }
            .compactMap { cluster in
                classify(cluster).map { Entry(cluster: cluster.id, command: .changeProfile($0, at: at)) }
            }
    }
}
