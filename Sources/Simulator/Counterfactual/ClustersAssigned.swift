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

    /// A cluster whose class named its wave, and that wave: a re-run keeps it there.
    public struct Pin: Codable, Sendable, Hashable {
        public var cluster: String
        public var wave: String
    }

    public var target: ProfileReference
    /// Clusters grouped by the change they get (clusters on different versions get different changes).
    public var changes: [Group]
    /// Clusters pinned to a wave by their class, in assignment order; absent when none is
    /// (and in stores written before pins were recorded).
    public var pinned: [Pin]?

    public init(target: ProfileReference, changes: [Group], pinned: [Pin]? = nil) {
        self.target = target
        self.changes = changes
        self.pinned = pinned
    }

    mutating func pin(_ cluster: String, to wave: String) {
        pinned = (pinned ?? []) + [Pin(cluster: cluster, wave: wave)]
    }

    mutating func add(_ cluster: String, _ change: ProfileChange) {
        if let index = changes.firstIndex(where: { $0.change == change }) {
            changes[index].clusters.append(cluster)
        } else {
            changes.append(Group(change: change, clusters: [cluster]))
        }
    }
}
