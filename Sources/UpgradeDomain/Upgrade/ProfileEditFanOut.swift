/// Editing a published profile version in place affects every cluster running it.
///
/// Pure fan-out: the shell supplies the clusters and, per cluster, the classified change (clusters
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

    /// Every cluster (any kind) that runs exactly `edited`, sorted by id.
    public static func affectedClusters(byEditOf edited: ProfileReference, in clusters: [Cluster]) -> [Cluster] {
        clusters.filter { $0.profile == edited }.sorted { $0.id < $1.id }
    }

    /// The `changeProfile` command for each affected edge cluster, sorted by cluster id.
    /// Template-based clusters are left to their own engine; `classify` returning `nil` skips a cluster.
    public static func commands(
        forEditOf edited: ProfileReference,
        in clusters: [Cluster],
        at: Timestamp,
        classify: (Cluster) -> ProfileChange?
    ) -> [Entry] {
        affectedClusters(byEditOf: edited, in: clusters)
            .filter { $0.kind == .edge }
            .compactMap { cluster in
                classify(cluster).map { Entry(cluster: cluster.id, command: .changeProfile($0, at: at)) }
            }
    }
}
