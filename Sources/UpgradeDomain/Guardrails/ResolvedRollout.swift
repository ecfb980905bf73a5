/// A rolling budget turned into node counts for one pool size.
public struct ResolvedRollout: Sendable, Hashable, Codable {
    /// Extra nodes allowed above the desired count.
    public var maxSurge: Int
    /// Nodes allowed to be unavailable below the desired count.
    public var maxUnavailable: Int
    /// True when both bounds resolved to 0 and unavailable was raised to 1 so the rollout can move.
    public var unavailableRaisedToOne: Bool

    /// Creates a resolved budget.
    public init(maxSurge: Int, maxUnavailable: Int, unavailableRaisedToOne: Bool = false) {
        self.maxSurge = maxSurge
        self.maxUnavailable = maxUnavailable
        self.unavailableRaisedToOne = unavailableRaisedToOne
    }
}
