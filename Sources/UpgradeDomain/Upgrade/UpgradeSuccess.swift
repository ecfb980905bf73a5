/// An upgrade that finished on every node.
public struct UpgradeSuccess: Sendable, Hashable, Codable {
    /// The upgrade.
    public var upgrade: Int
    /// The profile version the cluster now runs.
    public var target: ProfileReference
    /// Packs this version dropped that now stay on the cluster as orphaned resources (sorted).
    public var newlyOrphanedPacks: [String]
    /// When.
    public var at: Timestamp

    /// Creates the record.
    public init(upgrade: Int, target: ProfileReference, newlyOrphanedPacks: [String], at: Timestamp) {
        self.upgrade = upgrade
        self.target = target
        self.newlyOrphanedPacks = newlyOrphanedPacks
        self.at = at
    }
}
