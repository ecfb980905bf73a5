import UpgradeDomain

/// The rollout's record that clusters were assigned a profile change (stream `rollout/assignments`).
/// A cluster's own stream shows a change only once it started; this keeps the intent for those
/// that waited, so a re-run under another policy knows every cluster that was to be upgraded.
public struct ClustersAssigned: Codable, Sendable, Hashable {
    public static let typeName = "ClustersAssigned"
    public static let stream = "rollout/assignments"

    public struct Group: Codable, Sendable, Hashable {
        public var change: ProfileChange
        public var clusters: [String]
    }

    public var target: ProfileReference
    /// Clusters grouped by the change they get (clusters on different versions get different changes).
    public var changes: [Group]

    mutating func add(_ cluster: String, _ change: ProfileChange) {
        if let index = changes.firstIndex(where: { $0.change == change }) {
            changes[index].clusters.append(cluster)
        } else {
            changes.append(Group(change: change, clusters: [cluster]))
        }
    }
}
